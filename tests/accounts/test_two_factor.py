"""TOTP: enrolment with a QR code, verification after login, removal, and enforcement for admins."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.views import home_url
from audit.models import AuditEvent
from tests.roles.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device):
    """The code an authenticator app shows now for ``device`` (django-otp's throttle after a wrong one lifted)."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def login(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": DEFAULT_PASSWORD})


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    return device


def admin_user():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def test_enrolment_shows_a_qr_code_and_the_secret_then_confirms_with_a_code(client):
    user = UserFactory()
    login(client, user)
    page = client.get(reverse("accounts:two_factor_enroll")).content.decode()
    assert "<svg" in page and "<?xml" not in page
    secret = re.search(r"data-otp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key

    wrong = client.post(reverse("accounts:two_factor_enroll"), {"token": "000000" if code_for(device) != "000000"
                                                                  else "111111"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    response = client.post(reverse("accounts:two_factor_enroll"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="otp_enable", username=user.username).exists()
    assert 'data-two-factor-status="on"' in client.get(reverse("accounts:account")).content.decode()


def test_after_login_an_enrolled_account_must_enter_its_code(client):
    user = UserFactory()
    device = enrolled(user)
    response = login(client, user)
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    # Half signed in: every other page sends the account back to the code page.
    for url in (reverse("accounts:account"), reverse("accounts:two_factor_enroll"), "/admin/"):
        assert client.get(url)["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.post(reverse("accounts:two_factor_verify"), {"token": "12345x"}).status_code == 200
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code_for(device), "next": "/accounts/"})
    assert response["Location"] == "/accounts/"
    assert client.get(reverse("accounts:account")).status_code == 200
    assert AuditEvent.objects.filter(action="otp_verify", outcome="success").count() == 1


def test_next_pointing_elsewhere_is_ignored(client):
    user = UserFactory()
    device = enrolled(user)
    login(client, user)
    response = client.post(reverse("accounts:two_factor_verify"),
                           {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == home_url()


def test_disabling_needs_a_current_code(client):
    user = UserFactory()
    device = enrolled(user)
    login(client, user)
    client.post(reverse("accounts:two_factor_verify"), {"token": code_for(device)})
    assert client.post(reverse("accounts:two_factor_disable"), {"token": "000000"}).status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()
    # A used code can't be replayed: wait for the next step by moving the device's last step back.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    response = client.post(reverse("accounts:two_factor_disable"), {"token": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="otp_disable", username=user.username).exists()


def test_disable_is_post_only(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:two_factor_disable")).status_code == 405


class TestAdminEnforcementOff:
    def test_admin_without_device_opens_the_admin(self, client, settings):
        settings.TANFANG_REQUIRE_ADMIN_2FA = False
        client.force_login(admin_user())
        assert client.get("/admin/").status_code == 200

    def test_login_pages_say_two_factor_is_off(self, client, settings):
        settings.TANFANG_REQUIRE_ADMIN_2FA = False
        for url in (reverse("accounts:login"), reverse("wagtailadmin_login")):
            assert "演示环境未启用双因素认证（生产环境对管理员强制启用）" in client.get(url).content.decode()


class TestAdminEnforcementOn:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.TANFANG_REQUIRE_ADMIN_2FA = True

    def test_admin_without_device_is_sent_to_enrol(self, client):
        client.force_login(admin_user())
        response = client.get("/admin/registry/elder/")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:two_factor_enroll") + "?next=%2Fadmin%2Fregistry%2Felder%2F"

    def test_admin_with_device_must_verify_then_gets_in(self, client):
        user = admin_user()
        device = enrolled(user)
        client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": DEFAULT_PASSWORD})
        response = client.get("/admin/")
        assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
        client.post(reverse("accounts:two_factor_verify"), {"token": code_for(device), "next": "/admin/"})
        assert client.get("/admin/").status_code == 200

    def test_enrolling_lets_the_admin_in(self, client):
        user = admin_user()
        client.force_login(user)
        client.get(reverse("accounts:two_factor_enroll"))
        device = TOTPDevice.objects.get(user=user)
        response = client.post(reverse("accounts:two_factor_enroll"), {"token": code_for(device), "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_accounts_without_admin_access_are_not_forced(self, client):
        client.force_login(UserFactory())
        assert client.get(reverse("accounts:account")).status_code == 200

    def test_login_pages_say_two_factor_is_required(self, client):
        for url in (reverse("accounts:login"), reverse("wagtailadmin_login")):
            page = client.get(url).content.decode()
            assert "强制启用双因素认证" in page and "演示环境未启用" not in page
