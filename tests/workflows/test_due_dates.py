"""One due date everywhere (issue 9 item 16): a visit is due by its period's last day, and every screen
that shows a task's deadline says that day, through one include (workflows/includes/due.html)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from registry.dates import china_today
from tests.roles.factories import role_holder
from workflows import schedule
from workflows.flows.visits import VisitEscalationFlow, VisitFlow
from workflows.models import CaseTask, Referral
from workflows.scheduler import escalate_overdue_visits, schedule_visits

from .referral_factories import case_of, cast, open_task, submit
from .visit_factories import assigned_elder, village_in

pytestmark = pytest.mark.django_db


def chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def visit():
    village = village_in("民生街道")
    visitor = role_holder("visitor", village)
    elder = assigned_elder(village, visitor=visitor, name="韦桂英")
    schedule_visits()
    return visitor, elder, CaseTask.objects.get(flow_task=VisitFlow.visit)


def screens(task, elder):
    return {"首页": reverse("workbench:home"), "我的待办": reverse("workflows:inbox"),
            "待办详情": reverse("workflows:task_detail", args=[task.pk]),
            "探访任务": reverse("workflows:visit_task", args=[task.pk]),
            "老年人档案": reverse("workbench:elder_detail", args=[elder.pk])}


def test_a_visit_reads_due_on_its_periods_last_day_on_every_screen(client, visit):
    visitor, elder, task = visit
    last_day = schedule.month_end(schedule.this_month())
    days = (last_day - china_today()).days
    relative = {0: "今天到期", 1: "明天到期"}.get(days, f"{days} 天后到期")
    client.force_login(visitor)
    for name, url in screens(task, elder).items():
        page = client.get(url).content.decode()
        assert f'<time datetime="{last_day:%Y-%m-%d}">{chinese(last_day)}</time>（{relative}）' in page, name
        day_after = last_day + timedelta(days=1)
        assert f"{day_after:%Y-%m-%d}" not in page and chinese(day_after) not in page, name


def test_the_escalation_shows_the_visits_due_date_and_its_own_whole_day_deadline(client, visit):
    visitor, elder, task = visit
    escalate_overdue_visits(now=schedule.overdue_at(task.due_at))
    step = CaseTask.objects.get(flow_task=VisitEscalationFlow.escalate)
    officer = role_holder("township_officer", "民生街道")
    client.force_login(officer)
    page = client.get(reverse("workflows:visit_escalation", args=[step.pk])).content.decode()
    last_day = schedule.month_end(schedule.this_month())
    assert f"<dt>应探访日期</dt><dd><span class=\"due\"><time datetime=\"{last_day:%Y-%m-%d}\">" in page
    deadline = china_today() + timedelta(days=2)
    assert step.due_at == schedule.due_at(deadline) and schedule.due_date_of(step) == deadline
    assert f'<time datetime="{deadline:%Y-%m-%d}">{chinese(deadline)}</time>（2 天后到期）' in page


def test_a_referral_task_is_due_on_the_referrals_due_date(client):
    people = cast()
    case = case_of(submit(people, fire_safety="unsafe"), "fire_safety")
    referral, task = Referral.objects.get(case=case), open_task(case)
    assert schedule.due_date_of(task) == referral.due_date
    client.force_login(people.fire)
    page = client.get(reverse("workflows:referral_accept", args=[task.pk])).content.decode()
    days = (referral.due_date - china_today()).days
    assert f'{chinese(referral.due_date)}</time>（{days} 天后到期）' in page
    assert f"<dt>办理期限</dt><dd>{chinese(referral.due_date)}</dd>" in page and "23:59" not in page
