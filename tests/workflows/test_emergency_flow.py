"""EmergencyFlow end to end: an emergency on a visit tops the township officer's inbox at once, is
handled within hours (who was called, what was done, outcome), filed with the visit; 404 for others."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from forms.choices import FlagStatus
from tests.roles.factories import DEFAULT_PASSWORD, role_holder
from workflows import inbox
from workflows.flows import EmergencyFlow
from workflows.models import EmergencyReport

from .referral_factories import case_of, cast, done_task, open_task, submit

pytestmark = pytest.mark.django_db
EMERGENCY = {"emergency": {"value": True, "detail": "老人在家中摔倒，无法起身"}}


@pytest.fixture
def people():
    return cast()


@pytest.fixture
def record(people):
    # An unrecognised need also lands in the officer's inbox (due in two days), after the emergency.
    return submit(people, service_needs="想要理发", **EMERGENCY)


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


def handle_url(task):
    return reverse("workflows:emergency_handle", args=[task.pk])


def handled(**data):
    return {"called": ["120", "emergency_contact"], "called_other": "", "actions": "拨打120，通知女儿赶到。",
            "outcome": "已送医院检查，无骨折。",
            "handled_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **data}


def test_emergency_handled_end_to_end(client, people, record):
    case = case_of(record, "emergency")
    task = open_task(case)
    assert task.flow_task == EmergencyFlow.handle and task.owner is None
    assert timezone.now() < task.due_at <= timezone.now() + timedelta(hours=2)
    assert inbox.inbox(people.officer)[0] == task  # first, before the routing task due in days
    assert inbox.inbox(people.officer).count() == 2
    assert task.urgent

    page = login(client, people.officer).get(handle_url(task))
    assert page.status_code == 200
    assert "老人在家中摔倒" in page.text and people.elder.emergency_contact_phone in page.text
    assert reverse("workbench:visit_edit", args=[record.pk]) in page.text
    assert client.post(handle_url(task), handled()).status_code == 302

    case.refresh_from_db()
    assert case.status == PROCESS.DONE
    report = EmergencyReport.objects.get(case=case)
    assert (report.record, report.handled_by, report.called) == (record, people.officer, ["120", "emergency_contact"])
    assert report.called_display() == "120急救、紧急联系人"
    assert done_task(case, EmergencyFlow.handle).owner == people.officer
    flag = case.follow_up.flag
    assert (flag.status, flag.closed_by) == (FlagStatus.CLOSED, people.officer)
    assert list(record.emergency_reports.all()) == [report]


def test_checks_what_was_entered(client, people, record):
    task = open_task(case_of(record, "emergency"))
    login(client, people.officer)
    response = client.post(handle_url(task), handled(called=["other"]))
    assert response.status_code == 400 and "选择“其他”时请填写联系对象。" in response.text
    later = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(handle_url(task), handled(handled_at=later))
    assert response.status_code == 400 and "处置时间不能晚于现在。" in response.text
    response = client.post(handle_url(task), handled(called=[]))
    assert response.status_code == 400
    assert not EmergencyReport.objects.exists()


@pytest.mark.parametrize("persona", ["officer_elsewhere", "fire", "visitor"])
def test_others_get_404(client, people, record, persona):
    task = open_task(case_of(record, "emergency"))
    login(client, getattr(people, persona))
    assert client.get(handle_url(task)).status_code == 404
    assert client.post(handle_url(task), handled()).status_code == 404


def test_village_worker_gets_404(client, people, record):
    worker = role_holder("village_worker", people.elder.village)
    task = open_task(case_of(record, "emergency"))
    assert login(client, worker).get(handle_url(task)).status_code == 404


def test_a_referral_screen_does_not_open_an_emergency(client, people, record):
    task = open_task(case_of(record, "emergency"))
    login(client, people.officer)
    assert client.get(reverse("workflows:referral_accept", args=[task.pk])).status_code == 404


def test_an_emergency_comes_before_overdue_work(people, record):
    emergency = open_task(case_of(record, "emergency"))
    other = inbox.inbox(people.officer).exclude(pk=emergency.pk).get()
    type(other).objects.filter(pk=other.pk).update(due_at=timezone.now() - timedelta(days=5))
    assert list(inbox.inbox(people.officer)) == [emergency, other]
    assert "紧急" in login(Client(), people.officer).get(reverse("workflows:inbox")).text
