"""Uploaded HR files do not stay forever (IMPORT_RETENTION_DAYS, enforced by the daily retention task)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.tasks import enforce_retention
from apps.imports.models import ImportRun
from apps.imports.retention import import_files_retention_run

pytestmark = pytest.mark.django_db


def _run(org, admin, status, *, days_ago, **fields):
    run = ImportRun.objects.create(
        organisation=org,
        created_by=admin,
        kind="people",
        file_name="esr.csv",
        content=b"Employee Number,Email\nE1,pat@northfield.example\n",
        results=[{"row": 2, "key": "E1", "action": "create", "changes": ["pat@northfield.example"], "errors": []}],
        counts={"create": 1},
        row_count=1,
        status=status,
        **fields,
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return run


def test_old_unapplied_files_are_deleted_and_applied_ones_keep_only_their_counts(org, admin, settings):
    settings.IMPORT_RETENTION_DAYS = 14
    checked_long_ago = _run(org, admin, ImportRun.Status.CHECKED, days_ago=15)
    uploaded_long_ago = _run(org, admin, ImportRun.Status.UPLOADED, days_ago=30)
    applied_long_ago = _run(org, admin, ImportRun.Status.APPLIED, days_ago=15, applied_at=timezone.now())
    busy = _run(org, admin, ImportRun.Status.APPLYING, days_ago=15)
    recent = _run(org, admin, ImportRun.Status.CHECKED, days_ago=13)

    assert enforce_retention()["import_files"] == 3

    assert set(ImportRun.objects.values_list("pk", flat=True)) == {applied_long_ago.pk, busy.pk, recent.pk}
    applied_long_ago.refresh_from_db()
    assert (applied_long_ago.results, bytes(applied_long_ago.content), applied_long_ago.counts) == (
        [],
        b"",
        {"create": 1},
    )
    recent.refresh_from_db()
    assert recent.results and bytes(recent.content)  # within the period: untouched
    events = AuditEvent.objects.filter(target_type="imports.importrun", actor=None)
    assert {(e.target_id, e.action, e.detail) for e in events} == {
        (checked_long_ago.pk, "delete", "retention"),
        (uploaded_long_ago.pk, "delete", "retention"),
        (applied_long_ago.pk, "update", "retention: row results emptied"),
    }
    assert import_files_retention_run() == 0  # a second run finds nothing more


def test_the_org_admin_no_longer_finds_a_deleted_file(org, admin, settings):
    settings.IMPORT_RETENTION_DAYS = 14
    run = _run(org, admin, ImportRun.Status.CHECKED, days_ago=20)
    client = Client()
    client.force_login(admin)
    assert client.get(f"/imports/{run.pk}/").status_code == 200
    import_files_retention_run()
    assert client.get(f"/imports/{run.pk}/").status_code == 404
