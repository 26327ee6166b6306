"""Klusmarkt settings: every deploy-specific value from the environment.

The accounts section (allauth, MFA, single sign-on, sessions) is in ``marketplace/conf/accounts.py``.

The defaults make a fresh clone work with no services: SQLite, eager Celery tasks and email
printed to the console. Production is a set of environment variables (see ``.env.example``).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from marketplace.conf.accounts import *  # noqa: F403 - a section of this file, kept apart for its size
from marketplace.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Never use the development key in production: `check --deploy` flags the prefix.
SECRET_KEY = env_secret("SECRET_KEY", "django-insecure-klusmarkt-development-key-change-me")
# Earlier keys after a rotation, separated by whitespace (one a line in SECRET_KEY_FALLBACKS_FILE):
# sessions, password-reset links and signed references made with them stay valid.
SECRET_KEY_FALLBACKS = env_secret("SECRET_KEY_FALLBACKS").split()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "marketplace",
    "networks",
    "profiles",
    "assignments",
    "matching",
    "placements",
    "demo",
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # Liveness and readiness probes, before host checks and the HTTPS redirect (marketplace/probes.py).
    "marketplace.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one, so every response gets it (redirects, static files, errors).
    "marketplace.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "marketplace.middleware.SessionAbsoluteTimeoutMiddleware",
    "marketplace.middleware.MfaRequiredMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
AUTH_USER_MODEL = "marketplace.User"

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
                "csp.context_processors.nonce",
                "marketplace.context_processors.site",
            ],
        },
    },
]

# Database: SQLite next to the code unless DATABASE_URL says otherwise.
# The URLs carry passwords, so they may also come from files (DATABASE_URL_FILE, REDIS_URL_FILE).
DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # JIT compiles every plan costed above 100k (the visibility rules at scale) on each request:
    # 3.6 s instead of 0.4 s for one profile count at 20k profiles (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", env_str("DB_PG_OPTIONS", "-c jit=off"))

# Cache: Redis when configured (shared by all workers, so rate limits hold), else local memory.
REDIS_URL = env_secret("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "klusmarkt",
        }
    }
    # Sessions read from Redis (written through to the database): one query less per request.
    # Only with a cache shared by every worker, or a logout would linger in another's memory.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: Dutch first, English second; Amsterdam time.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# django-filter: a select without a choice filters nothing, and says so ("Alle").
FILTERS_EMPTY_CHOICE_LABEL = _("All")
# locale-vendor holds fixes for third-party messages; makemessages only rewrites locale/.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-vendor"]
TIME_ZONE = "Europe/Amsterdam"
# The one date format: templates use DATE_FORMAT / DATETIME_FORMAT; English spells months in full too.
FORMAT_MODULE_PATH = ["marketplace.formats"]
USE_I18N = True
USE_TZ = True

# Static files are served by whitenoise; uploads are private and never get a public URL.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Past one machine, uploads go to a private S3-compatible bucket shared by every instance
# (S3_BUCKET set); without it, to MEDIA_ROOT on this machine. Files have no URL either way:
# views stream them after the visibility check (see marketplace/lib/storage.py for why).
S3_BUCKET = env_str("S3_BUCKET")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")
if S3_ENDPOINT_URL and not S3_BUCKET:
    raise ImproperlyConfigured("S3_ENDPOINT_URL is set but S3_BUCKET is not: name the bucket for uploads")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "marketplace.lib.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Empty means AWS itself; MinIO, Ceph or a provider's endpoint otherwise.
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": env_str("S3_REGION") or None,
            # Empty: boto3's own chain (a pod identity, AWS_* variables, a credentials file).
            "access_key": env_secret("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX").strip("/"),
            # Most S3-compatible servers want path-style addressing; AWS chooses for itself.
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else "") or None,
            "signature_version": "s3v4",
        },
    }
# Uploaded files stay in memory (bounded by MAX_UPLOAD_BYTES), never in a temporary file on disk.
FILE_UPLOAD_HANDLERS = ["marketplace.lib.uploads.BoundedMemoryUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 5 * 1024 * 1024)

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Klusmarkt <noreply@klusmarkt.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a broker makes tasks run in workers; without one they run in the request (eager).
CELERY_BROKER_URL = env_secret("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Beat's Redis lock (marketplace.celery.LockedScheduler): a second beat takes over this long
# after the first one stopped renewing it.
BEAT_LOCK_TTL = env_int("BEAT_LOCK_TTL", 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 2,
    "max_retries": 1,
}

# Transport and headers. Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS preload is a near-irreversible commitment for the whole registrable domain: a deployment
# decision (SECURE_HSTS_PRELOAD=true). Until it is taken, `check --deploy` need not remind us.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# Retention (AVG): profiles inactive this long are warned, then hidden after the grace period.
RETENTION_INACTIVE_DAYS = env_int("RETENTION_INACTIVE_DAYS", 730)
RETENTION_GRACE_DAYS = env_int("RETENTION_GRACE_DAYS", 91)

# /.well-known/security.txt (RFC 9116). Expires defaults to 180 days after the request date
# unless pinned (ISO 8601, e.g. 2027-06-01T00:00:00Z); RFC 9116 asks for less than a year.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@klusmarkt.example")
SECURITY_TXT_EXPIRES = env_str("SECURITY_TXT_EXPIRES")
SECURITY_TXT_POLICY = env_str("SECURITY_TXT_POLICY")

# The privacy statement (AVG art. 13): who is responsible, and how to reach them.
PRIVACY_CONTROLLER = env_str("PRIVACY_CONTROLLER", "[name of the organisation that runs Klusmarkt]")
PRIVACY_CONTACT = env_str("PRIVACY_CONTACT", "privacy@klusmarkt.example")
PRIVACY_DPO_CONTACT = env_str("PRIVACY_DPO_CONTACT", "fg@klusmarkt.example")
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", "toegankelijkheid@klusmarkt.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Without a broker every task runs in the request: a "Task … succeeded" line per task, and
    # kombu's "No hostname was supplied" about a broker that is not used, only bury what matters.
    "loggers": (
        {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
        if CELERY_TASK_ALWAYS_EAGER
        else {}
    ),
}

# The open API (/api/v1/, docs/api.md): keys per network, JSON only, errors as problem+json.
API_CONTACT_EMAIL = env_str("API_CONTACT_EMAIL", "api@klusmarkt.example")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.v1.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.v1.auth.HasReadScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.v1.auth.ClientRateThrottle", "api.v1.auth.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "client": env_str("API_RATE_PER_CLIENT", "600/min"),
        "anonymous": env_str("API_RATE_ANONYMOUS", "60/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "api.v1.pagination.LinkedPagination",
    # No OPTIONS self-description: the OpenAPI document is the one description.
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.v1.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 1),
}
# Federation peers must use HTTPS; plain HTTP only for development and the two-instance test.
FEDERATION_ALLOW_HTTP = env_bool("FEDERATION_ALLOW_HTTP", False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Klusmarkt API",
    "DESCRIPTION": "Klussen, netwerken en organisaties van Klusmarkt, zoals een netwerk ze ziet (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVERS": [{"url": f"{SITE_URL}/api/v1", "description": "Klusmarkt"}],
    "CONTACT": {"name": "Klusmarkt", "email": API_CONTACT_EMAIL, "url": SITE_URL},
    "LICENSE": {"name": "EUPL-1.2"},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.v1.schema.add_adr_requirements",
    ],
}

FORM_RENDERER = "marketplace.lib.forms.FormRenderer"
