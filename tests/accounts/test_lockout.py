"""django-axes: 5 failed logins lock the username for 30 minutes on both login pages (429, Chinese page)."""

from contextlib import ExitStack
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.roles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ["accounts:login", "wagtailadmin_login"]
LOCKOUT_MESSAGE = "登录失败次数过多，账号已锁定30分钟，请稍后再试或联系管理员"


def attempt(client, page, username, password):
    return client.post(reverse(page), {"username": username, "password": password})


@pytest.fixture
def later():
    """Move the clock forward for Django and django-axes, without sleeping."""

    def _move(minutes):
        moved = timezone.now() + timedelta(minutes=minutes)
        clocks = ["django.utils.timezone.now", "axes.attempts.now", "axes.handlers.proxy.now"]
        stack = ExitStack()
        for clock in clocks:
            stack.enter_context(mock.patch(clock, return_value=moved))
        return stack

    return _move


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_fifth_failure_locks_the_username_with_429(client, page):
    user = UserFactory()
    for _ in range(4):
        assert attempt(client, page, user.username, "wrong").status_code == 200
    response = attempt(client, page, user.username, "wrong")
    assert response.status_code == 429
    assert LOCKOUT_MESSAGE in response.content.decode()
    # Even the right password is refused now, and nobody is logged in.
    response = attempt(client, page, user.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_lock_is_per_username(client, page):
    locked, other = UserFactory(), UserFactory()
    for _ in range(5):
        attempt(client, page, locked.username, "wrong")
    assert attempt(client, page, other.username, DEFAULT_PASSWORD).status_code == 302


def test_failures_on_both_pages_add_up(client):
    user = UserFactory()
    for page in LOGIN_PAGES * 2:
        attempt(client, page, user.username, "wrong")
    assert attempt(client, "accounts:login", user.username, "wrong").status_code == 429


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_unlocked_after_30_minutes(client, page, later):
    user = UserFactory()
    for _ in range(5):
        attempt(client, page, user.username, "wrong")
    with later(29):
        assert attempt(client, page, user.username, DEFAULT_PASSWORD).status_code == 429
    with later(31):
        assert attempt(client, page, user.username, DEFAULT_PASSWORD).status_code == 302


def test_a_success_resets_the_count(client):
    user = UserFactory()
    for _ in range(4):
        attempt(client, "accounts:login", user.username, "wrong")
    assert attempt(client, "accounts:login", user.username, DEFAULT_PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert attempt(client, "accounts:login", user.username, "wrong").status_code == 200


def test_client_login_in_tests_still_works_with_axes_enabled(client, settings):
    assert settings.AXES_ENABLED is True
    user = UserFactory()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
