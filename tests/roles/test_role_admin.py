"""Roles as data: a system administrator adjusts roles and placements in the back office."""

import pytest
from django.contrib.auth.models import Group, Permission

from roles.access import elders_visible_to
from roles.models import Role
from tests.registry.factories import ElderFactory
from tests.roles.factories import UserFactory, VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def system_admin(client):
    admin = role_holder("system_admin", "广西壮族自治区")
    client.force_login(admin)
    return admin


def test_taking_a_permission_from_a_role_takes_it_from_every_holder(client, system_admin):
    elder = ElderFactory(village=VillageFactory(parent=region_named("民生街道")))
    officer = role_holder("township_officer", "民生街道")
    assert list(elders_visible_to(officer)) == [elder]
    role = Role.objects.get(code="township_officer")
    kept = role.region_permissions.exclude(codename="view_elders")
    response = client.post(f"/admin/roles/role/edit/{role.pk}/", {
        "name": role.name, "description": role.description,
        "region_permissions": [p.pk for p in kept], "department_permissions": [],
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not elders_visible_to(officer).exists()


def test_roles_are_not_created_or_deleted_in_the_back_office(client, system_admin):
    role = Role.objects.get(code="visitor")
    assert client.get("/admin/roles/role/create/").status_code in (302, 403)
    client.post(f"/admin/roles/role/delete/{role.pk}/")
    assert Role.objects.filter(pk=role.pk).exists()


def test_placing_an_account_gives_it_the_scope_of_the_role(client, system_admin):
    elder = ElderFactory(village=VillageFactory(parent=region_named("三塘镇")))
    user = UserFactory()
    response = client.post("/admin/roles/staffprofile/create/", {
        "user": user.pk, "role": Role.objects.get(code="township_officer").pk,
        "region": region_named("三塘镇").pk, "department": "", "title": "民政专干", "phone": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(elders_visible_to(user)) == [elder]


def test_a_placement_at_the_wrong_level_is_refused_with_a_message(client, system_admin):
    user = UserFactory()
    response = client.post("/admin/roles/staffprofile/create/", {
        "user": user.pk, "role": Role.objects.get(code="township_officer").pk,
        "region": region_named("兴宁区").pk, "department": "", "title": "", "phone": "",
    })
    assert response.status_code == 200
    assert "应设在乡镇(街道)一级" in response.content.decode()


def test_user_form_refuses_two_separated_administrator_groups(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    user = UserFactory(username="someone")
    groups = [Group.objects.get(role__code=code).pk for code in ("system_admin", "audit_admin")]
    response = client.post(f"/admin/users/edit/{user.pk}/", {
        "username": "someone", "email": "someone@example.invalid", "first_name": "某", "last_name": "人",
        "is_active": "on", "groups": groups,
    })
    assert response.status_code == 200
    assert "三权分立" in response.content.decode()
    assert not user.groups.exists()


def test_system_administrator_holds_no_case_data_permission():
    group = Group.objects.get(role__code="system_admin")
    case_permissions = Permission.objects.filter(content_type__app_label__in=["registry", "workflows"])
    assert not group.permissions.filter(pk__in=case_permissions).exists()
