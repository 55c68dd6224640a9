"""Settings for the app (gunicorn) run by fault tests against a private cluster: the real
settings as production has them (DEBUG off, persistent connections, the real error handlers),
with static files served without a collected manifest."""

from pspteam.settings import *  # noqa: F403

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
