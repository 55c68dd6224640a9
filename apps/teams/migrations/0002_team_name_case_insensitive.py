"""Team names unique per organisation ignoring case, as team_create() always checked (issue 13,
case 8: every uniqueness rule has a database constraint). Two teams whose names differ only in
case (possible before, from a race) are kept: the later one gets " (2)", " (3)"… appended."""

import django.db.models.functions.text
from django.db import migrations, models


def rename_case_duplicates(apps, schema_editor):
    Team = apps.get_model("teams", "Team")
    seen: dict = {}
    for team in Team.objects.order_by("created_at", "id"):
        key = (team.organisation_id, team.name.lower())
        if key not in seen:
            seen[key] = 1
            continue
        n = seen[key]
        while True:
            n += 1
            candidate = f"{team.name[:190]} ({n})"
            if (team.organisation_id, candidate.lower()) not in seen:
                break
        seen[key] = n
        seen[(team.organisation_id, candidate.lower())] = 1
        team.name = candidate
        team.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("teams", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_case_duplicates, migrations.RunPython.noop, elidable=False),
        migrations.RemoveConstraint(
            model_name="team",
            name="team_unique_name_per_org",
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=models.UniqueConstraint(
                models.F("organisation"),
                django.db.models.functions.text.Lower("name"),
                name="team_unique_name_ci_per_org",
            ),
        ),
    ]
