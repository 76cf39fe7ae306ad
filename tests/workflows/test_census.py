"""The census flow end to end through its workbench screens: approve, merge, reject; who may do which step."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import AuditEvent
from registry.dates import china_today
from registry.models import Elder
from supervision.figures import census_completeness
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory
from tests.supervision.direct import census_directly
from tests.workflows import census_fixtures
from tests.workflows.census_fixtures import DONE, VERIFY_POST, as_user, case_of, open_task, screen, tasks_of
from workflows import census, inbox, schedule
from workflows.flows import CensusFlow
from workflows.models import CensusReview

pytestmark = pytest.mark.django_db
village, people, pending_elder = census_fixtures.village, census_fixtures.people, census_fixtures.pending_elder


def verified(client, people, elder):
    response = as_user(client, people["worker"]).post(screen("verify", open_task(elder)), VERIFY_POST)
    assert response.status_code == 302, response.content.decode()
    return open_task(elder)


class TestOpening:
    def test_a_record_saved_pending_opens_one_census_with_a_verify_task(self, pending_elder):
        case = case_of(pending_elder)
        task = open_task(pending_elder)
        assert case.flow_class is CensusFlow and case.status == PROCESS.NEW
        assert task.flow_task is CensusFlow.verify and task.owner is None
        assert (task.owner_permission, task.region) == ("roles.census_elders", pending_elder.village)
        assert task.due_at == schedule.due_at(china_today() + timedelta(days=7))  # by the end of the 7th day
        assert census.open_census(pending_elder) == case  # idempotent
        assert CensusReview.objects.filter(case=case).count() == 1

    def test_an_active_record_has_no_census(self, village):
        elder = ElderFactory(village=village)
        assert not elder.cases.exists()
        with pytest.raises(ValueError):
            census.open_census(elder)

    def test_pending_records_are_not_active(self, pending_elder):
        assert pending_elder not in Elder.objects.active()


class TestApprove:
    def test_verify_approve_assign(self, client, people, pending_elder):
        worker, officer, visitor = people["worker"], people["officer"], people["visitor"]
        page = as_user(client, worker).get(screen("verify", open_task(pending_elder)))
        assert page.status_code == 200 and "已入户核实信息无误" in page.content.decode()
        assert "入户核实：黄桂芳" in page.content.decode()

        approve_task = verified(client, people, pending_elder)
        assert approve_task.flow_task is CensusFlow.approve and approve_task.owner is None
        review = case_of(pending_elder).census_review
        assert review.verified_by == worker and review.verification_notes == VERIFY_POST["notes"]

        response = as_user(client, officer).post(screen("approve", approve_task), {"decision": "approve"})
        assign_task = open_task(pending_elder)
        assert response.status_code == 302 and response.url == screen("assign", assign_task)
        pending_elder.refresh_from_db()
        assert pending_elder.status == "active" and pending_elder in Elder.objects.active()

        page = client.get(screen("assign", assign_task))
        assert page.status_code == 200 and "分配探访人员" in page.content.decode()
        assert set(page.context["form"].fields["visitor"].queryset) == {visitor, people["second_visitor"]}
        response = client.post(screen("assign", assign_task), {
            "visitor": visitor.pk, "visits_per_month": "2", "first_contact_name": "黄小明",
            "first_contact_phone": "13907712345", "first_contact_relation": "child",
            "first_contact_kind": "child_nearby"})
        assert response.status_code == 302, response.content.decode()
        case = case_of(pending_elder)
        assert case.status == PROCESS.DONE
        assert tasks_of(pending_elder) == [("verify", worker, DONE), ("approve", officer, DONE),
                                           ("assign", officer, DONE)]
        assignment = pending_elder.assignments.current().get()
        assert (assignment.visitor, assignment.assigned_by, assignment.visits_per_month) == (visitor, officer, 2)
        assert visitor.has_perm("registry.visit_elder", pending_elder)
        pending_elder.refresh_from_db()
        assert pending_elder.first_contact_name == "黄小明"
        events = set(AuditEvent.objects.filter(object_type="workflows.casetask").values_list(
            "detail__event", flat=True))
        assert {"census_verify", "census_approve", "census_assign"} <= events

    def test_the_officer_may_verify_too(self, client, people, pending_elder):
        response = as_user(client, people["officer"]).post(screen("verify", open_task(pending_elder)), VERIFY_POST)
        assert response.status_code == 302
        assert tasks_of(pending_elder)[0] == ("verify", people["officer"], DONE)


class TestMerge:
    def test_merge_into_an_existing_record_of_the_same_township(self, client, people, pending_elder):
        kept = ElderFactory(village=VillageFactory(parent=pending_elder.village.parent), name="黄桂芳")
        elsewhere = ElderFactory(name="黄桂芳", village=VillageFactory(parent=people["outsider"].staff_profile.region))
        approve_task = verified(client, people, pending_elder)
        page = as_user(client, people["officer"]).get(screen("approve", approve_task))
        candidates = list(page.context["form"].fields["merged_into"].queryset)
        assert candidates == [kept] and elsewhere not in candidates

        response = client.post(screen("approve", approve_task), {"decision": "merge", "merged_into": elsewhere.pk})
        assert response.status_code == 400 and open_task(pending_elder).owner is None
        response = client.post(screen("approve", approve_task), {"decision": "merge", "merged_into": kept.pk})
        assert response.status_code == 302
        pending_elder.refresh_from_db()
        assert pending_elder.status == "merged" and str(kept.pk) in pending_elder.status_reason
        review = case_of(pending_elder).census_review
        assert (review.decision, review.merged_into, review.decided_by) == ("merge", kept, people["officer"])
        assert case_of(pending_elder).status == PROCESS.DONE
        assert tasks_of(pending_elder) == [("verify", people["worker"], DONE), ("approve", people["officer"], DONE)]
        kept.refresh_from_db()
        assert kept.status == "active"


class TestReject:
    def test_reject_needs_a_reason(self, client, people, pending_elder):
        approve_task = verified(client, people, pending_elder)
        response = as_user(client, people["officer"]).post(screen("approve", approve_task), {"decision": "reject"})
        assert response.status_code == 400 and "不予通过时须填写理由" in response.content.decode()
        assert open_task(pending_elder).owner is None  # the claim was rolled back with the step

        response = client.post(screen("approve", approve_task), {"decision": "reject", "reason": "户籍不在本乡镇"})
        assert response.status_code == 302
        pending_elder.refresh_from_db()
        assert (pending_elder.status, pending_elder.status_reason) == ("rejected", "户籍不在本乡镇")
        assert case_of(pending_elder).census_review.reason == "户籍不在本乡镇"
        assert case_of(pending_elder).status == PROCESS.DONE
        assert [step for step, _owner, _status in tasks_of(pending_elder)] == ["verify", "approve"]


class TestVerifyForm:
    def test_the_confirmation_box_is_required(self, client, people, pending_elder):
        data = {**VERIFY_POST, "confirmed": ""}
        response = as_user(client, people["worker"]).post(screen("verify", open_task(pending_elder)), data)
        assert response.status_code == 400 and "请入户核实后勾选确认" in response.content.decode()
        assert open_task(pending_elder).flow_task is CensusFlow.verify

    def test_consent_by_a_guardian_needs_the_guardian_beside_the_field(self, client, people, pending_elder):
        data = {**VERIFY_POST, "consent_given_by": "guardian"}
        response = as_user(client, people["worker"]).post(screen("verify", open_task(pending_elder)), data)
        assert response.status_code == 400
        assert response.context["form"].errors["guardian_name"] == ["由监护人表达意愿时须填写监护人姓名。"]
        task = open_task(pending_elder)
        assert task.flow_task is CensusFlow.verify and task.owner is None


class TestWhoMayDoWhich:
    def test_an_officer_of_another_township_gets_404_on_every_step(self, client, people, pending_elder):
        outsider = as_user(client, people["outsider"])
        assert outsider.get(screen("verify", open_task(pending_elder))).status_code == 404
        assert outsider.post(screen("verify", open_task(pending_elder)), VERIFY_POST).status_code == 404
        approve_task = verified(client, people, pending_elder)
        outsider = as_user(client, people["outsider"])
        assert outsider.get(screen("approve", approve_task)).status_code == 404
        assert outsider.post(screen("approve", approve_task), {"decision": "approve"}).status_code == 404
        as_user(client, people["officer"]).post(screen("approve", approve_task), {"decision": "approve"})
        assign_task = open_task(pending_elder)
        outsider = as_user(client, people["outsider"])
        assert outsider.get(screen("assign", assign_task)).status_code == 404
        assert outsider.post(screen("assign", assign_task), {"visitor": people["visitor"].pk}).status_code == 404

    def test_a_village_worker_may_not_approve_or_assign(self, client, people, pending_elder):
        approve_task = verified(client, people, pending_elder)
        worker = as_user(client, people["worker"])
        assert worker.get(screen("approve", approve_task)).status_code == 403
        assert worker.post(screen("approve", approve_task), {"decision": "approve"}).status_code == 403
        assert AuditEvent.objects.filter(action="denied", object_id=str(approve_task.pk)).exists()
        with pytest.raises(PermissionDenied):
            census.decide(people["worker"], approve_task, "approve")
        assert open_task(pending_elder).owner is None
        pending_elder.refresh_from_db()
        assert pending_elder.status == "verified"  # as the verification left it

    def test_a_worker_of_another_village_gets_404(self, client, people, pending_elder):
        response = as_user(client, people["neighbour_worker"]).get(screen("verify", open_task(pending_elder)))
        assert response.status_code == 404

    def test_nobody_approves_before_the_verification(self, client, people, pending_elder):
        verify_task = open_task(pending_elder)
        officer = as_user(client, people["officer"])
        assert officer.post(screen("approve", verify_task), {"decision": "approve"}).status_code == 404
        assert officer.post(screen("assign", verify_task), {"visitor": people["visitor"].pk}).status_code == 404
        with pytest.raises(PermissionDenied):
            census.decide(people["officer"], verify_task, "approve")
        assert open_task(pending_elder) == verify_task and verify_task.status == STATUS.NEW

    def test_a_done_step_cannot_be_done_again(self, client, people, pending_elder):
        verify_task = open_task(pending_elder)
        verified(client, people, pending_elder)
        response = as_user(client, people["worker"]).post(screen("verify", verify_task), VERIFY_POST)
        assert response.status_code == 302 and response.url == reverse("workflows:inbox")
        assert "该事项已办理完毕。" in client.get(response.url).content.decode()


class TestTaskOr403:
    def test_404_for_a_task_about_an_elder_out_of_sight(self, people, pending_elder):
        from django.http import Http404

        task = open_task(pending_elder)
        with pytest.raises(Http404):
            inbox.get_task_or_403(people["outsider"], task.pk)
        with pytest.raises(Http404):
            inbox.get_task_or_403(people["worker"], "12x")

    def test_403_for_a_task_about_an_elder_in_sight_that_is_not_theirs(self, client, people, pending_elder):
        approve_task = verified(client, people, pending_elder)
        with pytest.raises(PermissionDenied):
            inbox.get_task_or_403(people["worker"], approve_task.pk)
        assert inbox.get_task_or_403(people["officer"], approve_task.pk) == approve_task


def test_the_inbox_links_a_free_task_to_its_screen_for_those_who_may_claim_it(client, people, pending_elder):
    """One tap: the census screens claim a free task on submit, so 办理 is offered before 认领."""
    task = open_task(pending_elder)
    inbox_url = reverse("workflows:inbox")
    assert screen("verify", task) in as_user(client, people["worker"]).get(inbox_url).text
    assert screen("verify", task) not in as_user(client, people["visitor"]).get(inbox_url).text


def test_each_step_keeps_the_census_counts_of_the_dashboard(client, people, pending_elder, village):
    """Verification, approval, merge and rejection move the 摸底建档 figures as a direct count does."""
    def figures():
        line = census_completeness(village).total
        return {name: getattr(line, name) for name in ("registered", "verified", "pending", "awaiting_approval")}

    def direct():
        counted = census_directly(village)
        return {name: counted[name] for name in ("registered", "verified", "pending", "awaiting_approval")}

    kept = ElderFactory(village=village, name="黄桂芳")
    second, third = (ElderFactory(village=village, status="pending") for _ in range(2))
    assert figures() == direct() == {"registered": 4, "verified": 1, "pending": 3, "awaiting_approval": 0}
    approve = verified(client, people, pending_elder)
    assert figures() == direct() == {"registered": 4, "verified": 2, "pending": 2, "awaiting_approval": 1}
    census.decide(people["officer"], approve, "merge", merged_into=kept)
    census.decide(people["officer"], verified(client, people, second), "approve")
    census.decide(people["officer"], verified(client, people, third), "reject", reason="户籍不在本乡镇")
    assert figures() == direct() == {"registered": 2, "verified": 2, "pending": 0, "awaiting_approval": 0}
