"""roles.access: scope by region permission, assignment and referral; everything fails closed."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from registry.models import Assignment
from roles.access import (
    Action,
    can,
    elders_for_action,
    elders_visible_to,
    get_elder_or_404,
    regions_under,
    relation_to,
)
from roles.models import Region, RoleKind, StaffProfile
from tests.registry.factories import AssignmentFactory, ElderFactory
from tests.roles.factories import StaffProfileFactory, UserFactory, VillageFactory, region_named, role_holder
from workflows.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db

SCOPED_KINDS = {RoleKind.CIVIL_AFFAIRS, RoleKind.TOWNSHIP_OFFICER, RoleKind.VILLAGE_WORKER, RoleKind.VISITOR,
                RoleKind.DEPARTMENT_STAFF}
# Case data: everything in these apps except the form configuration (definitions, follow-up rules).
CASE_APPS = {"registry", "workflows", "visit_forms"}
CONFIGURATION_MODELS = {"formdefinition", "followuprule", "referralroute", "serviceprovider", "visitfrequencyrule",
                        "visitsurge"}


@pytest.fixture
def elders():
    """Two elders in 兴宁区 (民生街道 and 三塘镇) and one in 青秀区 (新竹街道)."""
    return {
        "minsheng": ElderFactory(village=VillageFactory(parent=region_named("民生街道"))),
        "santang": ElderFactory(village=VillageFactory(parent=region_named("三塘镇"))),
        "qingxiu": ElderFactory(village=VillageFactory(parent=region_named("新竹街道"))),
    }


def test_county_officer_sees_the_county(elders):
    officer = role_holder("county_civil_affairs", "兴宁区")
    assert set(elders_visible_to(officer)) == {elders["minsheng"], elders["santang"]}
    assert not elders_for_action(officer, Action.EDIT).exists()  # civil affairs read


def test_township_officer_sees_and_manages_the_township(elders):
    officer = role_holder("township_officer", "新竹街道")
    assert list(elders_visible_to(officer)) == [elders["qingxiu"]]
    assert can(officer, Action.EDIT, elders["qingxiu"])
    assert not can(officer, Action.EDIT, elders["minsheng"])


def test_village_worker_sees_the_village_only(elders):
    worker = role_holder("village_worker", elders["santang"].village)
    assert list(elders_visible_to(worker)) == [elders["santang"]]
    assert not can(worker, Action.REVEAL, elders["santang"])


def test_visitor_sees_exactly_the_assigned_elders_and_reassigning_moves_access(elders):
    first = role_holder("visitor", elders["minsheng"].village)
    second = role_holder("visitor", elders["minsheng"].village)
    assignment = AssignmentFactory(elder=elders["minsheng"], visitor=first)
    assert list(elders_visible_to(first)) == [elders["minsheng"]]
    assert relation_to(first, elders["minsheng"]) == "assigned"
    assert not elders_visible_to(second).exists()

    assignment.end_date = assignment.start_date
    assignment.save()
    Assignment.objects.create(elder=elders["minsheng"], visitor=second, start_date=assignment.start_date)
    assert not elders_visible_to(first).exists()
    assert list(elders_visible_to(second)) == [elders["minsheng"]]


def test_deleting_an_assignment_takes_access_back(elders):
    visitor = role_holder("visitor", elders["minsheng"].village)
    AssignmentFactory(elder=elders["minsheng"], visitor=visitor).delete()
    assert not elders_visible_to(visitor).exists()


def test_department_staff_see_nothing_until_a_referral_reaches_them(elders):
    fire = role_holder("department_staff", "兴宁区", department="fire_rescue")
    health = role_holder("department_staff", "兴宁区", department="health")
    assert not elders_visible_to(fire).exists()

    referral = Referral.objects.create(elder=elders["minsheng"], department=fire.staff_profile.department,
                                       need="消防安全隐患")
    assert list(elders_visible_to(fire)) == [elders["minsheng"]]
    assert relation_to(fire, elders["minsheng"]) == "referral"
    assert not elders_visible_to(health).exists()
    assert not can(fire, Action.EDIT, elders["minsheng"])

    referral.status = ReferralStatus.COMPLETED
    referral.save()
    assert not elders_visible_to(fire).exists()


def test_a_referral_in_another_county_stays_out_of_reach(elders):
    fire = role_holder("department_staff", "兴宁区", department="fire_rescue")
    Referral.objects.create(elder=elders["qingxiu"], department=fire.staff_profile.department, need="消防")
    assert not elders_visible_to(fire).exists()


def test_moving_an_officer_moves_the_scope(elders):
    officer = role_holder("township_officer", "新竹街道")
    profile = officer.staff_profile
    profile.region = region_named("三塘镇")
    profile.save()
    assert list(elders_visible_to(officer)) == [elders["santang"]]


@pytest.mark.parametrize("make_user", [
    lambda: UserFactory(),                                                # no placement
    lambda: AnonymousUser(),
    lambda: StaffProfileFactory().user,                                   # placed without a role
    lambda: UserFactory(is_superuser=True, is_staff=True),                # superuser: no implicit data access
    lambda: role_holder("county_civil_affairs", "兴宁区", is_active=False),  # deactivated account
    lambda: role_holder("cms_editor", "广西壮族自治区"),
    lambda: role_holder("system_admin", "广西壮族自治区"),
    lambda: role_holder("audit_admin", "广西壮族自治区"),
])
def test_everyone_else_sees_nobody(elders, make_user):
    user = make_user()
    assert not elders_visible_to(user).exists()
    with pytest.raises(Http404):
        get_elder_or_404(user, elders["minsheng"].pk)


def test_get_elder_or_404_answers_alike_for_foreign_and_missing_ids(elders):
    officer = role_holder("township_officer", "民生街道")
    assert get_elder_or_404(officer, elders["minsheng"].pk) == elders["minsheng"]
    for pk in (elders["qingxiu"].pk, 999999, "abc", "1 or 1=1"):
        with pytest.raises(Http404):
            get_elder_or_404(officer, pk)
    with pytest.raises(Http404):  # visible, but export needs its own permission
        get_elder_or_404(role_holder("village_worker", elders["minsheng"].village), elders["minsheng"].pk,
                         Action.EXPORT)


def test_regions_under_follows_the_permission():
    officer = role_holder("county_civil_affairs", "兴宁区")
    townships = regions_under(officer, "roles.view_elders", Region.objects.of_level("township"))
    assert set(townships.values_list("name", flat=True)) == {"民生街道", "朝阳街道", "兴东街道", "三塘镇", "五塘镇",
                                                             "昆仑镇"}


def test_no_scoped_role_holds_a_model_wide_permission_on_case_data():
    """Walk every group: region-scoped jobs get elder, visit and case data only through object permissions."""
    case_permissions = Permission.objects.filter(content_type__app_label__in=CASE_APPS).exclude(
        content_type__model__in=CONFIGURATION_MODELS)
    assert case_permissions.filter(content_type__model="visitrecord").exists()
    for group in Group.objects.filter(role__kind__in=SCOPED_KINDS):
        leaks = group.permissions.filter(pk__in=case_permissions)
        assert not leaks.exists(), f"{group.name}: {list(leaks.values_list('codename', flat=True))}"
    for permission in case_permissions:
        holders = permission.user_set.filter(staff_profile__role__kind__in=SCOPED_KINDS)
        assert not holders.exists(), permission.codename


def test_no_account_holds_two_separated_administrator_roles():
    user = role_holder("system_admin", "广西壮族自治区")
    with pytest.raises(ValidationError, match="三权分立"), transaction.atomic():
        user.groups.add(Group.objects.get(role__code="audit_admin"))
    assert not user.groups.filter(role__code="audit_admin").exists()
    assert StaffProfile.objects.filter(user=user).count() == 1


def test_province_administrators_manage_the_visit_form_configuration():
    group = Group.objects.get(role__code="province_civil_affairs")
    granted = set(group.permissions.filter(content_type__app_label="visit_forms").values_list("codename", flat=True))
    assert {"change_formdefinition", "publish_formdefinition", "change_followuprule"} <= granted
    assert not any("visitrecord" in codename for codename in granted)


def test_a_visitors_scope_is_the_current_assignment_joined_by_integer_keys(elders):
    """Not guardian's text ``object_pk``: an assignment written without its permission row still counts,
    and the query compares no ids as text (which no index serves at a million elders)."""
    visitor = role_holder("visitor", elders["minsheng"].village)
    Assignment.objects.bulk_create([Assignment(elder=elders["minsheng"], visitor=visitor,
                                               start_date=elders["minsheng"].registered_on)])  # no signal
    assert list(elders_visible_to(visitor)) == [elders["minsheng"]]
    assert relation_to(visitor, elders["minsheng"]) == "assigned"
    sql = str(elders_visible_to(visitor).query).lower()
    assert "registry_assignment" in sql and "objectpermission" not in sql
