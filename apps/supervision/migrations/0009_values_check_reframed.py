"""Issue 18, item 4: the peer-values check is now recorded jointly, about the organisation.

Checks recorded before this were the supervisor's "upheld / concern" about the supervisee.
They move, unchanged, to ``legacy_values_check`` (read as "recorded by the supervisor, the
earlier check"), and ``values_check`` starts empty on those sessions: nothing is converted into
the new shape, so no old answer is presented as a joint one.
"""

from django.db import migrations, models


def move_to_legacy(apps, schema_editor):
    Session = apps.get_model("supervision", "SupervisionSession")
    for session in Session.objects.filter(values_check__isnull=False).only("pk", "values_check").iterator():
        Session.objects.filter(pk=session.pk).update(legacy_values_check=session.values_check, values_check=None)


def move_back(apps, schema_editor):
    Session = apps.get_model("supervision", "SupervisionSession")
    for session in Session.objects.filter(legacy_values_check__isnull=False).only("pk", "legacy_values_check"):
        Session.objects.filter(pk=session.pk).update(values_check=session.legacy_values_check, legacy_values_check=None)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0008_planned_session")]

    operations = [
        migrations.AddField(
            model_name="supervisionsession",
            name="legacy_values_check",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(move_to_legacy, move_back),
    ]
