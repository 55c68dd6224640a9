from datetime import timedelta
from decimal import Decimal

import pytest

from apps.core.dates import org_today
from apps.credentials import services
from apps.supervision.models import Agreement
from apps.supervision.services import session_record
from tests.competencies.factories import TrainingRecordFactory
from tests.factories import AgreementFactory


@pytest.fixture
def today(org):
    return org_today(org)


@pytest.fixture
def hours_world(everyone, today):
    """Pat's hours: two sessions with Sam (one a group session also covering Robin, and a second
    agreement of Pat's under it: it counts once), training with and without hours, practice logged."""
    peer, peer2, supervisor = everyone["peer"], everyone["peer2"], everyone["supervisor"]
    pats = Agreement.objects.get(supervisee=peer, supervisor=supervisor)
    robins = AgreementFactory(supervisee=peer2, supervisor=supervisor, starts_on=today - timedelta(days=60))
    pats_line = AgreementFactory(
        supervisee=peer, supervisor=supervisor, kind=Agreement.Kind.LINE, starts_on=today - timedelta(days=60)
    )
    one = session_record(
        actor=supervisor,
        agreements=[pats],
        held_on=today - timedelta(days=3),
        duration_minutes=90,
        functions=["formative"],
    )
    group = session_record(
        actor=supervisor,
        agreements=[pats, robins, pats_line],
        held_on=today - timedelta(days=40),
        duration_minutes=60,
        functions=["restorative"],
        topics="QXtopicsneverinhours",
    )
    TrainingRecordFactory(worker=peer, course="Ethics", completed_on=today - timedelta(days=5), hours=Decimal("16"))
    TrainingRecordFactory(worker=peer, course="Old", completed_on=today - timedelta(days=800), hours=Decimal("30"))
    TrainingRecordFactory(worker=peer, course="No hours", completed_on=today - timedelta(days=5))
    TrainingRecordFactory(worker=peer2, course="Robin's", completed_on=today - timedelta(days=5), hours=Decimal("99"))
    for days, hours, category in [(1, "3", "direct_peer_support"), (2, "1.5", "group_work"), (50, "2", "other")]:
        services.practice_entry_create(
            actor=peer,
            worked_on=today - timedelta(days=days),
            hours=Decimal(hours),
            category=category,
            note="QXnoteneverinhours",
        )
    services.practice_entry_create(
        actor=peer2, worked_on=today - timedelta(days=1), hours=Decimal("8"), category="direct_peer_support"
    )
    return {"one": one, "group": group}
