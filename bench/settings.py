"""Settings of the benchmarks: development settings (keys in var/), DEBUG off so nothing keeps every query,
the database from DATABASE_URL (bench/scale.py sets it), a local-memory cache the benchmark clears.

Background tasks are queued and not run (as with production's worker busy elsewhere): a page that
asks for a rollup month to be built (the 监督看板's trend) is timed as production answers it, not
with a build of a month of the whole register inside the request."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
