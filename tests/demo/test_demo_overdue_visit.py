"""The demo's overdue visit is a real one (issue 9 item 17): a visit of the last month already past
its grace period, escalated, and every screen says the same due date and the same number of days late."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.cases import overdue_month
from registry.dates import china_today
from workflows import schedule
from workflows.flows.visits import VisitEscalationFlow, VisitFlow
from workflows.models import CaseTask, VisitEscalation

pytestmark = pytest.mark.django_db


def chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"


def page(client, username, url):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_overdue_visit_is_last_months_and_reads_the_same_on_every_screen(client, demo_data, settings):
    escalation = VisitEscalation.objects.get()
    scheduled = escalation.scheduled_visit
    month = overdue_month()
    assert (scheduled.period_start, scheduled.due_date) == (month, schedule.month_end(month))
    assert month in (schedule.add_months(schedule.this_month(), -1), schedule.add_months(schedule.this_month(), -2))
    visit = CaseTask.objects.get(process_id=scheduled.case_id, flow_task=VisitFlow.visit)
    assert visit.owner.username == "volunteer" and visit.is_overdue
    assert schedule.due_date_of(visit) == scheduled.due_date

    late = (china_today() - scheduled.due_date).days
    assert late > settings.TANFANG_VISIT_GRACE_DAYS
    due = f'<time datetime="{scheduled.due_date:%Y-%m-%d}">{chinese(scheduled.due_date)}</time>（已逾期 {late} 天）'
    for username, url in [("volunteer", reverse("workbench:home")), ("volunteer", reverse("workflows:inbox")),
                          ("volunteer", reverse("workflows:task_detail", args=[visit.pk])),
                          ("volunteer", reverse("workflows:visit_task", args=[visit.pk])),
                          ("volunteer", reverse("workbench:elder_detail", args=[scheduled.elder_id])),
                          ("township", reverse("workflows:inbox") + "?tab=region")]:
        assert due in page(client, username, url), url

    step = CaseTask.objects.get(process_id=escalation.case_id, flow_task=VisitEscalationFlow.escalate)
    deadline = china_today() + timedelta(days=2)
    assert schedule.due_date_of(step) == deadline
    html = page(client, "township", reverse("workflows:visit_escalation", args=[step.pk]))
    assert f"<dt>应探访日期</dt><dd><span class=\"due due--late\">{due}</span>" in html
    deadline_html = f'<time datetime="{deadline:%Y-%m-%d}">{chinese(deadline)}</time>'
    assert f'<dt>督办期限</dt><dd><span class="due">{deadline_html}' in html
