"""Settings shared by every environment. Environment files import * from here and adjust."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

# site/config/settings/base.py -> the repository root is three levels up from settings/.
SOURCE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SOURCE_DIR.parent
VAR_DIR = Path(os.environ.get("TANFANG_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
# The local demo (``make run``): ``load_demo_data`` may run and Django serves uploaded media itself.
# Separate from DEBUG, so that the demo shows the project's own error pages. Never on in production.
TANFANG_DEMO_SITE = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [host for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if host]
# ID numbers and phones are encrypted at rest (registry.crypto): AES-256-GCM keys, newest first
# (the first encrypts, all decrypt), and a separate HMAC key for the ID number lookup hash.
FIELD_ENCRYPTION_KEYS = [key.strip() for key in os.environ.get("TANFANG_FIELD_ENCRYPTION_KEYS", "").split(",")
                         if key.strip()]
LOOKUP_HASH_KEY = os.environ.get("TANFANG_LOOKUP_HASH_KEY", "").strip()

INSTALLED_APPS = [
    # tanfang
    "config",
    "roles",
    "registry",
    "policy_pages",
    "forms",
    "workflows",
    "demo",
    "audit",
    "accounts",
    "workbench",
    "printing",
    "supervision",
    "census_import",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "roles.users_app.UsersConfig",  # wagtail.users with the 三权分立 check on user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "viewflow.workflow",
    "django_rq",  # production's task queue (django_tasks_rq on Redis); its worker command
    "django_tasks_rq",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.AbsoluteSessionLimitMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its 429 page.
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
                "wagtail.contrib.settings.context_processors.settings",
                "workflows.context_processors.open_tasks",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue (up to 20 s) from the start of their transaction instead of failing with
    # "database is locked" when two people act on the same thing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out usernames before any password check
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Without this guardian creates an "AnonymousUser" row that shows up among Wagtail's users.
ANONYMOUS_USER_NAME = None

# Django's checks with Chinese messages, plus 3 of 4 character classes (accounts.validators).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.validators.CommonPasswordValidator"},
    {"NAME": "accounts.validators.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
# The workbench's sign-in page; the Wagtail admin redirects to its own (wagtailadmin_login).
LOGIN_URL = "accounts:login"

# Sign-in hardening (django-axes): 5 failures lock the username for 30 minutes; answer 429.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# By username only: a township office's staff share one NAT address, which an IP lockout would shut out.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # "no ip_address in AXES_LOCKOUT_PARAMETERS": deliberate, see above
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout don't extend it: it ends 30 minutes after the 5th failure, as the page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit trail
AXES_CLIENT_IP_CALLABLE = "audit.recording.client_ip"
# How many reverse proxies in front of Django append to X-Forwarded-For (0: ignore the header).
TANFANG_TRUSTED_PROXY_COUNT = int(os.environ.get("TANFANG_TRUSTED_PROXY_COUNT", "0"))

# Sessions: 30 minutes idle, 12 hours after login at most, gone when the browser closes. Renewed by
# accounts.sessions once a minute of use, not on every request.
# Read from the cache (Redis in production), written through to the database: a signed-in page
# reads no session row.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
TANFANG_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60

# Two-factor authentication (django-otp, TOTP); production forces it on admin accounts.
TANFANG_REQUIRE_ADMIN_2FA = os.environ.get("TANFANG_REQUIRE_ADMIN_2FA", "false").lower() == "true"
OTP_TOTP_ISSUER = "探访关爱"

# Audit trail: rows are kept at least this long (never less than 180 days, PIPL / 等保 2.0).
TANFANG_AUDIT_RETENTION_DAYS = max(int(os.environ.get("TANFANG_AUDIT_RETENTION_DAYS", "180")), 180)

# Visits: days after a visit's due date before it counts as overdue and is escalated (workflows.schedule).
TANFANG_VISIT_GRACE_DAYS = max(int(os.environ.get("TANFANG_VISIT_GRACE_DAYS", "3")), 0)

# Security headers. Content-Security-Policy (django-csp 4): nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": [], "payment": []}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Our translations of the Wagtail and Django admin strings their zh_Hans catalogs lack (locale/, compiled .mo).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Generated PDFs of personal data (printing.storage): never under MEDIA_ROOT, no URL; they leave
# only through access-checked, audited views. Batches and their files go after this many days.
TANFANG_PRIVATE_ROOT = Path(os.environ.get("TANFANG_PRIVATE_ROOT", VAR_DIR / "private"))
TANFANG_PRINT_BATCH_RETENTION_DAYS = int(os.environ.get("TANFANG_PRINT_BATCH_RETENTION_DAYS", "7"))
# One PDF render (printing.rendering) stops after this many seconds: the user gets a 503 page.
TANFANG_PDF_RENDER_SECONDS = float(os.environ.get("TANFANG_PDF_RENDER_SECONDS", "60"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Viewflow drives the case workflows through our own workbench views (see workflows). Only its
# workflow engine is installed: the base "viewflow" app would bring its Material UI (49 MB of
# static files), error templates (400/403/404/500.html) that would replace ours, and middlewares.
VIEWFLOW = {"AUTOREGISTER": False}

# Background work runs in-process by default; production points this at a real queue (RQ on Redis).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# RQ jobs must be django_tasks_rq's Job class, so ``manage.py rqworker default`` runs our tasks as is.
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# Wagtail
WAGTAIL_SITE_NAME = "探访关爱"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The admin speaks Chinese only: no other language (nor time zone) for a user profile to choose.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Nothing leaves the machine: no update check, no avatars from a third party.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "txt", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No full ID number or mobile number in any log line.
    "filters": {"mask_personal_numbers": {"()": "audit.log_filters.MaskPersonalNumbersFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_personal_numbers"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Listed so that Django's own unfiltered handlers are dropped: their lines go through the root's.
        "django": {"level": "INFO"},
        "django.server": {"level": "INFO", "propagate": True},
        # One line per background task (Wagtail queues several on every save) is noise.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs every successful login at INFO; the audit trail has them already.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each rendering step of every PDF at INFO, and fontTools every font it subsets.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The workbench offline (workbench.offline): a visitor's phone drops what it keeps after this many days without a sync.
TANFANG_OFFLINE_MAX_DAYS = max(int(os.environ.get("TANFANG_OFFLINE_MAX_DAYS", "7")), 1)
