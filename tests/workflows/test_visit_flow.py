"""VisitFlow end to end without a browser: scheduler → visitor's task → visit record → task done;
escalation of an overdue visit; who may open which task."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from forms.models import VisitRecord
from forms.services import start_visit, submit_visit
from registry.dates import china_today
from roles.models import Region
from tests.forms.factories import valid_answers
from tests.roles.factories import role_holder
from workflows import inbox, schedule
from workflows.flows.visits import VisitEscalationFlow, VisitFlow
from workflows.models import Case, CaseTask, ScheduledVisit, VisitEscalation, VisitSurge
from workflows.scheduler import escalate_overdue_visits, schedule_visits

from .visit_factories import assigned_elder, submitted_visit, village_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    village = village_in("民生街道")
    visitor = role_holder("visitor", village, first_name="莫志愿者")
    return {
        "visitor": visitor,
        "other_visitor": role_holder("visitor", village),
        "township": role_holder("township_officer", "民生街道"),
        "outsider": role_holder("township_officer", "新竹街道"),
        "elder": assigned_elder(village, visitor=visitor, name="韦桂英"),
    }


def _visit_task(elder):
    return CaseTask.objects.get(process__case__elder=elder, flow_task=VisitFlow.visit)


def _task_url(task):
    return reverse("workflows:visit_task", args=[task.pk])


class TestScheduler:
    def test_creates_the_task_for_the_assigned_visitor_due_at_the_end_of_the_month(self, people):
        assert schedule_visits() == 1
        task = _visit_task(people["elder"])
        month_end = schedule.month_end(schedule.this_month())
        assert (task.owner, task.status, task.region) == (people["visitor"], STATUS.ASSIGNED, people["elder"].village)
        assert task.due_at == schedule.due_at(month_end)
        scheduled = ScheduledVisit.objects.get()
        assert (scheduled.case_id, scheduled.due_date, scheduled.period_end) == (task.process_id, month_end, month_end)
        assert VisitFlow.visit.screen_url(task) == _task_url(task)

    def test_idempotent(self, people):
        assigned_elder(village_in("三塘镇"))
        assert schedule_visits() == 2
        assert schedule_visits() == 0
        call_command("schedule_visits", stdout=StringIO())
        assert ScheduledVisit.objects.count() == 2
        assert CaseTask.objects.filter(flow_task=VisitFlow.visit).count() == 2

    def test_nothing_for_elders_visited_this_period_unassigned_or_inactive(self, people):
        submitted_visit(people["elder"], china_today())
        unassigned = assigned_elder(village_in("民生街道"))
        unassigned.assignments.update(end_date=china_today())
        assigned_elder(village_in("民生街道"), status="moved_away", status_date=china_today())
        assert schedule_visits() == 0

    def test_the_period_is_counted_in_shanghai(self, people):
        now = datetime(2026, 1, 31, 16, 30, tzinfo=UTC)  # 1 February, 00:30 in Guangxi
        assert schedule_visits(now=now) == 1
        scheduled = ScheduledVisit.objects.get()
        assert (scheduled.period_start, scheduled.due_date) == (date(2026, 2, 1), date(2026, 2, 28))

    def test_a_surge_asks_for_a_visit_each_week(self, people):
        VisitSurge.objects.create(region=Region.objects.get(name="民生街道"), start_date=date(2026, 1, 20),
                                  end_date=date(2026, 2, 10), interval_days=7, reason="春节")
        assert schedule_visits(now=datetime(2026, 2, 4, 2, 0, tzinfo=UTC)) == 1
        scheduled = ScheduledVisit.objects.get()
        assert (scheduled.period_start, scheduled.due_date) == (date(2026, 2, 2), date(2026, 2, 8))

    def test_no_second_case_while_one_is_open(self, people):
        schedule_visits()
        next_month = schedule.add_months(schedule.this_month(), 1)
        now = schedule.due_at(next_month)  # midnight starting next month
        assert schedule_visits(now=now) == 0


class TestVisit:
    def test_end_to_end(self, client, people):
        schedule_visits()
        task = _visit_task(people["elder"])
        client.force_login(people["visitor"])
        page = client.get(_task_url(task))
        assert page.status_code == 200 and "韦桂英" in page.content.decode() and "填写探访记录" in page.content.decode()
        assert "<dt>状态</dt><dd>已认领</dd>" in page.content.decode()  # not Viewflow's untranslated "Assigned"
        response = client.post(_task_url(task))
        record = VisitRecord.objects.get(elder=people["elder"])
        assert response.status_code == 302 and response.url == reverse("workbench:visit_edit", args=[record.pk])
        assert client.post(_task_url(task)).url == response.url  # the same draft reopened
        submit_visit(record, valid_answers(), people["visitor"])
        task.refresh_from_db()
        assert (task.status, task.owner) == (STATUS.DONE, people["visitor"])
        assert task.process.status == PROCESS.DONE
        scheduled = ScheduledVisit.objects.get()
        assert (scheduled.record, scheduled.completed_by) == (record, people["visitor"])
        assert schedule.visited_in(people["elder"], schedule.this_month())
        assert schedule_visits() == 0  # visited this month

    def test_someone_else_authorised_submits(self, people):
        schedule_visits()
        record = start_visit(people["elder"], people["township"])
        submit_visit(record, valid_answers(), people["township"])
        task = _visit_task(people["elder"])
        assert (task.status, task.owner) == (STATUS.DONE, people["township"])
        assert ScheduledVisit.objects.get().completed_by == people["township"]

    def test_a_visit_without_a_task_changes_nothing(self, people):
        record = start_visit(people["elder"], people["visitor"])
        submit_visit(record, valid_answers(), people["visitor"])
        assert not CaseTask.objects.filter(flow_task=VisitFlow.visit).exists()

    @pytest.mark.parametrize("who", ["other_visitor", "outsider"])
    def test_others_get_404(self, client, people, who):
        schedule_visits()
        task = _visit_task(people["elder"])
        client.force_login(people[who])
        assert client.get(_task_url(task)).status_code == 404
        assert client.post(_task_url(task)).status_code == 404
        assert not VisitRecord.objects.exists()

    def test_the_township_officer_sees_it_but_may_not_fill_it(self, client, people):
        schedule_visits()
        task = _visit_task(people["elder"])
        client.force_login(people["township"])
        page = client.get(_task_url(task))
        assert page.status_code == 200 and "填写探访记录" not in page.content.decode()
        assert client.post(_task_url(task)).status_code == 403

    def test_a_task_of_another_flow_is_not_a_visit_task(self, client, people):
        schedule_visits()
        task = _visit_task(people["elder"])
        client.force_login(people["visitor"])
        assert client.get(reverse("workflows:visit_escalation", args=[task.pk])).status_code == 404


class TestEscalation:
    def _overdue(self, people):
        schedule_visits()
        task = _visit_task(people["elder"])
        return task, schedule.overdue_at(task.due_at)

    def test_escalates_exactly_once_after_the_grace_period(self, people):
        task, overdue = self._overdue(people)
        assert escalate_overdue_visits(now=overdue - timedelta(seconds=1)) == 0
        assert escalate_overdue_visits(now=overdue) == 1
        assert escalate_overdue_visits(now=overdue + timedelta(days=5)) == 0
        task.refresh_from_db()
        assert task.escalated_at == overdue
        escalation = VisitEscalation.objects.get()
        step = CaseTask.objects.get(flow_task=VisitEscalationFlow.escalate)
        assert (step.process_id, step.owner, step.status) == (escalation.case_id, None, STATUS.NEW)
        assert step.owner_permission == "roles.assign_visitors" and step.region == people["elder"].village
        assert step.due_at == schedule.due_at(china_today() + timedelta(days=2))  # by the end of the 2nd day

    def test_lists_call_a_visit_overdue_when_it_escalates_and_other_tasks_when_due(self, people):
        """One meaning of overdue everywhere (schedule.overdue_task_filter): the 逾期 badge and escalation agree."""
        task, overdue = self._overdue(people)
        late = overdue - timedelta(seconds=1)
        assert not schedule.task_is_overdue(task, now=late) and schedule.task_is_overdue(task, now=overdue)
        assert not CaseTask.objects.overdue(now=late).exists()
        assert list(CaseTask.objects.overdue(now=overdue)) == [task]
        escalate_overdue_visits(now=overdue)
        step = CaseTask.objects.get(flow_task=VisitEscalationFlow.escalate)
        after_due = step.due_at + timedelta(seconds=1)  # no grace period for anything but visits
        assert not schedule.task_is_overdue(step, now=step.due_at) and schedule.task_is_overdue(step, now=after_due)
        assert set(CaseTask.objects.overdue(now=max(after_due, overdue))) == {task, step}

    def test_the_township_officer_records_what_was_done(self, client, people):
        task, overdue = self._overdue(people)
        escalate_overdue_visits(now=overdue)
        step = CaseTask.objects.get(flow_task=VisitEscalationFlow.escalate)
        url = reverse("workflows:visit_escalation", args=[step.pk])
        client.force_login(people["township"])
        assert client.get(url).status_code == 200
        response = client.post(url, {"outcome": "other", "note": " "})
        assert response.status_code == 400 and "选择“其他”时请填写处理情况。" in response.content.decode()
        assert client.post(url, {}).status_code == 400
        response = client.post(url, {"outcome": "urged", "note": "已电话督促，本周内上门。"})
        assert response.status_code == 302
        step.refresh_from_db()
        escalation = VisitEscalation.objects.get()
        assert (step.status, step.owner, step.process.status) == (STATUS.DONE, people["township"], PROCESS.DONE)
        assert (escalation.outcome, escalation.handled_by) == ("urged", people["township"])
        done_already = client.post(url, {"outcome": "urged"})
        assert done_already.status_code == 302 and done_already.url == reverse("workflows:inbox")
        assert "该事项已办理完毕。" in client.get(done_already.url).content.decode()

    @pytest.mark.parametrize("who", ["visitor", "outsider"])
    def test_others_get_404(self, client, people, who):
        task, overdue = self._overdue(people)
        escalate_overdue_visits(now=overdue)
        step = CaseTask.objects.get(flow_task=VisitEscalationFlow.escalate)
        client.force_login(people[who])
        assert client.post(reverse("workflows:visit_escalation", args=[step.pk]),
                           {"outcome": "urged"}).status_code == 404

    def test_the_command_escalates(self, people):
        schedule_visits()
        CaseTask.objects.filter(flow_task=VisitFlow.visit).update(due_at=schedule.due_at(china_today() - timedelta(
            days=10)))
        call_command("schedule_visits", stdout=StringIO())
        call_command("schedule_visits", stdout=StringIO())
        assert VisitEscalation.objects.count() == 1


class TestDeparture:
    @pytest.mark.parametrize("status", ["deceased", "moved_away", "withdrawn"])
    def test_an_elder_leaving_the_register_cancels_the_open_visit_and_its_escalation(self, people, status):
        schedule_visits()
        task = _visit_task(people["elder"])
        escalate_overdue_visits(now=schedule.overdue_at(task.due_at))
        elder = people["elder"]
        elder.status, elder.status_date, elder.status_reason = status, china_today(), "测试"
        elder.save()
        assert not CaseTask.objects.open().filter(process__case__elder=elder).exists()
        assert set(Case.objects.filter(elder=elder).values_list("status", flat=True)) == {PROCESS.CANCELED}
        assert not inbox.inbox(people["visitor"]).exists() and not inbox.inbox(people["township"]).exists()
        assert schedule_visits() == 0 and escalate_overdue_visits(now=schedule.overdue_at(task.due_at)) == 0

    def test_other_changes_to_the_file_leave_the_visit_open(self, people):
        schedule_visits()
        elder = people["elder"]
        elder.address_detail = "新址 8 号"
        elder.save()
        assert _visit_task(elder).status == STATUS.ASSIGNED
