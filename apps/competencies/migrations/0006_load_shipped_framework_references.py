"""Load the shipped frameworks again with their sources and licences (issue 17): the pspteam
framework gains its reference and licence, and the SAMHSA "Core Competencies for Peer Workers
in Behavioral Health Services" (2015, public domain) is added for every organisation.

The same loader as ``load_competency_framework``, with this migration's historical models, so
it is idempotent: re-running changes nothing.
"""

from django.db import migrations


def load(apps, schema_editor):
    from apps.competencies.loader import SHIPPED_FILES, parse_framework_file, sync_framework

    for path in SHIPPED_FILES:
        sync_framework(
            parse_framework_file(path),
            organisation_id=None,
            Framework=apps.get_model("competencies", "Framework"),
            Domain=apps.get_model("competencies", "Domain"),
            Competency=apps.get_model("competencies", "Competency"),
        )


class Migration(migrations.Migration):
    dependencies = [("competencies", "0005_framework_reference_and_choice")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
