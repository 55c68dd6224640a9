"""Settings for Celery worker subprocesses started by tests: the test settings (pointed at the
test database by DATABASE_URL), e-mail appended to a file the test reads."""

from pspteam.settings_test import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.FileEmailBackend"
