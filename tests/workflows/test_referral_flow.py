"""ReferralFlow end to end through the workbench screens: visit → hazard → referral → accept →
care service → satisfaction review; rejection and rerouting; who held each task; 403/404."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from forms.choices import FlagStatus
from roles.access import elders_visible_to
from roles.models import Department
from tests.roles.factories import DEFAULT_PASSWORD
from workflows import inbox
from workflows.flows import ReferralFlow
from workflows.models import CareService, Referral, ReferralStatus, ReviewRating

from .referral_factories import case_of, cast, done_task, open_task, submit

pytestmark = pytest.mark.django_db
FIRE_UNSAFE = {"fire_safety": "unsafe"}


@pytest.fixture
def people():
    return cast()


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


def url(task, name):
    return reverse(f"workflows:{name}", args=[task.pk])


def accept(client, user, task):
    return login(client, user).post(url(task, "referral_accept"), {"decision": "accept"})


def serve(client, user, task, **data):
    return login(client, user).post(url(task, "referral_service"), {
        "service_date": timezone.localdate().isoformat(), "content": "上门排查电线，更换老化插座，讲解消防常识。",
        "server_name": "王消防", **data})


def review(client, user, task, rating=ReviewRating.SATISFIED):
    return login(client, user).post(url(task, "referral_review"), {
        "rating": rating, "method": "phone", "comments": "老人表示满意"})


class TestHazardToReview:
    def test_fire_hazard_referred_accepted_served_reviewed(self, client, people):
        record = submit(people, **FIRE_UNSAFE)
        case = case_of(record, "fire_safety")
        referral = Referral.objects.get(case=case)
        assert (referral.department.code, referral.status, referral.need) == (
            "fire_rescue", ReferralStatus.PENDING, "消防存在安全隐患")
        assert referral.due_date == timezone.localdate() + timedelta(days=7)
        assert referral.created_by == people.visitor

        task = open_task(case)
        assert task.flow_task == ReferralFlow.accept
        assert list(inbox.inbox(people.fire)) == [task]
        assert not inbox.inbox(people.health).exists()
        assert people.elder in elders_visible_to(people.fire)  # an open referral opens the file

        page = login(client, people.fire).get(url(task, "referral_accept"))
        assert page.status_code == 200
        assert "接收转介" in page.text and reverse("workbench:elder_detail", args=[people.elder.pk]) in page.text
        assert accept(client, people.fire, task).status_code == 302
        referral.refresh_from_db()
        assert (referral.status, referral.decided_by) == (ReferralStatus.ACCEPTED, people.fire)

        service_task = open_task(case)
        assert (service_task.flow_task, service_task.owner) == (ReferralFlow.service, people.fire)
        assert serve(client, people.fire, service_task).status_code == 302
        service = CareService.objects.get(referral=referral)
        assert (service.number, service.recorded_by, service.server_name) == (1, people.fire, "王消防")

        review_task = open_task(case)
        assert review_task.flow_task == ReferralFlow.review and review_task.owner is None
        assert login(client, people.fire).get(url(review_task, "referral_review")).status_code == 404
        assert review(client, people.officer, review_task).status_code == 302

        case.refresh_from_db()
        referral.refresh_from_db()
        assert case.status == PROCESS.DONE
        assert referral.status == ReferralStatus.COMPLETED
        flag = case.follow_up.flag
        assert (flag.status, flag.closed_by) == (FlagStatus.CLOSED, people.officer)
        holders = [(done_task(case, node).owner) for node in (ReferralFlow.accept, ReferralFlow.service,
                                                              ReferralFlow.review)]
        assert holders == [people.fire, people.fire, people.officer]
        assert service.review.reviewed_by == people.officer
        # Closing the referral ends the department's access to the elder.
        assert people.elder not in elders_visible_to(people.fire)

    def test_dissatisfied_goes_back_to_service(self, client, people):
        case = case_of(submit(people, **FIRE_UNSAFE), "fire_safety")
        accept(client, people.fire, open_task(case))
        serve(client, people.fire, open_task(case))
        review(client, people.officer, open_task(case), rating=ReviewRating.DISSATISFIED)
        again = open_task(case)
        assert (again.flow_task, again.owner) == (ReferralFlow.service, people.fire)
        serve(client, people.fire, again, content="复查并安装烟雾报警器。")
        assert list(CareService.objects.filter(referral__case=case).values_list("number", flat=True)) == [1, 2]
        review(client, people.second_officer, open_task(case))
        case.refresh_from_db()
        assert case.status == PROCESS.DONE


class TestRejectAndReroute:
    def test_rejected_needs_a_reason_then_rerouted_and_accepted(self, client, people):
        case = case_of(submit(people, **FIRE_UNSAFE), "fire_safety")
        task = open_task(case)
        response = login(client, people.fire).post(url(task, "referral_accept"), {"decision": "reject", "reason": " "})
        assert response.status_code == 400 and "退回时请说明原因。" in response.text
        response = client.post(url(task, "referral_accept"), {"decision": "reject", "reason": "不属于本部门职责"})
        assert response.status_code == 302
        first = Referral.objects.get(case=case)
        assert (first.status, first.reject_reason, first.decided_by) == (
            ReferralStatus.REJECTED, "不属于本部门职责", people.fire)
        assert people.elder not in elders_visible_to(people.fire)

        reroute = open_task(case)
        assert reroute.flow_task == ReferralFlow.reroute and reroute in inbox.inbox(people.officer)
        assert login(client, people.fire).get(url(reroute, "referral_route")).status_code == 404
        page = login(client, people.officer).get(url(reroute, "referral_route"))
        assert "不属于本部门职责" in page.text
        health = Department.objects.get(code="health")
        response = client.post(url(reroute, "referral_route"), {
            "department": health.pk, "need": first.need, "detail": first.detail, "due_days": 5})
        assert response.status_code == 302

        second = Referral.objects.current(case)
        assert (second.department, second.status, second.created_by) == (health, ReferralStatus.PENDING, people.officer)
        assert second.due_date == timezone.localdate() + timedelta(days=5)
        task = open_task(case)
        assert task.flow_task == ReferralFlow.accept and task.department == health
        assert login(client, people.fire).get(url(task, "referral_accept")).status_code == 404
        assert accept(client, people.health, task).status_code == 302
        assert open_task(case).owner == people.health
        assert list(case.referrals.order_by("pk").values_list("status", flat=True)) == [
            ReferralStatus.REJECTED, ReferralStatus.ACCEPTED]
        assert done_task(case, ReferralFlow.reroute).owner == people.officer

    def test_route_form_needs_exactly_one_recipient(self, client, people):
        case = case_of(submit(people, **FIRE_UNSAFE), "fire_safety")
        login(client, people.fire).post(url(open_task(case), "referral_accept"), {"decision": "reject", "reason": "否"})
        response = login(client, people.officer).post(url(open_task(case), "referral_route"), {
            "need": "消防", "due_days": 5})
        assert response.status_code == 400 and "请选择承办部门或服务机构（二者选一）。" in response.text


class TestWrongPeople:
    @pytest.fixture
    def task(self, people):
        return open_task(case_of(submit(people, **FIRE_UNSAFE), "fire_safety"))

    def test_fire_staff_of_another_county_get_404(self, client, people, task):
        assert login(client, people.fire_elsewhere).get(url(task, "referral_accept")).status_code == 404
        assert client.post(url(task, "referral_accept"), {"decision": "accept"}).status_code == 404

    def test_health_staff_on_a_fire_referral_get_404(self, client, people, task):
        assert login(client, people.health).get(url(task, "referral_accept")).status_code == 404

    def test_officer_of_another_township_gets_404(self, client, people, task):
        assert login(client, people.officer_elsewhere).get(url(task, "referral_accept")).status_code == 404

    def test_skipping_accept_gets_404(self, client, people, task):
        login(client, people.fire)
        assert client.get(url(task, "referral_service")).status_code == 404
        assert client.post(url(task, "referral_review"), {"rating": "satisfied", "method": "phone"}).status_code == 404
        assert not CareService.objects.exists()

    def test_anonymous_is_sent_to_login(self, client, task):
        response = client.get(url(task, "referral_accept"))
        assert response.status_code == 302 and "login" in response.url

    def test_township_officer_sees_a_department_task_read_only(self, client, people, task):
        # Officers may reassign tasks in their township, but the department accepts, not them.
        page = login(client, people.officer).get(url(task, "referral_accept"))
        assert page.status_code == 200 and "<form class=\"case-task__form\"" not in page.text
        assert client.post(url(task, "referral_accept"), {"decision": "accept"}).status_code == 403

    def test_service_date_checked(self, client, people, task):
        accept(client, people.fire, task)
        service_task = open_task(task.process.case)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = serve(client, people.fire, service_task, service_date=tomorrow)
        assert response.status_code == 400 and "关爱日期不能晚于今天。" in response.text
        last_week = (timezone.localdate() - timedelta(days=7)).isoformat()
        response = serve(client, people.fire, service_task, service_date=last_week)
        assert response.status_code == 400 and "关爱日期不能早于转介日期" in response.text
        assert not CareService.objects.exists()


def test_care_services_and_visit_records_share_one_count(people):
    """第 n 次开展关爱 counts a department's care services and the visit form's section 六 together."""
    referral = Referral.objects.create(elder=people.elder, department=people.fire.staff_profile.department,
                                       need="消防存在安全隐患")
    with transaction.atomic():
        first = CareService.record(referral, people.fire, service_date=timezone.localdate(), content="更换老化电线",
                                   server_name="王消防")
    record = submit(people, care_date=timezone.localdate().isoformat(), care_service="上门助洁")
    with transaction.atomic():
        third = CareService.record(referral, people.fire, service_date=timezone.localdate(), content="复查",
                                   server_name="王消防")
    assert (first.number, record.care_number, third.number) == (1, 2, 3)
