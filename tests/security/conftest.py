"""A module-scoped ``world`` (tests/security/world.py), built once and rolled back at the end.

The world is created inside an outer transaction; pytest-django then wraps each test in a
savepoint of it (``django_db``), so every cell starts from the same world for the price of
one build per module.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # Sign-in lockout is tested in tests/accounts; here it would count the matrix's wrong passwords.
    overrides = override_settings(AXES_ENABLED=False)
    overrides.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = build_world()
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        overrides.disable()
