"""Fangzhi settings: every knob comes from a FANGZHI_* environment variable.

The defaults are the embedded mode: SQLite, huey on SQLite and local files, all under
FANGZHI_DATA_DIR (``var/`` in the working directory). See docs/operations.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"FANGZHI_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


DATA_DIR = Path(env("DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Production is the default: a development mode must be asked for.
DEBUG = env_bool("DEBUG", False)

INSECURE_KEY_PREFIXES = ("django-insecure", "changeme", "secret", "fangzhi")


def secret_key_problem(key: str) -> str | None:
    """Why a secret key is unfit for production, or None when it is fine."""
    if len(key) < 50:
        return "shorter than 50 characters"
    if len(set(key)) < 5:
        return "fewer than 5 distinct characters"
    if key.lower().startswith(INSECURE_KEY_PREFIXES):
        return "a well-known placeholder"
    return None


def load_secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        problem = secret_key_problem(key)
        if problem and not DEBUG:
            raise ImproperlyConfigured(
                f"FANGZHI_SECRET_KEY is insecure ({problem}); refusing to start in production "
                "mode. Set a random key of 50+ characters, or FANGZHI_DEBUG=1 for development."
            )
        return key
    # Embedded mode: a random key made once and kept beside the data it protects.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = load_secret_key()

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "treebeard",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "fangzhi.audit",  # before auditlog: its auditlogflush command replaces auditlog's
    "auditlog",
    "huey.contrib.djhuey",
    "fangzhi.core",
    "fangzhi.accounts",
    "fangzhi.org",
    "fangzhi.works",
    "fangzhi.returns",
    "fangzhi.quality",
    "fangzhi.search",
    "fangzhi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fangzhi.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must be last: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fangzhi.urls"
WSGI_APPLICATION = "fangzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fangzhi.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------

DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'fangzhi.sqlite3'}"


def database_config(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets the worker write while pages read; IMMEDIATE avoids lock upgrades.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": database_config(env("DATABASE_URL", DEFAULT_DATABASE_URL))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Jobs (huey) ----------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env("HUEY_NAME", "fangzhi"),
        "url": REDIS_URL,
        "immediate": env_bool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": env_int("WORKERS", 2), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": env("HUEY_NAME", "fangzhi"),
        "filename": str(DATA_DIR / "jobs.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": env_int("WORKERS", 2), "worker_type": "thread"},
    }

# --- Files ----------------------------------------------------------------------------------

FILES_DIR = DATA_DIR / "files"
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "access_key": env("S3_ACCESS_KEY") or None,
            "secret_key": env("S3_SECRET_KEY") or None,
            "region_name": env("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # No MEDIA_URL: files are only ever served through checked views.
        "OPTIONS": {"location": str(FILES_DIR), "base_url": None},
    }

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 100) * 1024 * 1024
# A manuscript saved from the browser editor is one large form field; the service caps it
# at 20 MB, so the request limit for non-file fields sits just above that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# --- Authentication -------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lock out by account, not by address: a district office sits behind one NAT address, and
# locking that address would lock out every colleague at once.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("HTTPS", False)
CSRF_COOKIE_SECURE = env_bool("HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Audit ----------------------------------------------------------------------------------

# Every model is tracked except the plumbing ones; passwords and login times are not history.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "sessions",
    "contenttypes",
    "auth.permission",
    "axes",
    "authtoken",
    "auditlog",
    "core.job",
    "search.searchdocument",  # the index: rebuilt from the records, which are audited
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login")
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "fangzhi.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fangzhi API",
    "DESCRIPTION": "方志 — the local-gazetteer work of a district, as a REST API.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name with another (role, status, state, source).
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "fangzhi.accounts.roles.Role",
        "WorkStatusEnum": "fangzhi.works.models.Work.Status",
        "NodeStateEnum": "fangzhi.works.models.OutlineNode.State",
        "ManuscriptSourceEnum": "fangzhi.works.models.ManuscriptVersion.Source",
        "CreditRoleEnum": "fangzhi.works.models.Credit.Role",
        "CreditSourceEnum": "fangzhi.works.models.Credit.Source",
        "ApplicationStatusEnum": "fangzhi.works.models.SeriesApplication.Status",
        "ApplicationSeriesEnum": "fangzhi.works.models.SeriesApplication.Series",
        "ReviewDecisionEnum": "fangzhi.works.models.ReviewDecision.Decision",
        "UnitCategoryEnum": "fangzhi.org.models.Unit.Category",
        "ReturnsCategoryEnum": "fangzhi.returns.models.Category",
        "CampaignStatusEnum": "fangzhi.returns.models.Campaign.Status",
        "SubmissionStatusEnum": "fangzhi.returns.models.Submission.Status",
        "CheckRunStatusEnum": "fangzhi.quality.models.CheckRun.Status",
        "CheckerTermKindEnum": "fangzhi.quality.models.CheckerTerm.Kind",
        "KindEnum": "fangzhi.works.models.Work.Kind",  # as named before CheckerTerm.Kind
    },
}

# --- E-mail and logging ---------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "fangzhi@localhost")
SITE_NAME = env("SITE_NAME", "方志")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# --- Compilation ----------------------------------------------------------------------------

# Days before a deadline when the unit is reminded (资料报送提醒), and the hour (local time)
# of the daily reminder job.
REMINDER_DAYS = env_int("REMINDER_DAYS", 7)
REMINDER_HOUR = env_int("REMINDER_HOUR", 8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

CSRF_FAILURE_VIEW = "fangzhi.core.views.errors.csrf_failure"
