from django.db import migrations, models
from django.db.models import F


def existing_organisations_are_set_up(apps, schema_editor):
    # Organisations already running chose their time zone when they were created and have lived
    # with it since: only a new organisation's checklist asks for the check.
    apps.get_model("accounts", "Organisation").objects.update(time_zone_checked_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_token_sign_ins")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="time_zone_checked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(existing_organisations_are_set_up, migrations.RunPython.noop),
    ]
