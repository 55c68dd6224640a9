"""Test settings: the real settings, plus only what makes tests faster.

Tests always run on PostgreSQL and Redis (DATABASE_URL / REDIS_URL default to the
local services); they never fall back to SQLite.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pspteam")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("PSPTEAM_VAR_DIR", str(Path(tempfile.gettempdir()) / "pspteam-test-var"))

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
WHITENOISE_AUTOREFRESH = True
