"""Security headers on public pages, the sign-in page and the admin."""

import pytest
from django.urls import reverse

from tests.roles.factories import role_holder

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'", "script-src": "'self'", "img-src": "'self' data:", "font-src": "'self' data:",
    "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
}


def directives(response):
    parts = [part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: value for name, value in parts}


@pytest.fixture
def pages(client):
    def _get():
        officer = role_holder("province_civil_affairs", "广西壮族自治区")
        public = client.get(reverse("search"))
        login = client.get(reverse("accounts:login"))
        client.force_login(officer)
        return [public, login, client.get("/admin/"), client.get("/admin/registry/elder/")]

    return _get


def test_headers_on_public_and_admin_pages(pages):
    for response in pages():
        assert response.status_code == 200
        csp = directives(response)
        for name, value in EXPECTED_CSP.items():
            assert csp[name] == value, (response.request["PATH_INFO"], name)
        assert csp["style-src"].startswith("'self'")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy


def test_public_pages_allow_no_inline_style(client):
    assert directives(client.get(reverse("search")))["style-src"] == "'self'"
