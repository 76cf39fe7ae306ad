"""Assigning and reassigning a visitor: the assignment history, ``registry.visit_elder``, the open tasks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from registry.forms import ElderForm
from tests.registry.factories import AssignmentFactory, ElderFactory
from tests.roles.factories import role_holder
from tests.workflows import census_fixtures
from tests.workflows.census_fixtures import as_user
from workflows.assignment import assign_visitor, move_open_tasks, visitors_for
from workflows.flows import CensusFlow
from workflows.models import CaseTask

pytestmark = pytest.mark.django_db
village, people = census_fixtures.village, census_fixtures.people


@pytest.fixture
def elder(village, people):
    """An active elder visited by 莫志愿者."""
    elder = ElderFactory(village=village, name="韦桂英")
    AssignmentFactory(elder=elder, visitor=people["visitor"], assigned_by=people["officer"])
    return elder


def task_held_by(elder, user, started=False):
    """An open task about ``elder`` held by ``user`` (a census case is the handiest flow to make one)."""
    CensusFlow.start.run(elder=elder)
    task = CaseTask.objects.open().get(process__case__elder=elder, owner__isnull=True)
    with task.activation() as activation:
        activation.assign(user)
        if started:  # Viewflow's start doesn't save by itself: a screen saving a draft would
            activation.start(None)
            task.save()
    return task


def reassign_url(elder):
    return reverse("workflows:census_reassign", args=[elder.pk])


class TestVisitorsFor:
    def test_visitors_of_the_township_only(self, people, elder):
        inactive = role_holder("visitor", elder.village, is_active=False)
        offered = list(visitors_for(elder))
        assert set(offered) == {people["visitor"], people["second_visitor"]}
        assert inactive not in offered and people["worker"] not in offered


class TestAssignVisitor:
    def test_the_new_visitor_takes_over_access_and_open_tasks(self, people, elder):
        old, new = people["visitor"], people["second_visitor"]
        assigned = task_held_by(elder, old)
        other_elder = ElderFactory(village=elder.village)
        elsewhere = task_held_by(other_elder, old)

        assignment = assign_visitor(elder, new, people["officer"], visits_per_month=4)

        assert list(elder.assignments.current()) == [assignment]
        assert assignment.visits_per_month == 4 and assignment.assigned_by == people["officer"]
        assert elder.assignments.get(visitor=old).end_date is not None
        assert new.has_perm("registry.visit_elder", elder)
        old = type(old).objects.get(pk=old.pk)  # a fresh user: guardian caches permissions
        assert not old.has_perm("registry.visit_elder", elder)
        assigned.refresh_from_db()
        elsewhere.refresh_from_db()
        assert (assigned.owner, assigned.status) == (new, STATUS.ASSIGNED)
        assert elsewhere.owner == old
        assert AuditEvent.objects.filter(object_type="workflows.casetask", object_id=str(assigned.pk),
                                         detail__event="move_task").exists()

    def test_a_started_task_moves_too(self, people, elder):
        started = task_held_by(elder, people["visitor"], started=True)
        assert move_open_tasks(elder, people["visitor"], people["second_visitor"]) == [started]
        started.refresh_from_db()
        assert (started.owner, started.status) == (people["second_visitor"], STATUS.STARTED)

    def test_a_new_first_contact_goes_through_the_registry_rules(self, people, elder):
        bad = {"first_contact_name": "黄小明", "first_contact_phone": "13907712345",
               "first_contact_relation": "neighbour", "first_contact_kind": "child_nearby"}
        with pytest.raises(ValidationError) as error:
            assign_visitor(elder, people["second_visitor"], people["officer"], first_contact=bad)
        assert "first_contact_relation" in error.value.message_dict
        assert elder.assignments.current().get().visitor == people["visitor"]  # nothing changed

    def test_only_a_visitor_of_the_township_and_only_by_its_officer(self, people, elder):
        with pytest.raises(ValidationError):
            assign_visitor(elder, people["outside_visitor"], people["officer"])
        with pytest.raises(PermissionDenied):
            assign_visitor(elder, people["second_visitor"], people["worker"])
        with pytest.raises(PermissionDenied):
            assign_visitor(elder, people["second_visitor"], people["outsider"])

    def test_an_elder_off_the_register_gets_no_visitor(self, people, village):
        pending = ElderFactory(village=village, status="pending")
        with pytest.raises(ValidationError):
            assign_visitor(pending, people["visitor"], people["officer"])


class TestReassignScreen:
    def post(self, elder, visitor, **changes):
        return {"visitor": visitor.pk, "first_contact_name": elder.first_contact_name,
                "first_contact_phone": elder.first_contact_phone, "first_contact_relation": "child",
                "first_contact_kind": "child_nearby", "visits_per_month": "", **changes}

    def test_the_officer_changes_the_visitor(self, client, people, elder):
        page = as_user(client, people["officer"]).get(reassign_url(elder))
        assert page.status_code == 200 and "莫志愿者" in page.content.decode()
        response = client.post(reassign_url(elder), self.post(elder, people["second_visitor"]))
        assert response.status_code == 302
        assert elder.assignments.current().get().visitor == people["second_visitor"]
        assert AuditEvent.objects.filter(object_id=str(elder.pk), detail__event="reassign_visitor",
                                         action="change").exists()
        detail = client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
        assert reassign_url(elder) in detail

    def test_bad_input_is_shown_beside_the_field(self, client, people, elder):
        client = as_user(client, people["officer"])
        response = client.post(reassign_url(elder), self.post(elder, people["outside_visitor"], visits_per_month="0"))
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert "visitor" in errors and errors["visits_per_month"] == ["每月至少探访1次。"]
        assert elder.assignments.current().get().visitor == people["visitor"]

    def test_a_village_worker_gets_403_and_an_outsider_404(self, client, people, elder):
        assert as_user(client, people["worker"]).get(reassign_url(elder)).status_code == 403
        detail = client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
        assert reassign_url(elder) not in detail
        assert as_user(client, people["outsider"]).post(
            reassign_url(elder), self.post(elder, people["second_visitor"])).status_code == 404
        assert elder.assignments.current().get().visitor == people["visitor"]


class TestElderFormStatuses:
    def test_new_records_start_pending_and_census_statuses_are_not_offered_later(self, people, elder, village):
        new = ElderForm(user=people["officer"])
        assert new.initial["status"] == "pending"
        assert {"active", "pending"} <= {value for value, _label in new.fields["status"].choices}
        existing = ElderForm(instance=elder, user=people["officer"])
        offered = {value for value, _label in existing.fields["status"].choices}
        assert offered.isdisjoint({"pending", "rejected", "merged"})
        pending = ElderForm(instance=ElderFactory(village=village, status="pending"), user=people["officer"])
        assert pending.fields["status"].disabled
