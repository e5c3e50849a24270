"""Settings for the SENCO Portal, read from the environment.

Every variable is listed, with its default, in docs/configuration.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# A development key is only acceptable when DEBUG is on; a real deployment must set its own.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "accounts",
    "security",
    "school",
    "pupils",
    "meetings",
    "notices",
    "documents",
    "booking",
    "replies",
    "audits",
    "portal",
    "services",
    "privacy",
    "contacts",
    "events",
    "library",
    "sen_letters",
    "support_plans",
    "plan_comments",
    "health",
    "overview",
    "provision",
    # The demo school (`manage.py demo_school`, run by `make run`): no other app imports it.
    "mis",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Around everything after it, so its redirects are covered too: nothing a signed-in person is sent is stored.
    "security.middleware.SignedInPagesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication, messages and OTP: end sessions too old or idle, then hold back anyone who owes a code.
    "security.middleware.SessionTimeoutMiddleware",
    "security.middleware.TwoStepRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "senco_portal.urls"

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
                "school.context_processors.school",
                "portal.context_processors.text_size",
            ],
            # A phone number as a link to dial: href="{{ number|tel }}" (common/phone.py). Dates and times written one
            # way everywhere (common/when.py): |day, |clock, |day_at, |on_day.
            "builtins": ["common.templatetags.phone", "common.templatetags.when"],
        },
    },
]

WSGI_APPLICATION = "senco_portal.wsgi.application"

# No DATABASE_URL: a SQLite file in the project folder, so `make run` needs no server.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before the password is even checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a parent's record with the account (sessions begun under ModelBackend end once).
    "accounts.backends.AccountBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y"]
# Dates shown as common/when.py writes them ("8 December 2026"): the language's formats give way to these.
FORMAT_MODULE_PATH = ["common.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


def default_storage_for(bucket: str) -> dict:
    """Uploaded and generated files: in MEDIA_ROOT on this machine, or, when STORAGE_BUCKET is set, in an
    S3-compatible bucket (AWS S3, MinIO, ...) through django-storages, which every web server and worker share.
    Files stay private: the site streams them to those allowed, and never links to the bucket."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.str("STORAGE_ENDPOINT_URL", default="") or None,
        "region_name": env.str("STORAGE_REGION", default="") or None,
        "access_key": env.str("STORAGE_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("STORAGE_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("STORAGE_PREFIX", default=""),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": default_storage_for(env.str("STORAGE_BUCKET", default="")),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def caches_for(redis_url: str) -> dict:
    """Redis (Django's own backend) when REDIS_URL or CACHE_URL names it, shared by every web server; otherwise
    each process keeps its own small in-memory cache, which is enough for one server (`make run`)."""
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = caches_for(env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""))

# Sessions live in the database by default, so any web server can answer any request: Django's own store, read in
# one query with the stamp of the school's settings (security/session_store.py). With a Redis cache,
# SESSION_ENGINE=django.contrib.sessions.backends.cached_db reads them from Redis and still keeps them in the database.
SESSION_ENGINE = env.str("SESSION_ENGINE", default="security.session_store")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email. With EMAIL_BACKEND unset: SMTP once EMAIL_HOST is set; otherwise, in debug (`make run`), one file
# per message in sent-emails/ in the project; otherwise the console.
EMAIL_HOST = env.str("EMAIL_HOST", default="") or "localhost"
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "sent-emails")
if env.str("EMAIL_HOST", default=""):
    _default_email_backend = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    _default_email_backend = "django.core.mail.backends.filebased.EmailBackend"
else:
    _default_email_backend = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=_default_email_backend)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="senco@school.example")

# Sessions: every sign-in ends SESSION_COOKIE_AGE after it began (12 hours), and school staff are signed out after
# STAFF_IDLE_MINUTES without a request (security/middleware.py).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (and make
# the proxy set that header), or the SSL redirect loops.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # a load balancer may ask gunicorn directly over plain HTTP
SECURE_PROXY_SSL_HEADER = env.tuple("DJANGO_SECURE_PROXY_SSL_HEADER", default=None) or None
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = env.str("DJANGO_SECURE_REFERRER_POLICY", default="same-origin")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Asking browsers to preload HSTS binds the school's whole domain to HTTPS for good (hstspreload.org), so it is the
# school's deliberate choice: off by default, and `check --deploy`'s reminder about it is silenced until it is on.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# A covering index's extra columns (the dashboard's meetings by time, meetings/models.py) are PostgreSQL's; SQLite, for
# development, makes the same index without them, and need not say so at every start.
SILENCED_SYSTEM_CHECKS += ["models.W040"]

