"""Settings shared by every environment.

Environment variables (see README "Configuration"):
- DATABASE_URL: a PostgreSQL URL; without it an embedded SQLite database in var/.
- DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, SAFERELEASE_DEMO (dev/prod only).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, SELF

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "saferelease.core",
    "saferelease.accounts",
    "saferelease.audit",
    "saferelease.establishments",
    "saferelease.release_planning",
    "saferelease.actionplans",
    "saferelease.omu",
    "saferelease.metrics",
    "saferelease.demo",
    "saferelease.benchmarks",
    "django_celery_beat",
    "saferelease.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "saferelease.core.middleware.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "saferelease.core.middleware.RejectBadInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "saferelease.audit.middleware.AuditContextMiddleware",
    "saferelease.core.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "saferelease.core.context_processors.service",
            ],
            "builtins": ["saferelease.core.templatetags.govuk"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'saferelease.sqlite3'}",
        conn_max_age=60,
    )
}
#: SQLite: every transaction takes the write lock when it begins, so concurrent edits queue
#: (for up to 20 s) instead of failing with "database is locked" (docs/security.md).
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords (docs/security.md, "Passwords"): 12 characters or more, not common, not all
# digits, not like the user's details, not containing the service's name or the username,
# and strong enough for zxcvbn (score 3 of 4: repeats such as "aaaaaaaaaaaa", sequences
# and keyboard patterns score low).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "saferelease.accounts.passwords.ContextSpecificPasswordValidator"},
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
PASSWORD_MINIMAL_STRENGTH = 3
PASSWORD_EXTRA_DICTIONARY = ["safe release", "saferelease", "safe", "release"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Sessions end after an hour without activity and when the browser closes.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Sign-in protection (docs/security.md, "Sign-in"): a username locks after 5 failures from
# any address, and an address after SAFERELEASE_SIGN_IN_ADDRESS_LIMIT failures over any
# usernames, each for 30 minutes (django-axes with saferelease.accounts.lockout).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_HANDLER = "saferelease.accounts.lockout.SignInLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "saferelease.core.client.client_address"
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout are not counted: they neither extend the lockout nor
# count against the usernames tried from a locked address.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# axes warns when "ip_address" is not a lockout parameter; the address is limited by the
# handler above instead, with its own (higher) limit.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
SAFERELEASE_SIGN_IN_ADDRESS_LIMIT = int(os.environ.get("SAFERELEASE_SIGN_IN_ADDRESS_LIMIT", "20"))
# Reverse proxies in front of the service that append the client's address to
# X-Forwarded-For (a TLS terminator is 1); 0 uses REMOTE_ADDR. See saferelease/core/client.py.
SAFERELEASE_TRUSTED_PROXIES = int(os.environ.get("SAFERELEASE_TRUSTED_PROXIES", "0"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("SAFERELEASE_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploaded files past 2.5 MB are spooled to a temporary file, not held in memory; a
# request's other fields may hold 2.5 MB; at most 20 files a request (evidence: 10).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20


def _upload_size_limit(variable: str) -> dict[str, int]:
    """``{"max_bytes": ...}`` from a size in megabytes in the environment, if it is set."""
    megabytes = os.environ.get(variable, "").strip()
    return {"max_bytes": int(float(megabytes) * 1024 * 1024)} if megabytes else {}


# The limits an uploaded file is read within, per kind (the same for the web form, the API
# and the command line). The defaults, and every limit that can be set here (max_bytes,
# max_uncompressed_bytes, max_members, max_xml_tags, max_rows, max_columns, max_pages,
# max_pixels, seconds), are in saferelease/core/uploads/limits.py; docs/security.md.
SAFERELEASE_UPLOAD_LIMITS: dict[str, dict[str, int]] = {
    "prisoner_file": _upload_size_limit("SAFERELEASE_PRISONER_FILE_MAX_MB"),
    "action_plan": _upload_size_limit("SAFERELEASE_ACTION_PLAN_MAX_MB"),
    "inspection_report": _upload_size_limit("SAFERELEASE_INSPECTION_REPORT_MAX_MB"),
    "evidence": _upload_size_limit("SAFERELEASE_EVIDENCE_MAX_MB"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "saferelease.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "saferelease.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "saferelease.core.api.exception_handler",
    "DATE_FORMAT": "iso-8601",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safe Release API",
    "DESCRIPTION": (
        "Release planning, public-protection metrics and inspection action plans. "
        "Every endpoint needs authentication (session or token) and is scoped to the "
        "establishments the user is assigned to; anything out of scope answers 404. "
        "Dates are ISO 8601."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RiskLevelEnum": "saferelease.release_planning.models.RISK_CHOICES",
        "AccommodationStatusEnum": "saferelease.release_planning.models.ACCOMMODATION_CHOICES",
        "ComReportKindEnum": "saferelease.omu.models.ComReportKind",
        "JudgementKindEnum": "saferelease.actionplans.models.JudgementKind",
        "EngagementOutcomeEnum": "saferelease.omu.models.EngagementOutcome",
        "QaRatingEnum": "saferelease.omu.models.QaRating",
    },
}

# Content-Security-Policy (django-csp): nothing from other origins; the one inline
# GOV.UK script carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("SAFERELEASE_FROM_EMAIL", "saferelease@example.invalid")

# Safe Release settings
SAFERELEASE_DEMO = os.environ.get("SAFERELEASE_DEMO", "auto")  # "auto": banner if demo data loaded
SAFERELEASE_STALE_DAYS = int(os.environ.get("SAFERELEASE_STALE_DAYS", "90"))
# API tokens (django-rest-knox): sent as "Authorization: Token ...", stored as digests,
# valid for SAFERELEASE_TOKEN_DAYS days from issue (docs/security.md, "API tokens").
SAFERELEASE_TOKEN_DAYS = int(os.environ.get("SAFERELEASE_TOKEN_DAYS", "30"))
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=SAFERELEASE_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# The HMPPS Prisoner Search API and HMPPS Auth (docs/prisoner-search-sync.md): where the
# prisoner sync reads NOMIS's records, and the client-credentials it signs in with.
HMPPS_PRISONER_SEARCH_URL = os.environ.get("HMPPS_PRISONER_SEARCH_URL", "").rstrip("/")
HMPPS_AUTH_URL = os.environ.get("HMPPS_AUTH_URL", "").rstrip("/")
HMPPS_CLIENT_ID = os.environ.get("HMPPS_CLIENT_ID", "")
HMPPS_CLIENT_SECRET = os.environ.get("HMPPS_CLIENT_SECRET", "")
#: Prisoners asked for per page, and the most seconds one establishment's sync may spend
#: on the network (retries and waits included) before it gives up, changing nothing.
HMPPS_PRISONER_SEARCH_PAGE_SIZE = int(os.environ.get("HMPPS_PRISONER_SEARCH_PAGE_SIZE", "500"))
HMPPS_SYNC_MAX_SECONDS = float(os.environ.get("HMPPS_SYNC_MAX_SECONDS", "300"))

# Celery (docs/adr/0012-celery.md). With CELERY_BROKER_URL (Redis in production) tasks go
# to a worker and Celery beat sends the schedule kept by django-celery-beat; without it
# (make demo, the tests) they run eagerly in the process that starts them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
#: A confirmed prisoner file of this many rows or more is imported by a job, off the request.
SAFERELEASE_IMPORT_JOB_ROWS = int(os.environ.get("SAFERELEASE_IMPORT_JOB_ROWS", "5000"))
#: /readyz fails when the last successful prisoner sync is older than this many hours
#: (0: the age is reported, never failed on).
SAFERELEASE_READY_MAX_SYNC_HOURS = float(os.environ.get("SAFERELEASE_READY_MAX_SYNC_HOURS", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "saferelease.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "saferelease.core.views.csrf_failure"
