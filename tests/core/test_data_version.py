"""The data version (apps/core/data_version.py): which statements move it, and that
``migrate`` (after a restore) moves it too. The dashboard's use of it: tests/dashboard/test_cache.py."""

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate

from apps.core import data_version

pytestmark = pytest.mark.skipif(not data_version.shared(), reason="needs the shared cache (Redis)")


@pytest.mark.parametrize(
    ("sql", "moves"),
    [
        ('INSERT INTO "reflections_reflection" ("id") VALUES (%s)', True),
        ('UPDATE "supervision_agreement" SET "next_due_on" = %s', True),
        ('DELETE FROM "teams_membership" WHERE "id" = %s', True),
        ('  insert into "roles_assignment" ("id") values (%s)', True),
        ('WITH x AS (SELECT 1) UPDATE "boundaries_boundarynote" SET "status" = %s', True),
        ('INSERT INTO "audit_auditevent" ("id") SELECT * FROM UNNEST(%s)', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "knox_authtoken" ("digest") VALUES (%s)', False),
        ('SELECT "id" FROM "reflections_reflection"', False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
    ],
)
def test_which_statements_move_the_version(sql, moves):
    assert data_version.writes_data(sql) is moves


@pytest.mark.django_db
def test_migrate_moves_the_version():
    before = data_version.current()
    core = apps.get_app_config("core")
    post_migrate.send(sender=core, app_config=core, verbosity=0, interactive=False, using="default", apps=apps, plan=[])
    assert int(data_version.current()) > int(before)
