"""Supervision contracts by consent (issue 13): agreements gain a ``status`` and who agreed when.

Existing agreements were set up before consent was asked for; they are migrated as **active**
(both people counted as having agreed when the agreement was created), so nobody loses the
supervision they have today. Two exceptions, neither of which changes who may read what:

* an agreement whose ``ends_on`` is already past (in UTC) becomes ``ended`` — it was no longer
  in force and must not hold the (supervisee, supervisor, kind) slot of the unique index added
  by the next migration;
* of several live agreements of the same kind between the same two people (left by concurrent
  creates before this change), the earliest stays active and the others become ``ended``.
"""

from datetime import date

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def existing_agreements_are_active(apps, schema_editor):
    Agreement = apps.get_model("supervision", "Agreement")
    today = date.today()
    now = timezone.now()
    kept = set()
    for agreement in Agreement.objects.order_by("created_at", "pk").iterator():
        agreement.supervisee_accepted_at = agreement.created_at
        agreement.supervisor_accepted_at = agreement.created_at
        slot = (agreement.supervisee_id, agreement.supervisor_id, agreement.kind)
        expired = agreement.ends_on is not None and agreement.ends_on < today
        if expired or slot in kept:
            agreement.status = "ended"
            agreement.ended_at = now
        else:
            agreement.status = "active"
            kept.add(slot)
        agreement.save(
            update_fields=["status", "supervisee_accepted_at", "supervisor_accepted_at", "ended_at"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0004_backfill_next_due_on"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="declined_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="agreement",
            name="declined_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="ended_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="agreement",
            name="ended_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="status",
            field=models.CharField(
                choices=[("proposed", "Proposed"), ("active", "Active"), ("declined", "Declined"), ("ended", "Ended")],
                default="proposed",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="supervisee_accepted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="agreement",
            name="supervisor_accepted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(existing_agreements_are_active, migrations.RunPython.noop),
    ]
