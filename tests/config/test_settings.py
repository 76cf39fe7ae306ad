"""Environment settings: production refuses to run without its secrets and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DUMMY_PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "dummy-production-key-4f9a1c7e2b8d6a0f3e5c9b7a1d2e4f6a8c0b2d4e6f8a",
    "DJANGO_ALLOWED_HOSTS": "tanfang.example.org",
    "TANFANG_FIELD_ENCRYPTION_KEYS": "ZHVtbXkgcHJvZHVjdGlvbiBmaWVsZCBrZXkgMDAwMS4=",
    "TANFANG_LOOKUP_HASH_KEY": "ZHVtbXkgcHJvZHVjdGlvbiBsb29rdXAga2V5IDAwMS4=",
}


def run_manage(*args, env):
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base_env, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_production_passes_deploy_checks_with_warnings_as_failures():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=DUMMY_PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in DUMMY_PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_nothing_calls_out_of_the_machine():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAILEMBEDS_FINDERS == []


def test_guardian_is_an_authentication_backend_without_anonymous_user():
    assert "guardian.backends.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS
    assert settings.ANONYMOUS_USER_NAME is None


def test_suite_runs_on_the_database_it_was_given():
    from django.db import connection

    expected = "postgresql" if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_plain_http_serves_local_hosts_only():
    """make serve-production runs production settings over http://127.0.0.1 (no Secure cookies), nowhere else."""
    local = {**DUMMY_PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "TANFANG_PLAIN_HTTP": "true"}
    shown = run_manage("shell", "--no-imports", "-c", "from django.conf import settings as s; "
                       "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)", env=local)
    assert shown.stdout.split() == ["False", "False", "False"], shown.stderr
    refused = run_manage("check", env={**DUMMY_PRODUCTION_ENV, "TANFANG_PLAIN_HTTP": "true"})
    assert refused.returncode != 0 and "TANFANG_PLAIN_HTTP" in refused.stderr


def test_sqlite_writers_queue_instead_of_failing_with_database_is_locked():
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", "from config.settings import dev; print(dev.DATABASES['default']['OPTIONS'])"],
        cwd=ROOT / "site", env={**base, "DJANGO_SECRET_KEY": "x" * 50}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'transaction_mode': 'IMMEDIATE', 'timeout': 20}"
