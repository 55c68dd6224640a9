"""Settings for worker subprocesses of fault tests: the test settings, e-mail to a file."""

from pspteam.settings_test import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.backends.SwitchableEmailBackend"
