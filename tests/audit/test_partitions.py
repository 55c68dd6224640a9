"""The audit trail's monthly partitions on PostgreSQL (issue 20, target 4): months created
ahead by the daily task, rows written before their month existed moved out of the default
partition, whole months past retention dropped, every partition as append-only as the table,
and no index that another already serves."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit import partitions
from apps.audit.models import AuditEvent
from apps.audit.services import audit_read, audit_retention_run
from apps.audit.tasks import maintain_partitions

pytestmark = pytest.mark.django_db


def _read_at(everyone, at):
    with time_machine.travel(at, tick=False):
        return audit_read(actor=everyone["supervisor"], target=everyone["peer"], subject=everyone["peer"])


def _partition_of(event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event.pk])
        return cursor.fetchone()[0]


def test_the_migration_leaves_this_month_and_the_months_ahead(settings):
    names = [name for name, _, _ in partitions.month_partitions()]
    start = partitions.month_start(timezone.now())
    expected = []
    for _ in range(settings.AUDIT_PARTITIONS_AHEAD + 1):
        expected.append(partitions.partition_name(start))
        start = partitions.next_month(start)
    assert names[-len(expected) :] == expected


def test_the_task_creates_months_ahead_and_moves_rows_out_of_the_default_partition(everyone, settings):
    later = datetime(2031, 5, 17, 12, tzinfo=UTC)
    early = _read_at(everyone, later)
    assert _partition_of(early) == "audit_auditevent_default"  # no month yet: the write still lands
    with time_machine.travel(later, tick=False):
        result = maintain_partitions()
    assert result["created"] == [
        f"audit_auditevent_p2031_{m:02}" for m in range(5, 6 + settings.AUDIT_PARTITIONS_AHEAD)
    ]
    assert _partition_of(early) == "audit_auditevent_p2031_05"
    assert AuditEvent.objects.filter(pk=early.pk, target_id=everyone["peer"].pk).exists()
    with time_machine.travel(later, tick=False):
        assert maintain_partitions()["created"] == []  # idempotent


def test_retention_drops_whole_months_and_deletes_only_the_rest_past_the_cutoff(everyone, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    now = datetime(2031, 5, 17, 12, tzinfo=UTC)
    for month in (2, 3, 4, 5):  # months created as the task would have done
        partitions.create_month(datetime(2031, month, 1, tzinfo=UTC))
    old = [_read_at(everyone, datetime(2031, 2, 10, tzinfo=UTC)), _read_at(everyone, datetime(2031, 3, 31, tzinfo=UTC))]
    straddling = [
        _read_at(everyone, datetime(2031, 4, 16, tzinfo=UTC)),
        _read_at(everyone, datetime(2031, 4, 18, tzinfo=UTC)),
    ]
    kept = _read_at(everyone, now)
    assert audit_retention_run(now=now) == 3  # two in dropped months, one deleted row
    names = {name for name, _, _ in partitions.month_partitions()}
    assert "audit_auditevent_p2031_03" not in names and "audit_auditevent_p2031_04" in names
    remaining = set(
        AuditEvent.objects.filter(pk__in=[e.pk for e in [*old, *straddling, kept]]).values_list("pk", flat=True)
    )
    assert remaining == {straddling[1].pk, kept.pk}


def test_the_task_drops_expired_months_too(everyone, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    partitions.create_month(datetime(2031, 2, 1, tzinfo=UTC))
    old = _read_at(everyone, datetime(2031, 2, 10, tzinfo=UTC))
    with time_machine.travel(datetime(2031, 5, 17, tzinfo=UTC), tick=False):
        assert maintain_partitions()["dropped"] == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_every_partition_refuses_updates_and_deletes(everyone):
    later = datetime(2031, 5, 17, 12, tzinfo=UTC)
    moved = _read_at(everyone, later)
    with time_machine.travel(later, tick=False):
        maintain_partitions()  # attached after a move, not created as a partition
    for table in ("audit_auditevent_p2031_05", partitions.partition_name(partitions.month_start(timezone.now()))):
        event = moved if table.endswith("2031_05") else _read_at(everyone, timezone.now())
        for sql in (f"UPDATE {table} SET detail = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [event.pk])
        assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


def test_no_index_is_served_by_another():
    """The 7 indexes of the one-row-per-read table had two redundant ones (organisation_id and
    subject_id, each the leading column of a composite). Each kept index names its query in
    migration 0004."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_auditevent'")
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {
        "audit_auditevent_pkey",
        "audit_org_at_idx",
        "audit_subject_at_idx",
        "audit_actor_idx",
        "audit_at_brin",
        "audit_subject_ids_gin",
        "audit_target_ids_gin",
    }
    btree_columns = [
        d.split("(", 1)[1].rstrip(")").replace(" DESC", "").split(", ") for d in indexes.values() if "btree" in d
    ]
    for cols in btree_columns:
        assert not any(o != cols and o[: len(cols)] == cols for o in btree_columns), cols


def test_old_rows_past_retention_in_the_default_partition_are_deleted(everyone, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    stray = _read_at(everyone, datetime(2019, 1, 5, tzinfo=UTC))
    assert _partition_of(stray) == "audit_auditevent_default"
    assert audit_retention_run() == 1
    assert not AuditEvent.objects.filter(pk=stray.pk).exists()
