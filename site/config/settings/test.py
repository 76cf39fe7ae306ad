"""Settings for the test suite: PostgreSQL when TEST_DATABASE_URL names one, else SQLite."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "tests-only-secret-key-not-for-any-deployment-0123456789"
# Fixed keys, so a failing test can be replayed; they protect nothing.
FIELD_ENCRYPTION_KEYS = ["dGFuZmFuZyB0ZXN0cyBvbmx5OiBmaWVsZCBrZXkgQS4="]
LOOKUP_HASH_KEY = "dGFuZmFuZyB0ZXN0cyBvbmx5OiBsb29rdXAga2V5Li4="
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if os.environ.get("TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["TEST_DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# django-axes stays on; this subclass only lets Client.login() (which passes no request) through.
AUTHENTICATION_BACKENDS = ["accounts.backends.TestClientAxesBackend", *AUTHENTICATION_BACKENDS[1:]]  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One folder per pytest-xdist worker ("gw0", "gw1" …), so parallel workers never share files.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_WORKER}"
TANFANG_PRIVATE_ROOT = BASE_DIR / "var" / f"test-private{_WORKER}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files through the finders: the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The throwaway flows of tests/workflows: Viewflow stores a flow as "<app label>/<module>.<class>".
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflows"]  # noqa: F405
