"""Load the shipped pspteam framework again (issue 18): its organisational competences, the six
practice areas it lacked (trauma-informed practice, difference and equality, families and
carers, rights and advocacy, safeguarding, crisis), each domain's sources, and each
competency's kind (BS3, the worker's own wellbeing, becomes a wellbeing item: never signed off,
never shown to anyone else).

The same idempotent loader as ``load_competency_framework``: competencies are matched by code,
so every existing assessment and sign-off stays attached to its competency; nothing is deleted.
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
    dependencies = [("competencies", "0007_issue18_kinds_assessor_organisational")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