# Content security policy (django-csp): the site's own scripts, styles and images only; no inline script or style
# (page styles live in static/css, behaviour in static/js). DJANGO_CSP_REPORT_ONLY=true only reports breaches.
_csp = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its icons (select arrows, ticks) as data: images
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
if env.bool("DJANGO_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

# Two-step sign-in (django-otp, security/): school staff always; parents and young people if they turn it on.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="SENCO Portal")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Failed sign-ins (django-axes): AXES_FAILURE_LIMIT wrong passwords or codes for one email address from one IP
# address lock that pair out for AXES_COOLOFF_MINUTES. Behind a proxy, DJANGO_CLIENT_IP_HEADER names the header
# holding the visitor's address (e.g. HTTP_X_REAL_IP), so the lock-out is per visitor, not per proxy.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Wrong current passwords (changing the password, turning off two-step sign-in) count as failed sign-ins too. And
# AXES_ADDRESS_FAILURE_LIMIT failures from one IP address, over any number of accounts, pause signing in from that
# address for the cool-off: high enough for a school's staff behind one address, low enough to stop a list of emails.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_HANDLER = "security.lockout.LockOutHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "security.lockout.username"
AXES_CLIENT_IP_CALLABLE = "security.lockout.client_ip"
CLIENT_IP_HEADER = env.str("DJANGO_CLIENT_IP_HEADER", default="")
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_page"
# Data minimisation: failed attempts are kept only until their cool-off ends; successful sign-ins are not logged.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no start-up banner in every command

# Celery: Redis when CELERY_BROKER_URL names it (production); with no broker configured, a file-system broker
# in .celery-broker/ in the project, so a fresh machine without Redis still runs the worker and beat.
# senco_portal/celery.py creates the folders.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
_broker_folder = BASE_DIR / ".celery-broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if not CELERY_BROKER_URL.startswith("filesystem")
    else {
        "data_folder_in": str(_broker_folder / "queue"),
        "data_folder_out": str(_broker_folder / "queue"),
        "processed_folder": str(_broker_folder / "processed"),
        "control_folder": str(_broker_folder / "control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_BEAT_SCHEDULE = {
    # Due messages are database rows; beat only asks for a scan (see notices/sending.py).
    "scan-due-messages": {"task": "notices.tasks.scan_due_messages", "schedule": 60.0},
    "scan-audit-reminders": {"task": "audits.tasks.scan_audit_reminders", "schedule": 60.0},
    "scan-concern-reminders": {"task": "contacts.tasks.scan_concern_reminders", "schedule": 60.0},
    "scan-reply-reminders": {"task": "replies.tasks.scan_reply_reminders", "schedule": 60.0},
    "scan-plan-comment-reminders": {"task": "plan_comments.tasks.scan_plan_comment_reminders", "schedule": 60.0},
    # The plans whose review is coming up: each one's message to the parents planned (plan_comments/sending.py).
    "plan-messages-for-reviews": {
        "task": "plan_comments.tasks.plan_messages_for_reviews_coming_up",
        "schedule": 3600.0,
    },
    # A worker notes the time in the database; /health/ reports a worker silent for HEALTH_HEARTBEAT_MAX_MINUTES.
    "worker-heartbeat": {"task": "health.tasks.heartbeat", "schedule": 60.0},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fixup closes the database connection before and after every task unless this is set; set, it
# closes it every this many tasks. The worker keeps its connections as the web server does instead (CONN_MAX_AGE,
# closed when unusable: senco_portal/celery.py), so a connection lives at most this many tasks or that many seconds.
CELERY_DB_REUSE_MAX = 1000
CELERY_TIMEZONE = TIME_ZONE

# /health/ (health/): how long the worker may be silent, and how long to wait for Redis and the mail server,
# before it answers 503.
HEALTH_HEARTBEAT_MAX_MINUTES = env.float("HEALTH_HEARTBEAT_MAX_MINUTES", default=5)
HEALTH_REDIS_TIMEOUT_SECONDS = env.float("HEALTH_REDIS_TIMEOUT_SECONDS", default=2.0)
HEALTH_EMAIL_TIMEOUT_SECONDS = env.float("HEALTH_EMAIL_TIMEOUT_SECONDS", default=3.0)

# Absolute links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Pupils per page on the register.
REGISTER_PAGE_SIZE = env.int("REGISTER_PAGE_SIZE", default=50)

# Years after a pupil's date of birth that their SEN file is kept (commonly date of birth + 31 years); the SENCO's
# "Records past their retention date" page lists those past it. Nothing is deleted automatically.
RECORD_RETENTION_YEARS = env.int("RECORD_RETENTION_YEARS", default=31)
if not 1 <= RECORD_RETENTION_YEARS <= 150:
    raise ImproperlyConfigured("RECORD_RETENTION_YEARS must be a number of years from 1 to 150.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
