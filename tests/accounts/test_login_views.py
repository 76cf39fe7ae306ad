"""The workbench sign-in page: Chinese, phone-first, errors beside fields, safe next, POST-only logout."""

import pytest
from django.urls import reverse

from accounts.views import home_url
from tests.roles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_page_is_in_chinese_with_large_labelled_inputs(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "工作人员登录" in page and ">用户名<" in page and ">密码<" in page
    assert 'autocomplete="current-password"' in page and "accounts/accounts.css" in page


def test_wrong_password_shows_a_chinese_error(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_missing_fields_are_reported_beside_them(client):
    page = client.post(reverse("accounts:login"), {"username": "", "password": ""}).content.decode()
    assert page.count('class="field-error"') == 2


def test_login_goes_to_next_or_home(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"),
                           {"username": user.username, "password": DEFAULT_PASSWORD, "next": "/accounts/"})
    assert response["Location"] == "/accounts/"
    client.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response["Location"] == home_url()  # workbench:home once mounted, else "/"


def test_next_to_another_site_is_ignored(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": DEFAULT_PASSWORD,
                                                       "next": "https://evil.example/steal"})
    assert "evil.example" not in response["Location"]


def test_logout_is_post_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_wagtail_admin_still_redirects_to_its_own_login(client):
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_account_page_needs_login(client):
    response = client.get(reverse("accounts:account"))
    assert response["Location"].startswith(reverse("accounts:login"))
