"""The data migration that names readers of existing shares (issue 13): the author's current
supervisors under active peer and clinical agreements — never line management, never an
ended or future agreement."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db.models import Q

from apps.core.dates import org_today
from apps.reflections.models import Reflection
from apps.supervision.models import Agreement
from tests.boundaries.factories import BoundaryNoteFactory
from tests.factories import AgreementFactory, UserFactory
from tests.reflections.factories import ReflectionFactory
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def migration(app, name):
    return importlib.import_module(f"apps.{app}.migrations.{name}")


def test_existing_shares_name_peer_and_clinical_supervisors_only(org):
    today = org_today(org)
    author = UserFactory(organisation=org)
    people = {
        key: UserFactory(organisation=org, display_name=key) for key in ("peer", "clinical", "line", "ended", "future")
    }
    for key, kind in (("peer", "peer"), ("clinical", "clinical"), ("line", "line"), ("ended", "peer")):
        AgreementFactory(supervisee=author, supervisor=people[key], kind=kind, starts_on=today - timedelta(days=90))
    Agreement.objects.filter(supervisor=people["ended"]).update(ends_on=today - timedelta(days=1))
    AgreementFactory(supervisee=author, supervisor=people["future"], kind="peer", starts_on=today + timedelta(days=3))
    shared = ReflectionFactory(author=author, visibility=Reflection.Visibility.SUPERVISOR, readers=[])
    private = ReflectionFactory(author=author, readers=[])
    note = BoundaryNoteFactory(author=author, readers=[])
    check_in = CheckInFactory(author=author, share_with_supervisor=True, readers=[])
    unshared_check_in = CheckInFactory(author=author, readers=[])

    migration("reflections", "0003_named_readers").forwards(apps, None)
    migration("boundaries", "0002_named_readers").forwards(apps, None)
    migration("wellbeing", "0002_named_readers").forwards(apps, None)

    expected = {people["peer"].pk, people["clinical"].pk}
    for entry in (shared, note, check_in):
        assert set(entry.readers.values_list("pk", flat=True)) == expected, entry
    for entry in (private, unshared_check_in):
        assert not entry.readers.exists()
    # Running it again changes nothing (ignore_conflicts).
    migration("reflections", "0003_named_readers").name_readers(
        apps, "Reflection", "reflections", Q(visibility="supervisor")
    )
    assert shared.readers.count() == 2
