"""pspteam settings: one file, every value from the environment (django-environ).

With nothing configured the app runs on the embedded default: a SQLite file and
a Celery broker kept in files under ``var/``, so the reminder schedule fires with
no external server. Production sets ``DJANGO_ENV=production`` and must then
provide ``SECRET_KEY``, ``DATABASE_URL`` and ``REDIS_URL``; see ``.env.example``.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PSPTEAM_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # required: no default in production
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "pspteam.admin_apps.OperatorAdminConfig",  # django.contrib.admin, for operators (pspteam/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "apps.core",
    "apps.accounts",
    "apps.audit",
    "apps.teams",
    "apps.workers",
    "apps.roles",
    "apps.reflections",
    "apps.boundaries",
    "apps.supervision",
    "apps.wellbeing",
    "apps.wellness_plans",
    "apps.competencies",
    "apps.voice",
    "apps.notifications",
    "apps.reminders",
    "apps.dashboard",
    "apps.imports",
    "apps.sso",
    "apps.calendar",
    "apps.portfolio_documents",
    "apps.privacy_check",
    "apps.credentials",
    "apps.raters",
    "apps.fidelity",
    "apps.community",
    "apps.drift",
    "apps.portfolio",
]

MIDDLEWARE = [
    # First: every response and log line carries the request id.
    "apps.core.middleware.RequestIDMiddleware",
    # Request latency and answers by view, for /metrics (apps/core/metrics.py): the probes included.
    "apps.core.metrics.RequestMetricsMiddleware",
    # /healthz, /readyz, /metrics answered before sessions, auth and the host check (no session touched).
    "apps.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Response headers only: early, so that every answer has them, the early 503s included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Loads the user now: with the database down, the app's own 503 (no lookup that fails again).
    "apps.core.middleware.DatabaseFailureMiddleware",
    # Dates and times in prose in the organisation's time zone (apps.core.dates).
    "apps.core.middleware.ProseZoneMiddleware",
    # Address, request id and (lazily) user of the request, for the audit trail: services never see the request.
    "apps.audit.context.AuditContextMiddleware",
    # Whose cached figures a write makes stale: the signed-in member's organisation, else all (issue 20).
    "apps.core.data_version.ScopeMiddleware",
    # Before the timeout middleware, which tells the user why they were signed out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.accounts.middleware.TwoFactorMiddleware",
    "apps.accounts.middleware.OperatorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.NoStoreMiddleware",
    "apps.core.middleware.UniqueViolationMiddleware",
    # POSTs with an Idempotency-Key or a form token: the key is taken in process_view (after
    # sign-in, two-factor and CSRF) and the view runs in one transaction with the key's row.
    "apps.core.idempotency.IdempotencyMiddleware",
    # Last, so that it sees the final outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pspteam.urls"
WSGI_APPLICATION = "pspteam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "apps.core.context_processors.navigation",
                "apps.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# PostgreSQL in production (DATABASE_URL=postgres://...); a SQLite file otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pspteam.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Timeouts (seconds; 0 = none), so that nothing waits on PostgreSQL for long: a save on a row
# locked elsewhere gives up after DB_LOCK_TIMEOUT with a clean 409, a runaway query after
# DB_STATEMENT_TIMEOUT with a 503, and a transaction left open by a stuck process is ended after
# DB_IDLE_IN_TRANSACTION_TIMEOUT. Migrations (DB_MIGRATE_STATEMENT_TIMEOUT) and the long jobs —
# the reminder scan, retention (DB_LONG_STATEMENT_TIMEOUT) — lift the statement timeout for
# themselves (apps/core/db.py).
DB_STATEMENT_TIMEOUT = env.float("DB_STATEMENT_TIMEOUT", default=15)
DB_LOCK_TIMEOUT = env.float("DB_LOCK_TIMEOUT", default=5)
DB_IDLE_IN_TRANSACTION_TIMEOUT = env.float("DB_IDLE_IN_TRANSACTION_TIMEOUT", default=60)
DB_CONNECT_TIMEOUT = env.int("DB_CONNECT_TIMEOUT", default=5)
DB_MIGRATE_STATEMENT_TIMEOUT = env.float("DB_MIGRATE_STATEMENT_TIMEOUT", default=0)
DB_LONG_STATEMENT_TIMEOUT = env.float("DB_LONG_STATEMENT_TIMEOUT", default=240)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    _timeouts = {
        "statement_timeout": DB_STATEMENT_TIMEOUT,
        "lock_timeout": DB_LOCK_TIMEOUT,
        "idle_in_transaction_session_timeout": DB_IDLE_IN_TRANSACTION_TIMEOUT,
    }
    # Server settings for every connection (libpq "options"); any given in DATABASE_URL come last and win.
    _options["options"] = " ".join(
        [*(f"-c {name}={int(seconds * 1000)}" for name, seconds in _timeouts.items()), _options.get("options", "")]
    ).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the embedded Celery worker write side by side.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.WorkerBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # set-password and reset links are valid one hour
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:my-day"
LOGOUT_REDIRECT_URL = "accounts:login"
# Single sign-on (apps/sso; README "Single sign-on"): the key the client secrets are encrypted
# with (default: derived from SECRET_KEY), seconds to wait for the provider, and whether an
# issuer may be plain http (tests and local set-ups only).
SSO_SECRET_KEY = env.str("SSO_SECRET_KEY", default="")
SSO_HTTP_TIMEOUT = env.float("SSO_HTTP_TIMEOUT", default=10)
SSO_ALLOW_HTTP_ISSUER = env.bool("SSO_ALLOW_HTTP_ISSUER", default=not PRODUCTION)

# --- Sessions and cookies -------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)  # seconds after sign-in
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)  # seconds without a request
# TOTP is available to everyone; required for org admins, managers and supervisors in production.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=PRODUCTION)
# Django's admin (operators only, two factors always, no private text): off in production unless asked for.
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=not PRODUCTION)
OTP_TOTP_ISSUER = "pspteam"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# --- Content Security Policy (django-csp 4) ---------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["pspteam.formats"]  # ISO first for date inputs (see pspteam/formats/en_GB)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pspteam <no-reply@pspteam.invalid>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Cache ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Progress bars of background work (apps.core.progress: staff imports, portfolio documents):
# written by the worker, read by the web process, so never a per-process cache (Redis when
# there is one, else files under var/ for the embedded default).
CACHES["progress"] = (
    {**CACHES["default"]}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache-progress")}
)

# --- REST framework -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # knox tokens, without its per-request sweep of the user's other tokens (see the module).
        "apps.accounts.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["apps.core.api.permissions.IsOrganisationMember"],
    # DRF's, plus Location on every 201 (apps/core/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["apps.core.api.renderers.JSONRenderer"],
    # JSON only (DRF's, with a 400 for deep or non-object JSON); multipart only where a file is
    # uploaded (apps.core.api.parsers.UPLOAD_PARSER_CLASSES). One body format per write: docs/api.md.
    "DEFAULT_PARSER_CLASSES": ["apps.core.api.parsers.JSONObjectParser"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.StandardPagination",
    # django-filter's, with strict booleans (apps/core/api/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["apps.core.api.filters.StrictFilterBackend"],
    # drf-spectacular's, plus the Idempotency-Key header on every POST that honours it, and
    # answers' enums as the server sends them (apps/core/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.exceptions.exception_handler",
    # The test client sends what a real client must: JSON (multipart only where a test says so).
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": None,
    # Throttles identify clients as the lockout does (TRUSTED_PROXY_COUNT, below).
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
}
# The privacy check before sharing (apps/privacy_check): checks per signed-in user per minute.
PRIVACY_CHECK_RATE = env.str("PRIVACY_CHECK_RATE", default="120/minute")
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pspteam API",
    "DESCRIPTION": "Coordinating peer-support teams in mental health care.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have fields called kind/category/status with different choices: name them.
    "ENUM_NAME_OVERRIDES": {
        "GroupPulseKindEnum": "apps.voice.group_models.GroupPulse.Kind",
        "GroupPulseAudienceEnum": "apps.voice.group_models.GroupPulse.Audience",
        "WorkerStatusEnum": "apps.accounts.models.User.Status",
        "RoleKindEnum": "apps.roles.models.RoleDefinition.Kind",
        "RoleStatusEnum": "apps.roles.models.RoleDefinition.Status",
        "DutyCategoryEnum": "apps.roles.models.Duty.Category",
        "AgreementKindEnum": "apps.supervision.models.Agreement.Kind",
        "BoundaryCategoryEnum": "apps.boundaries.models.BoundaryNote.Category",
        "BoundaryStatusEnum": "apps.boundaries.models.BoundaryNote.Status",
        "VoiceActionStatusEnum": "apps.voice.models.VoiceAction.Status",
        "WellnessPlanSectionEnum": "apps.wellness_plans.sections.Section",
        "RaterInvitationStateEnum": "apps.raters.models.Invitation.State",
        "RaterDecisionEnum": "apps.raters.models.Invitation.Decision",
        "DecisionEnum": "apps.competencies.models.SignOff.Decision",  # the sign-off's, named as before raters
        "EvidenceStateEnum": "apps.portfolio.rules.STATE_CHOICES",
        "PracticeCategoryEnum": "apps.credentials.models.PracticeEntry.Category",
        "AssignmentCommentKindEnum": "apps.roles.models.AssignmentComment.Kind",
        "RoleConsultationResponseEnum": "apps.roles.models.Consultation.Response",
        "RoleCommentProposesEnum": "apps.roles.models.DefinitionComment.Proposes",
        "RoleCommentDecisionEnum": "apps.roles.models.DefinitionComment.Decision",
        "OrganisationalStatusEnum": "apps.competencies.models.OrganisationalStatus.Status",
        "PortfolioDocumentStatusEnum": "apps.portfolio_documents.models.PortfolioDocument.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.api.schema.add_error_responses",
        "apps.core.api.schema.drop_blank_format_defaults",
        "apps.core.idempotency.add_conflict_responses",
    ],
}

# --- Client addresses -----------------------------------------------------------------------------
# How many reverse proxies (load balancer, ingress) stand in front of the app and append to
# X-Forwarded-For. 0: the header is ignored (anyone can write it). See apps/core/client_address.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Lockout (django-axes; apps/accounts/lockout.py) -------------------------------------------------
# Per account, whatever the address; and separately per client address, whatever the usernames.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "apps.accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "apps.accounts.lockout.username_key"
AXES_CLIENT_IP_CALLABLE = "apps.core.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

# --- Celery ------------------------------------------------------------------------------------
# With REDIS_URL: Redis is the broker. Without: a broker kept in files under var/, which a
# separate worker process can share with the web process, so nothing external is needed.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # kombu's Redis transport with one fix: a worker holding unacknowledged messages survives
    # losing Redis (see pspteam/broker.py). Plain redis:// only: a rediss:// (TLS) URL keeps
    # kombu's own transport, which reads TLS from the scheme.
    if REDIS_URL.startswith("redis://"):
        CELERY_BROKER_TRANSPORT = env.str("CELERY_BROKER_TRANSPORT", default="pspteam.broker:Transport")
    # max_retries 0: a publisher whose broker is down fails at once (kombu would otherwise sleep 2 s
    # before a retry); what was not published waits in the database for the next reminder scan.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 1,
        "socket_connect_timeout": 1,
        "visibility_timeout": 3600,
        "max_retries": 0,
    }
else:
    _queue_dir = VAR_DIR / "celery-queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        # kombu would otherwise keep its control (broadcast) files in ./control of the cwd.
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker keeps trying to reach the broker however long it is away (Celery's default gives up
# after 100 tries, about 50 minutes, and the worker exits).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task running when the broker connection drops finishes; its message is redelivered later and
# the database claim (e-mails, reminders) makes that a no-op. Said explicitly: Celery 6 changes it.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HOUSEKEEPING_INTERVAL = env.int("HOUSEKEEPING_INTERVAL", default=3600)
REMINDER_SCAN_INTERVAL = env.int("REMINDER_SCAN_INTERVAL", default=300)
NOTIFICATION_EMAIL_SWEEP_INTERVAL = env.int("NOTIFICATION_EMAIL_SWEEP_INTERVAL", default=30)
# Worker liveness: beat publishes a heartbeat task this often; a worker that runs it records the
# time (SchedulerHeartbeat "worker"), shown by /readyz and /metrics. Older than
# WORKER_HEARTBEAT_STALE_SECONDS: no worker is taking work (dead, stuck, or no beat/broker).
WORKER_HEARTBEAT_INTERVAL = env.int("WORKER_HEARTBEAT_INTERVAL", default=30)
WORKER_HEARTBEAT_STALE_SECONDS = env.int("WORKER_HEARTBEAT_STALE_SECONDS", default=5 * WORKER_HEARTBEAT_INTERVAL)
# --- Metrics (apps/core/metrics.py; prometheus-client) -----------------------------------------------
# /metrics answers clients in METRICS_ALLOWED_NETWORKS (addresses as TRUSTED_PROXY_COUNT reads them)
# and, when METRICS_TOKEN is set, only with "Authorization: Bearer <METRICS_TOKEN>". Production with
# neither set: closed (no network allowed). Several processes: PROMETHEUS_MULTIPROC_DIR (README "Metrics").
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# (Set but empty counts as not set: the compose file passes it through from .env.)
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[]) or (
    ["0.0.0.0/0", "::/0"] if (METRICS_TOKEN or not PRODUCTION) else []
)
VOICE_MIX_INTERVAL = env.int("VOICE_MIX_INTERVAL", default=300)
CELERY_BEAT_SCHEDULE = {
    "housekeeping": {"task": "apps.core.tasks.housekeeping", "schedule": HOUSEKEEPING_INTERVAL},
    "worker-heartbeat": {
        "task": "apps.core.tasks.worker_heartbeat",
        "schedule": WORKER_HEARTBEAT_INTERVAL,
        "options": {"expires": WORKER_HEARTBEAT_INTERVAL},
    },
    # E-mail retries wait in the database (never as countdowns on a worker); this publishes them.
    "notification-email-sweep": {
        "task": "apps.notifications.tasks.dispatch_due_emails",
        "schedule": NOTIFICATION_EMAIL_SWEEP_INTERVAL,
        "options": {"expires": NOTIFICATION_EMAIL_SWEEP_INTERVAL},
    },
    "retention": {"task": "apps.audit.tasks.enforce_retention", "schedule": 24 * 60 * 60},
    # The audit trail's monthly partitions (PostgreSQL): next months created ahead, expired dropped.
    "audit-partitions": {"task": "apps.audit.tasks.maintain_partitions", "schedule": 24 * 60 * 60},
    # Reminders (SPEC §3): a scan that is missed or queued twice is harmless, so a stale one expires.
    "reminder-scan": {
        "task": "apps.reminders.tasks.scan",
        "schedule": REMINDER_SCAN_INTERVAL,
        "options": {"expires": REMINDER_SCAN_INTERVAL},
    },
    # Team voice: closed pulses' answers and ready feedback pools written as shuffled batches.
    "voice-mix": {
        "task": "apps.voice.tasks.mix",
        "schedule": VOICE_MIX_INTERVAL,
        "options": {"expires": VOICE_MIX_INTERVAL},
    },
}
# Publishing never waits on the broker for more than a second (web requests never block on Redis).
CELERY_BROKER_CONNECTION_TIMEOUT = 1

# --- Domain settings ------------------------------------------------------------------------------
MAX_SUPERVISEES = env.int("MAX_SUPERVISEES", default=7)
REMINDER_LEAD_DAYS = env.int("REMINDER_LEAD_DAYS", default=3)
ESCALATION_DAYS = env.int("ESCALATION_DAYS", default=7)
BOUNDARY_REVIEW_DAYS = env.int("BOUNDARY_REVIEW_DAYS", default=5)
ACKNOWLEDGE_DAYS = env.int("ACKNOWLEDGE_DAYS", default=7)
# External raters (apps/raters): how long a feedback link works, and how many invitations a worker
# sends a day and one address receives (from anyone) in a window of days.
RATER_LINK_DAYS = env.int("RATER_LINK_DAYS", default=14)
RATER_INVITES_PER_DAY = env.int("RATER_INVITES_PER_DAY", default=5)
RATER_INVITES_PER_ADDRESS = env.int("RATER_INVITES_PER_ADDRESS", default=3)
RATER_ADDRESS_WINDOW_DAYS = env.int("RATER_ADDRESS_WINDOW_DAYS", default=30)
# Days after a link stopped working (expired, withdrawn, or answered and the answers deleted) that
# the daily retention run deletes the invitation, and clears the rater's address from feedback
# the worker kept. Longer than the address window, which counts those addresses.
RATER_INVITATION_RETENTION_DAYS = env.int("RATER_INVITATION_RETENTION_DAYS", default=90)
REMINDER_DELIVERY_BATCH = env.int("REMINDER_DELIVERY_BATCH", default=10000)  # reminders delivered per transaction
# The scan's own first batch (issue 20): smaller, so that a scan that found a great deal due (30,000
# reminders at a million agreements) records it and starts delivery in about a second; the deliver
# task sends the rest, REMINDER_DELIVERY_BATCH at a time.
REMINDER_SCAN_DELIVERY_BATCH = env.int("REMINDER_SCAN_DELIVERY_BATCH", default=1000)
# The planner's cost of a random page during the scan's rules (apps.core.db.random_page_cost).
REMINDER_SCAN_RANDOM_PAGE_COST = env.float("REMINDER_SCAN_RANDOM_PAGE_COST", default=1.1)
# E-mail delivery of notifications (apps/notifications): retries with exponential backoff.
NOTIFICATION_EMAIL_MAX_ATTEMPTS = env.int("NOTIFICATION_EMAIL_MAX_ATTEMPTS", default=6)
NOTIFICATION_EMAIL_BATCH = env.int("NOTIFICATION_EMAIL_BATCH", default=50)  # e-mails per send task from the sweep
NOTIFICATION_EMAIL_RETRY_BACKOFF = env.float("NOTIFICATION_EMAIL_RETRY_BACKOFF", default=30)  # seconds, doubled per try
NOTIFICATION_EMAIL_RETRY_BACKOFF_MAX = env.int("NOTIFICATION_EMAIL_RETRY_BACKOFF_MAX", default=1800)
NOTIFICATION_EMAIL_LEASE_SECONDS = env.int("NOTIFICATION_EMAIL_LEASE_SECONDS", default=300)  # one send's claim
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # an SMTP send gives up well within its lease
# A queued e-mail not sent within this window is published again by the next scan (lost message).
NOTIFICATION_EMAIL_REDISPATCH_SECONDS = env.int("NOTIFICATION_EMAIL_REDISPATCH_SECONDS", default=900)
VOICE_MIN_GROUP = env.int("VOICE_MIN_GROUP", default=5)
# Role drift (apps/drift): a peer worker whose roles hold less peer-distinct work than this share
# of their duty hours (percent) gets a finding, and so do their managers (issue 18, item 2).
ROLE_DRIFT_THRESHOLD_PERCENT = env.int("ROLE_DRIFT_THRESHOLD_PERCENT", default=50)
# A retried POST with the same Idempotency-Key (API) or form token (pages) gets the first answer.
IDEMPOTENCY_WINDOW = timedelta(hours=env.int("IDEMPOTENCY_WINDOW_HOURS", default=24))
REFLECTION_AUTOSAVE_SECONDS = env.int("REFLECTION_AUTOSAVE_SECONDS", default=30)
# Retention (days), enforced daily by apps.audit.tasks.enforce_retention.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=6 * 365)
# Months of audit partitions created ahead of the current one (a missed run or two costs nothing).
AUDIT_PARTITIONS_AHEAD = env.int("AUDIT_PARTITIONS_AHEAD", default=3)
CLOSED_BOUNDARY_NOTE_RETENTION_DAYS = env.int("CLOSED_BOUNDARY_NOTE_RETENTION_DAYS", default=3 * 365)
# A worker who has left can download their own data this many days through the link e-mailed to them.
LEAVER_EXPORT_DAYS = env.int("LEAVER_EXPORT_DAYS", default=30)
# Staff imports (apps/imports): the largest file taken, the most rows, and from how many rows a
# file is checked and applied by the Celery worker (with a progress bar) rather than in the request.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=50 * 1000 * 1000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=200)
# Uploaded HR files not applied within this many days are deleted; applied runs keep only counts.
IMPORT_RETENTION_DAYS = env.int("IMPORT_RETENTION_DAYS", default=14)
# Portfolio PDFs (apps/portfolio_documents): their files are deleted this many days after they were
# made, their verification (code, snapshot of names, dates and totals) this many days after; lookups
# of codes allowed per client address (a DRF rate: "20/hour"); the documents' language (<html lang>).
PORTFOLIO_DOCUMENT_FILE_DAYS = env.int("PORTFOLIO_DOCUMENT_FILE_DAYS", default=90)
PORTFOLIO_VERIFICATION_DAYS = env.int("PORTFOLIO_VERIFICATION_DAYS", default=3 * 365)
PORTFOLIO_VERIFY_RATE = env.str("PORTFOLIO_VERIFY_RATE", default="20/hour")
PORTFOLIO_DOCUMENT_LANGUAGE = env.str("PORTFOLIO_DOCUMENT_LANGUAGE", default="en-GB")

# --- Logging: never log request bodies; sensitive text must not reach logs ----------------------
# One line per failed request with its request id; at most LOG_TRACEBACKS_PER_MINUTE tracebacks
# per logger and exception type (apps/core/logging.py), so an outage does not flood the logs.
# LOG_FORMAT=json (production's default): one JSON object per line (python-json-logger), with the
# request id — carried into the Celery tasks a request publishes — and the task's name.
LOG_TRACEBACKS_PER_MINUTE = env.int("LOG_TRACEBACKS_PER_MINUTE", default=5)
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "apps.core.logging.RequestIDFilter"},
        "tracebacks": {"()": "apps.core.logging.TracebackRateLimitFilter", "limit": LOG_TRACEBACKS_PER_MINUTE},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "apps.core.logging.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "tracebacks"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each rendering step at INFO (a line per stylesheet per PDF).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Celery workers log through the handler above (JSON in production, with the request id) rather
# than replacing it with their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Error reporting (optional; pspteam/sentry.py) -----------------------------------------------------
# Off unless SENTRY_DSN is set. Events never carry request bodies, local variables, exception
# messages, cookies or credentials (scrubbed before sending).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from pspteam.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

(VAR_DIR / "staticfiles").mkdir(exist_ok=True)
