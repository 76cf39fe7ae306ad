"""Creates, changes and deletes of personal-data models are recorded with field names, never values."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from audit.context import current_request
from audit.models import AuditEvent
from registry.models import Category
from tests.registry.factories import AssignmentFactory, ElderFactory, HouseholdMemberFactory
from tests.roles.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acting(request):
    """Run the test as if ``user`` were being served a request (what AuditContextMiddleware does)."""
    tokens = []

    def _as(user, ip="10.9.8.7"):
        http_request = RequestFactory().post("/admin/registry/elder/edit/1/", REMOTE_ADDR=ip)
        http_request.user = user
        tokens.append(current_request.set(http_request))

    yield _as
    for token in reversed(tokens):
        current_request.reset(token)


def events_for(obj):
    return list(AuditEvent.objects.for_object(obj).order_by("id"))


def test_creating_changing_and_deleting_an_elder(acting):
    officer = UserFactory()
    acting(officer)
    elder = ElderFactory()
    old_phone, new_phone = elder.phone, "13912345678"
    elder.phone, elder.address_detail = new_phone, "5组8号"
    elder.save()
    elder_pk = elder.pk
    elder.delete()

    created, changed, deleted = [e for e in AuditEvent.objects.filter(object_type="registry.elder",
                                                                       object_id=str(elder_pk)).order_by("id")
                                 if e.action in ("create", "change", "delete") and e.detail.get("changed_fields")
                                 != ["categories"]]
    assert [created.action, changed.action, deleted.action] == ["create", "change", "delete"]
    assert {e.username for e in (created, changed, deleted)} == {officer.username}
    assert changed.ip == "10.9.8.7" and changed.path == "/admin/registry/elder/edit/1/"
    assert changed.detail == {"changed_fields": ["address_detail", "phone"]}
    stored = str([(e.detail, e.object_repr) for e in AuditEvent.objects.all()])
    for value in (old_phone, new_phone, "5组8号", elder.name, elder.id_number):
        assert value not in stored


def test_saving_an_unchanged_record_records_nothing(acting):
    acting(UserFactory())
    elder = ElderFactory()
    before = AuditEvent.objects.count()
    elder.save()
    assert AuditEvent.objects.count() == before


def test_category_changes_are_recorded_by_name(acting):
    acting(UserFactory())
    elder = ElderFactory()
    elder.categories.add(Category.objects.get(code="living_alone"))
    assert events_for(elder)[-1].detail == {"changed_fields": ["categories"]}


def test_household_members_assignments_and_staff_profiles_are_tracked(acting):
    acting(UserFactory())
    member = HouseholdMemberFactory()
    assignment = AssignmentFactory()
    profile = StaffProfileFactory()
    profile.title = "副站长"
    profile.save()
    assert [e.action for e in events_for(member)] == ["create"]
    assert events_for(member)[0].object_repr == f"家庭成员 #{member.pk}"
    assert [e.action for e in events_for(assignment)] == ["create"]
    assert [(e.action, e.detail) for e in events_for(profile)] == [
        ("create", {}), ("change", {"changed_fields": ["title"]})]


def test_changes_without_a_request_are_recorded_as_system():
    elder = ElderFactory()
    assert events_for(elder)[0].username == "system"


def test_changes_made_by_a_management_command_are_recorded_as_system(tmp_path):
    elder = ElderFactory()
    call_command("shell", command=f"from registry.models import Elder; e = Elder.objects.get(pk={elder.pk}); "
                                  "e.address_detail = '9组1号'; e.save()")
    change = events_for(elder)[-1]
    assert (change.action, change.username, change.detail) == ("change", "system",
                                                               {"changed_fields": ["address_detail"]})
