"""Production: PostgreSQL, Redis, HTTPS. Refuses to start without its secrets."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, FIELD_ENCRYPTION_KEYS, LOOKUP_HASH_KEY, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production (comma-separated).")
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "TANFANG_FIELD_ENCRYPTION_KEYS must be set in production (32-byte URL-safe base64 keys, comma-separated, "
        "newest first): ID numbers and phones are encrypted with it.")
if not LOOKUP_HASH_KEY:
    raise ImproperlyConfigured(
        "TANFANG_LOOKUP_HASH_KEY must be set in production (a 32-byte URL-safe base64 key, distinct from the "
        "encryption keys): the ID number lookup hash uses it.")

DEBUG = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Background tasks (monthly print batches, Wagtail's index updates) go to Redis and run in
# ``python manage.py rqworker default`` processes. A township's month of records can take minutes.
TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": os.environ.get("TANFANG_TASKS_REDIS_URL", REDIS_URL), "DEFAULT_TIMEOUT": 3600}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS is terminated by the reverse proxy in front of the WSGI server.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# TANFANG_PLAIN_HTTP=true serves these settings over plain HTTP on this machine only (make serve-production,
# the load test): cookies without the Secure flag, no redirect to HTTPS, no HSTS. Refused for any other host.
if os.environ.get("TANFANG_PLAIN_HTTP", "false").lower() == "true":
    if not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]"}:
        raise ImproperlyConfigured("TANFANG_PLAIN_HTTP is for 127.0.0.1/localhost only: set DJANGO_ALLOWED_HOSTS so.")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
# Accounts that may open the Wagtail admin must use TOTP; TANFANG_REQUIRE_ADMIN_2FA=false turns it off.
TANFANG_REQUIRE_ADMIN_2FA = os.environ.get("TANFANG_REQUIRE_ADMIN_2FA", "true").lower() == "true"
