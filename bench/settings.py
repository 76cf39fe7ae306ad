"""Settings of the benchmarks: development settings (keys in var/), DEBUG off so nothing keeps every query,
the database from DATABASE_URL (bench/scale.py sets it), a local-memory cache the benchmark clears."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
