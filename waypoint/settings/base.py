"""Settings shared by every environment; values come from the environment (contracts §2)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "directory",
    "outreach",
    "assessment",
    "cases",
    "referrals",
    "reporting",
    "search",
    "staff",
    "demo",
    "perf",  # bench_load only; no models, nothing served
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "waypoint.security",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "waypoint.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "waypoint.security.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection is checked before reuse, so one dropped by a PostgreSQL restart is
        # replaced instead of failing the next request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# Ours, then Spanish for the Wagtail messages its own catalogues do not translate yet.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "wagtailadmin_login"

# Background work (reminders, search-index sync) goes through django-tasks, which Wagtail 8 brings.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "waypoint@localhost")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

WAGTAIL_SITE_NAME = "Waypoint"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
# No avatars from gravatar.com: the CSP allows no outside images, and staff e-mail hashes stay here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Waypoint ---------------------------------------------------------------------------------
# The HSDS 3.0 schemas, vendored; the 3.1-dev ones (capacity) sit beside them.
HSDS_SCHEMA_DIR = Path(
    os.environ.get(
        "HSDS_SCHEMA_DIR", BASE_DIR / "directory" / "hsds" / "specification" / "schema-3.0"
    )
)
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# A search waits this long for Elasticsearch before the database answers (degraded); after a node
# gave no answer, the database answers alone for ELASTICSEARCH_RETRY_AFTER seconds.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "1.5"))
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "5"))
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "waypoint-services")
GEOCODER = os.environ.get("GEOCODER", "")
GEOCODER_TIMEOUT_MS = int(os.environ.get("GEOCODER_TIMEOUT_MS", "300"))
# Where search looks for places, as "south,west,north,east" (unset: around the directory's own
# locations, or the shipped Hartford gazetteer while the directory is empty), and the area's name
# in messages (unset: the gazetteer's city, or the city most directory addresses give).
SEARCH_AREA = os.environ.get("SEARCH_AREA", "")
SEARCH_AREA_NAME = os.environ.get("SEARCH_AREA_NAME", "")
# What a geocoder query ends with; unset means ", <area name>, <state>" (e.g. ", Hartford, CT").
GEOCODER_QUERY_SUFFIX = os.environ.get("GEOCODER_QUERY_SUFFIX")
# A bed count older than this is shown as stale, not as fact.
CAPACITY_STALE_HOURS = int(os.environ.get("CAPACITY_STALE_HOURS", "12"))
# Listings not verified within this many days show up for moderators and get a reminder.
LISTING_VERIFY_DAYS = int(os.environ.get("LISTING_VERIFY_DAYS", "180"))

# --- Security (issue 9; docs/security.md) ------------------------------------------------------
# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "waypoint.security.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None
AXES_SENSITIVE_PARAMETERS = ["password"]
# Staff who can see persons, encounters or referrals must pass a TOTP second factor.
WAYPOINT_REQUIRE_2FA = env_bool("WAYPOINT_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Waypoint"
# Sessions end after this much inactivity (the expiry moves forward on every request).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "waypoint.security.session_store"  # database sessions; a lost connection is a 503
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages (URL names) and static files of apps above outreach that the outreach service worker
# keeps for use with no signal, beside the quick log and the directory.
OUTREACH_OFFLINE_PAGES = ["assessment:screening_new", "assessment:assessment_new"]
OUTREACH_OFFLINE_ASSETS = [
    "assessment/screening.js",
    "assessment/assessment.js",
    "assessment/assessment.css",
]

# Persons and encounters older than this are anonymised by `manage.py apply_retention`.
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", str(7 * 365)))
# Error reports keep names of fields and locals, never the values (they may be a person's data).
DEFAULT_EXCEPTION_REPORTER_FILTER = "waypoint.security.reporting.PersonalDataReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "waypoint.security.reporting.PersonalDataReporter"
