"""Sessions end after 30 idle minutes, 12 hours after login at the latest, and when the browser closes."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import LOGIN_AT_KEY, RENEWED_AT_KEY
from audit.models import AuditEvent
from tests.roles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    user = UserFactory()
    client.post(reverse("accounts:login"), {"username": user.username, "password": DEFAULT_PASSWORD})
    assert client.get(reverse("accounts:account")).status_code == 200
    return user


def test_session_settings(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_the_session_cookie_ends_with_the_browser(client, logged_in):
    cookie = client.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"] and cookie["httponly"]


def test_idle_for_30_minutes_logs_out(client, logged_in):
    """What 30 idle minutes leave: the session's row expired and its cached copy (kept for as long as
    the session lasts) gone."""
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    cache.delete(SessionStore(session_key=key).cache_key)
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_use_pushes_the_idle_limit_back(client, logged_in):
    session = client.session
    session[RENEWED_AT_KEY] = int(time.time()) - 61  # last written more than a minute ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get(reverse("accounts:account"))
    renewed = Session.objects.get(session_key=client.session.session_key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)


def test_requests_within_a_minute_do_not_write_the_session(client, logged_in):
    client.get(reverse("accounts:account"))
    written = Session.objects.get(session_key=client.session.session_key).expire_date
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=written - timedelta(minutes=1))
    client.get(reverse("accounts:account"))
    assert Session.objects.get(session_key=client.session.session_key).expire_date == written - timedelta(minutes=1)


def test_twelve_hours_after_login_logs_out_and_is_audited(client, logged_in):
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - 12 * 3600 - 60
    session.save()
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    logout = AuditEvent.objects.filter(action="logout").get()
    assert (logout.username, logout.detail) == (logged_in.username, {"reason": "absolute_timeout"})


def test_eleven_hours_after_login_is_still_fine(client, logged_in):
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - 11 * 3600
    session.save()
    assert client.get(reverse("accounts:account")).status_code == 200
