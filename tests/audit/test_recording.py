"""The recording API other apps call: audit.record, audit.record_for_user, for_object, client IPs."""

import pytest
from django.test import RequestFactory, override_settings

import audit
from audit.models import Action, AuditEvent, Outcome
from audit.recording import client_ip
from registry.models import Elder
from tests.registry.factories import ElderFactory
from tests.roles.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def request_by(user, path="/workbench/elders/1/", **meta):
    request = RequestFactory().get(path, **meta)
    request.user = user
    return request


@pytest.mark.parametrize("action", [Action.VIEW, Action.EXPORT, Action.PRINT, Action.REVEAL, Action.DENIED])
def test_record_names_who_what_and_which_object_without_personal_data(action):
    profile = StaffProfileFactory()
    elder = ElderFactory()
    outcome = Outcome.DENIED if action == Action.DENIED else Outcome.SUCCESS

    event = audit.record(request_by(profile.user, REMOTE_ADDR="10.1.2.3"), action, elder, outcome, reason="核对身份")

    event.refresh_from_db()
    assert (event.user, event.username, event.region) == (profile.user, profile.user.username, "兴宁区")
    assert (event.action, event.outcome, event.ip) == (action, outcome, "10.1.2.3")
    assert (event.object_type, event.object_id, event.object_repr) == ("registry.elder", str(elder.pk),
                                                                        f"老年人 #{elder.pk}")
    assert event.detail == {"reason": "核对身份"}
    assert event.path == "/workbench/elders/1/"
    assert elder.name not in str(event) and elder.id_number not in event.object_repr


def test_only_the_path_is_kept_never_the_query_string():
    event = audit.record(request_by(UserFactory(), "/admin/registry/elder/?q=450103194805061234"), Action.LIST, Elder)
    assert event.path == "/admin/registry/elder/"
    assert (event.object_type, event.object_id, event.object_repr) == ("registry.elder", "", "老年人登记")


def test_id_and_phone_numbers_in_detail_are_masked():
    event = audit.record(request_by(UserFactory()), Action.REVEAL, None, note="查 450103194805061234 与 13812345678")
    assert event.detail == {"note": "查 450103********1234 与 138****5678"}


def test_record_for_user_without_a_request_and_as_system():
    user = UserFactory()
    event = audit.record_for_user(user, Action.EXPORT, Elder, ip="192.0.2.7", rows=12)
    assert (event.username, event.ip, event.detail) == (user.username, "192.0.2.7", {"rows": 12})
    assert audit.record_for_user(None, Action.EXPORT).username == "system"


def test_anonymous_request_is_recorded_as_anonymous():
    from django.contrib.auth.models import AnonymousUser

    event = audit.record(request_by(AnonymousUser()), Action.DENIED, outcome=Outcome.DENIED)
    assert (event.user, event.username) == (None, "anonymous")


def test_for_object_lists_who_looked_at_a_record_newest_first():
    elder, other = ElderFactory(), ElderFactory()
    first = audit.record_for_user(UserFactory(), Action.VIEW, elder)
    audit.record_for_user(UserFactory(), Action.VIEW, other)
    second = audit.record_for_user(UserFactory(), Action.REVEAL, elder)
    assert list(AuditEvent.objects.for_object(elder).filter(action__in=["view", "reveal"])) == [second, first]


def test_username_role_and_region_survive_the_deletion_of_the_account():
    profile = StaffProfileFactory()
    event = audit.record(request_by(profile.user), Action.VIEW, ElderFactory())
    username = profile.user.username
    profile.user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.user, event.username, event.region) == (None, username, "兴宁区")


def test_forwarded_for_is_ignored_without_trusted_proxies():
    request = request_by(UserFactory(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.1"


@override_settings(TANFANG_TRUSTED_PROXY_COUNT=1)
def test_forwarded_for_names_the_client_seen_by_the_trusted_proxy():
    # The client forged the first entry; our one proxy appended the address it really saw.
    request = request_by(UserFactory(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(request_by(UserFactory(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="junk")) is None
