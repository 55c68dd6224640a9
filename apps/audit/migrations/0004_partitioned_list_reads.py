"""One row per list page's reads (``target_ids``/``subject_ids``), no redundant indexes, and on
PostgreSQL monthly partitions of ``audit_auditevent`` (see ``apps/audit/partitions.py``).

Django drops the indexes on ``organisation_id`` and ``subject_id`` (each the leading column of a
composite index) and the btree on ``at``; then, on PostgreSQL only, the table is rebuilt as a
table partitioned by month on ``at`` (the primary key becomes ``(id, at)``, as PostgreSQL
requires the partition key in it; ids stay unique uuid4s), its rows copied, and the indexes
created once on the parent: the two composites, ``actor_id`` (FK lookups on a user's deletion),
a BRIN on ``at`` (the retention run's range in one month), and GIN on the two lists.
"""

import apps.audit.fields
import django.db.models.deletion
from django.conf import settings
from django.conf import settings as django_settings
from django.db import migrations, models
from django.utils import timezone

from apps.audit import partitions

# The append-only trigger of 0002, now also guarding the columns added since (0003 and here).
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('pspteam.audit_retention', true) = 'on' THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  IF NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
     AND NEW.organisation_id = OLD.organisation_id AND NEW.target_type = OLD.target_type
     AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id AND NEW.detail = OLD.detail
     AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address
     AND NEW.request_id = OLD.request_id AND NEW.via = OLD.via
     AND NEW.target_ids IS NOT DISTINCT FROM OLD.target_ids
     AND NEW.subject_ids IS NOT DISTINCT FROM OLD.subject_ids
     AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
     AND (NEW.subject_id IS NULL OR NEW.subject_id = OLD.subject_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""

AFTER_COPY = """
DROP TABLE audit_auditevent_unpartitioned;
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_pkey PRIMARY KEY (id, at);
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_organisation_id_fk
  FOREIGN KEY (organisation_id) REFERENCES accounts_organisation (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_actor_id_fk
  FOREIGN KEY (actor_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_subject_id_fk
  FOREIGN KEY (subject_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
-- "who read my entries" (single reads) and the org admin's browser, newest first.
CREATE INDEX audit_subject_at_idx ON audit_auditevent (subject_id, at DESC);
CREATE INDEX audit_org_at_idx ON audit_auditevent (organisation_id, at DESC);
-- a user's deletion sets actor_id to NULL on their events; the browser's actor filter.
CREATE INDEX audit_actor_idx ON audit_auditevent (actor_id);
-- the retention run's "at < cutoff" within the month that straddles the cutoff: rows arrive in
-- time order, so a BRIN of a few pages per month does what a btree of gigabytes would.
CREATE INDEX audit_at_brin ON audit_auditevent USING brin (at);
-- "who read my entries" (list pages' reads) and the browser's subject / record filters.
CREATE INDEX audit_subject_ids_gin ON audit_auditevent USING gin (subject_ids);
CREATE INDEX audit_target_ids_gin ON audit_auditevent USING gin (target_ids);
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # the embedded SQLite default: one plain table, retention by DELETE
    execute = schema_editor.execute
    execute(APPEND_ONLY)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'audit_auditevent'::regclass")
        if cursor.fetchone()[0] == "p":
            # Already partitioned: this migration was unapplied (its reverse keeps the partitioned
            # table, which serves the earlier schema too) and is applied again.
            return
    execute("ALTER TABLE audit_auditevent RENAME TO audit_auditevent_unpartitioned")
    execute(
        "CREATE TABLE audit_auditevent (LIKE audit_auditevent_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        " PARTITION BY RANGE (at)"
    )
    execute("CREATE TABLE audit_auditevent_default PARTITION OF audit_auditevent DEFAULT")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(at) FROM audit_auditevent_unpartitioned")
        oldest = cursor.fetchone()[0]
    now = timezone.now()
    start = partitions.month_start(min(oldest or now, now))
    while start <= now:  # every month that holds rows, then the months ahead
        partitions.create_month(start)
        start = partitions.next_month(start)
    partitions.create_ahead(now, django_settings.AUDIT_PARTITIONS_AHEAD)
    execute("INSERT INTO audit_auditevent SELECT * FROM audit_auditevent_unpartitioned")
    execute(AFTER_COPY)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_employee_number'),
        ('audit', '0003_request_id_via'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='subject_ids',
            field=apps.audit.fields.UUIDListField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='target_ids',
            field=apps.audit.fields.UUIDListField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='at',
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='organisation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='subject',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        # Not reversed: the partitioned table serves the earlier schema as well.
        migrations.RunPython(partition, migrations.RunPython.noop),
    ]
