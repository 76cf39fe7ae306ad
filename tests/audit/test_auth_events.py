"""Logins, logouts, failed logins and lockouts are recorded with the IP address."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.roles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ["accounts:login", "wagtailadmin_login"]


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_login_and_logout(client, page):
    user = UserFactory()
    client.post(reverse(page), {"username": user.username, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.2.3.4")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.2.3.4")
    login, logout = AuditEvent.objects.filter(action__in=["login", "logout"]).order_by("id")
    assert (login.action, login.user, login.ip, login.outcome) == ("login", user, "10.2.3.4", "success")
    assert (logout.action, logout.username, logout.ip) == ("logout", user.username, "10.2.3.4")


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_failed_login_names_the_attempted_username_never_the_password(client, page):
    user = UserFactory()
    client.post(reverse(page), {"username": user.username, "password": "wrong-Password-1"}, REMOTE_ADDR="10.2.3.5")
    event = AuditEvent.objects.get(action="login_failed")
    assert (event.user, event.username, event.outcome, event.ip) == (None, user.username, "failure", "10.2.3.5")
    assert event.detail == {"attempted_username": user.username}
    assert "wrong-Password-1" not in str(event.detail)


def test_lockout_is_recorded(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "nope"})
    lockout = AuditEvent.objects.get(action="lockout")
    assert (lockout.username, lockout.outcome) == (user.username, "denied")
    assert AuditEvent.objects.filter(action="login_failed").count() == 5
