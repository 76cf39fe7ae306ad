"""The read-only audit back office: only for 审计管理员, never a superuser (三权分立); nothing can be changed there."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse

import audit
from audit.groups import AUDIT_ADMIN_GROUP
from audit.models import AuditEvent
from tests.roles.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "audit_auditevent_modeladmin_index"


@pytest.fixture
def auditor(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=AUDIT_ADMIN_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def event():
    return audit.record_for_user(UserFactory(username="zhangsan"), "view")


def test_the_group_holds_exactly_admin_access_and_audit_view():
    group = Group.objects.get(name=AUDIT_ADMIN_GROUP)
    assert sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()) == [
        "audit.view_auditevent", "wagtailadmin.access_admin"]


def test_auditor_lists_searches_and_filters(client, auditor, event):
    other = audit.record_for_user(UserFactory(username="lisi"), "export")
    response = client.get(reverse(INDEX), {"q": "zhangsan"})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [event]
    response = client.get(reverse(INDEX), {"action__exact": "export"})
    assert list(response.context["object_list"]) == [other]
    assert "审计日志" in response.content.decode()


def test_reading_the_audit_trail_is_itself_recorded(client, auditor, event):
    client.get(reverse(INDEX))
    client.get(reverse("audit_auditevent_modeladmin_inspect", args=[event.pk]))
    actions = AuditEvent.objects.filter(username=auditor.username).exclude(action="login")
    assert sorted(actions.values_list("action", flat=True)) == ["list", "view"]


@pytest.mark.parametrize("as_superuser", [False, True])
def test_no_create_edit_or_delete_even_for_a_superuser(client, auditor, event, as_superuser):
    if as_superuser:
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    before = list(AuditEvent.objects.values_list("id", "action"))
    for name, args in [("create", []), ("edit", [event.pk]), ("delete", [event.pk])]:
        try:
            url = reverse(f"audit_auditevent_modeladmin_{name}", args=args)
        except NoReverseMatch:
            continue
        for method in (client.get, client.post):
            response = method(url, {"action": "delete"})
            assert response.status_code in (302, 403), (name, response.status_code)
    after = list(AuditEvent.objects.filter(id__in=[i for i, _ in before]).values_list("id", "action"))
    assert after == before
    listing = client.get(reverse(INDEX)).content.decode()
    assert "modeladmin/audit/auditevent/create" not in listing
    assert "modeladmin/audit/auditevent/edit" not in listing
    assert "modeladmin/audit/auditevent/delete" not in listing


def test_other_admin_users_do_not_see_it(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse(INDEX))
    assert response.status_code in (302, 403)
    assert "审计日志" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("also_in_the_group", [False, True])
def test_a_superuser_cannot_read_the_audit_trail(client, event, also_in_the_group):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    if also_in_the_group:
        superuser.groups.add(Group.objects.get(name=AUDIT_ADMIN_GROUP))
    client.force_login(superuser)
    for url in (reverse(INDEX), reverse("audit_auditevent_modeladmin_inspect", args=[event.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "zhangsan" not in response.content.decode()
    assert "审计日志" not in client.get(reverse("wagtailadmin_home")).content.decode()
