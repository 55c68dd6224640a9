"""The portfolio's world: Pat (peer) with a private and a shared reflection, a held session with
Sam (supervisor), a training record; the shipped pspteam framework."""

from datetime import timedelta

import pytest

from apps.competencies.models import Competency, Framework
from apps.core.dates import org_today
from apps.reflections.models import Reflection
from apps.supervision import services as supervision_services
from apps.supervision.models import Agreement
from tests.competencies.factories import TrainingRecordFactory
from tests.reflections.factories import ReflectionFactory


@pytest.fixture
def framework(db):
    return Framework.objects.get(organisation__isnull=True, slug="pspteam-peer-practice")


@pytest.fixture
def samhsa(db):
    return Framework.objects.get(organisation__isnull=True, slug="samhsa-peer-core-competencies")


@pytest.fixture
def le1(framework):
    return Competency.objects.get(framework=framework, code="LE1")


@pytest.fixture
def mr1(framework):
    return Competency.objects.get(framework=framework, code="MR1")


@pytest.fixture
def private_reflection(peer):
    return ReflectionFactory(author=peer, title="Private: a hard week", visibility=Reflection.Visibility.PRIVATE)


@pytest.fixture
def shared_reflection(peer):
    return ReflectionFactory(author=peer, title="Shared: hope in the team", visibility=Reflection.Visibility.SUPERVISOR)


@pytest.fixture
def session(peer, supervisor):
    agreement = Agreement.objects.get(supervisee=peer, supervisor=supervisor)
    return supervision_services.session_record(
        actor=supervisor,
        agreements=[agreement],
        held_on=org_today(peer.organisation) - timedelta(days=5),
        duration_minutes=60,
        functions=["formative"],
        topics="Invented topic: pacing self-disclosure.",
    )


@pytest.fixture
def training(peer):
    return TrainingRecordFactory(worker=peer, course="Peer support foundations")
