"""Fill ``next_due_on`` for agreements written before the services kept it current."""

from datetime import timedelta

from django.db import migrations
from django.db.models import Max


def backfill(apps, schema_editor):
    Agreement = apps.get_model("supervision", "Agreement")
    for agreement in Agreement.objects.filter(next_due_on__isnull=True).annotate(last_held_on=Max("sessions__held_on")):
        base = agreement.last_held_on if agreement.last_held_on and agreement.last_held_on >= agreement.starts_on else agreement.starts_on
        agreement.next_due_on = base + timedelta(days=agreement.frequency_days)
        agreement.save(update_fields=["next_due_on"])


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_agreement_last_requested_at_supervisionsession")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
