"""Load the framework shipped with pspteam, for every organisation (organisation = NULL).

Uses the same loader as ``load_competency_framework`` with this migration's historical models,
so it is idempotent too: re-running changes nothing.
"""

from django.db import migrations


def load(apps, schema_editor):
    from apps.competencies.loader import SHIPPED_FILE, parse_framework_file, sync_framework

    sync_framework(
        parse_framework_file(SHIPPED_FILE),
        organisation_id=None,
        Framework=apps.get_model("competencies", "Framework"),
        Domain=apps.get_model("competencies", "Domain"),
        Competency=apps.get_model("competencies", "Competency"),
    )


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
