"""Submitting the visit an overdue escalation was about closes the escalation (issue 9 item 18)."""

import pytest
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from forms.services import start_visit, submit_visit
from tests.forms.factories import valid_answers
from tests.roles.factories import role_holder
from workflows import inbox, schedule
from workflows.flows.visits import VisitEscalationFlow, VisitFlow
from workflows.models import CaseTask, VisitEscalation
from workflows.models.scheduling import EscalationOutcome
from workflows.scheduler import escalate_overdue_visits, schedule_visits

from .visit_factories import assigned_elder, village_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated():
    village = village_in("民生街道")
    visitor = role_holder("visitor", village)
    officer = role_holder("township_officer", "民生街道")
    elder = assigned_elder(village, visitor=visitor, name="韦桂英")
    schedule_visits()
    visit = CaseTask.objects.get(flow_task=VisitFlow.visit)
    escalate_overdue_visits(now=schedule.overdue_at(visit.due_at))
    step = CaseTask.objects.get(flow_task=VisitEscalationFlow.escalate)
    return {"visitor": visitor, "officer": officer, "elder": elder, "step": step}


def submit(elder, user):
    record = start_visit(elder, user)
    submit_visit(record, valid_answers(), user)
    return record


def test_submitting_the_visit_closes_its_escalation_as_visited(escalated):
    record = submit(escalated["elder"], escalated["visitor"])
    escalation = VisitEscalation.objects.get()
    assert (escalation.outcome, escalation.handled_by) == (EscalationOutcome.VISITED, escalated["visitor"])
    assert escalation.handled_at is not None and f"第{record.visit_number}次" in escalation.note
    step = escalated["step"]
    step.refresh_from_db()
    assert (step.status, step.process.status) == (STATUS.DONE, PROCESS.DONE)
    assert not inbox.inbox(escalated["officer"]).exists()
    assert escalation.get_outcome_display() == "已完成探访"


def test_an_escalation_claimed_by_the_officer_closes_too(escalated):
    inbox.claim(escalated["officer"], escalated["step"])
    submit(escalated["elder"], escalated["visitor"])
    escalated["step"].refresh_from_db()
    assert escalated["step"].status == STATUS.DONE
    assert VisitEscalation.objects.get().outcome == EscalationOutcome.VISITED


def test_an_escalation_the_officer_handled_keeps_their_outcome(client, escalated):
    client.force_login(escalated["officer"])
    url = reverse("workflows:visit_escalation", args=[escalated["step"].pk])
    assert "已完成探访" not in client.get(url).content.decode()  # set by the visit, never chosen
    client.post(url, {"outcome": "urged", "note": "已电话督促。"})
    submit(escalated["elder"], escalated["visitor"])
    escalation = VisitEscalation.objects.get()
    assert (escalation.outcome, escalation.handled_by) == (EscalationOutcome.URGED, escalated["officer"])
