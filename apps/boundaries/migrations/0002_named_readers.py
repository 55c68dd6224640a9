"""Sharing names people: BoundaryNote.readers.

Data: every existing boundary note (each was read by every supervisor of its author) now
names its readers. Choice: the author's current supervisors under
agreements in force today of kind **peer and clinical** — not line management. Until now
every supervisor (line managers included) read these entries; keeping peer and clinical
supervisors keeps what supervision relied on, while line management loses access unless the
worker names that person again (issue 13: the kind of supervision matters). Supervisors
whose agreement has ended, or begins later, are not named. Reversing drops the readers.
"""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def current_supervisors(apps):
    """``{supervisee_id: {supervisor_id, ...}}`` under peer and clinical agreements in force
    today (each organisation's own date). Agreements that carry a status count only when
    ``active`` (the consent migration marks every existing agreement active)."""
    Agreement = apps.get_model("supervision", "Agreement")
    Organisation = apps.get_model("accounts", "Organisation")
    has_status = any(f.name == "status" for f in Agreement._meta.get_fields())
    result = defaultdict(set)
    for org in Organisation.objects.all():
        today = timezone.localdate(timezone.now(), timezone=ZoneInfo(org.time_zone))
        agreements = Agreement.objects.filter(
            organisation_id=org.pk, kind__in=["peer", "clinical"], starts_on__lte=today
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        if has_status:
            agreements = agreements.filter(status="active")
        for supervisee_id, supervisor_id in agreements.values_list("supervisee_id", "supervisor_id"):
            result[supervisee_id].add(supervisor_id)
    return result


def name_readers(apps, model_name, app_label, shared):
    Model = apps.get_model(app_label, model_name)
    Through = Model.readers.through
    supervisors = current_supervisors(apps)
    column = f"{model_name.lower()}_id"
    rows = []
    for pk, author_id in Model.objects.filter(shared).values_list("pk", "author_id").iterator():
        for supervisor_id in supervisors.get(author_id, ()):
            rows.append(Through(**{column: pk, "user_id": supervisor_id}))
    Through.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def forwards(apps, schema_editor):
    name_readers(apps, "BoundaryNote", "boundaries", Q())



class Migration(migrations.Migration):

    dependencies = [
        ('boundaries', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("supervision", "0005_agreement_consent"),
        ("accounts", "0002_sign_in_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name='boundarynote',
            name='readers',
            field=models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
