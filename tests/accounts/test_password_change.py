"""Staff change their own password from the account page; the rules apply and the change is audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.roles.factories import DEFAULT_PASSWORD, role_holder

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tanfang-visit-2026"


@pytest.fixture
def officer(client):
    user = role_holder("township_officer", "民生街道", username="xiangzhen")
    client.force_login(user)
    return user


def change(client, old, new, confirm=None):
    return client.post(reverse("accounts:password_change"),
                       {"old_password": old, "new_password1": new, "new_password2": confirm or new})


def test_wrong_old_password_is_refused_beside_the_field(client, officer):
    response = change(client, "not-the-password", NEW_PASSWORD)
    assert response.status_code == 200
    assert 'id="id_old_password-error"' in response.content.decode()


def test_a_weak_password_is_refused_with_the_rule(client, officer):
    html = change(client, DEFAULT_PASSWORD, "abcdefghij").content.decode()
    assert "至少" in html and "三类" in html
    officer.refresh_from_db()
    assert officer.check_password(DEFAULT_PASSWORD)


def test_a_good_password_is_set_audited_and_keeps_the_session(client, officer):
    response = change(client, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert client.get(reverse("workbench:home")).status_code == 200
    event = AuditEvent.objects.get(action="change", username="xiangzhen", object_type="auth.user")
    assert event.detail["fields"] == ["password"]
    assert NEW_PASSWORD not in str(event.detail)
