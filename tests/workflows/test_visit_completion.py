"""Submitting a visit completes its task, its case and an open escalation as Viewflow's own activation
does (``task.activation()``: assign, start, execute, then the End node): the same rows and signals,
written a save a row (``scheduler._complete_as``)."""

import pytest
from django.utils import timezone
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import STATUS

from forms.services import start_visit, submit_visit
from tests.forms.factories import valid_answers
from tests.roles.factories import role_holder
from workflows import schedule, scheduler
from workflows.flows.visits import VisitEscalationFlow, VisitFlow
from workflows.models import Case, CaseTask, ScheduledVisit, VisitEscalation
from workflows.scheduler import escalate_overdue_visits, schedule_visits

from .visit_factories import assigned_elder, village_in

pytestmark = pytest.mark.django_db

TIMES = ("created", "assigned", "started", "finished", "handled_at", "created_at")


def _viewflow_complete(task, user):
    """Completing ``task`` through Viewflow's activation, as ``_complete_as`` did before issue 10."""
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(user)
        elif task.owner_id != user.pk:
            task.owner = user
            task.save(update_fields=["owner"])
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        activation.execute()


def _fields(queryset, *links):
    """Rows as dicts without ids and links to other rows; a timestamp as whether it is set."""
    skip = {"id", *links}
    return [{name: (value is not None) if name in TIMES else str(value) if name == "token" else value
             for name, value in row.items() if name not in skip} for row in queryset.order_by("pk").values()]


def _case_rows(case_id):
    tasks = CaseTask.objects.filter(process_id=case_id)
    return {"case": _fields(Case.objects.filter(pk=case_id), "process_ptr_id", "elder_id"),
            "tasks": _fields(tasks, "task_ptr_id", "process_id", "region_id"),
            "previous": [sorted(str(t.flow_task) for t in task.previous.all()) for task in tasks.order_by("pk")]}


def _rows(elder):
    scheduled = ScheduledVisit.objects.get(elder=elder)
    escalation = VisitEscalation.objects.filter(scheduled_visit=scheduled).first()
    return {"visit": _case_rows(scheduled.case_id),
            "scheduled": _fields(ScheduledVisit.objects.filter(pk=scheduled.pk), "elder_id", "case_id", "record_id"),
            "escalation": escalation and {
                "case": _case_rows(escalation.case_id),
                "row": _fields(VisitEscalation.objects.filter(pk=escalation.pk), "scheduled_visit_id", "case_id")}}


@pytest.fixture
def signals():
    """The Viewflow signals sent, in order: (signal, node, task status, owner)."""
    sent = []

    def receiver(name):
        def receive(sender, task, **kwargs):
            sent.append((name, str(task.flow_task), task.status, task.owner_id))
        return receive

    receivers = {signal: receiver(name) for signal, name in
                 ((task_started, "started"), (task_finished, "finished"), (flow_finished, "flow finished"))}
    for signal, receive in receivers.items():
        signal.connect(receive, weak=False)
    yield sent
    for signal, receive in receivers.items():
        signal.disconnect(receive)


def _prepare(elder, state, someone_else):
    task = CaseTask.objects.get(process__case__elder=elder, flow_task=VisitFlow.visit)
    if state == "unassigned":
        CaseTask.objects.filter(pk=task.pk).update(status=STATUS.NEW, owner=None)
    elif state == "someone else's":
        CaseTask.objects.filter(pk=task.pk).update(owner=someone_else)
    elif state == "started":
        CaseTask.objects.filter(pk=task.pk).update(status=STATUS.STARTED, started=timezone.now())


@pytest.mark.parametrize("escalated", [False, True], ids=["on time", "escalated"])
@pytest.mark.parametrize("state", ["the submitter's", "someone else's", "unassigned", "started"])
def test_the_rows_and_signals_are_viewflows(monkeypatch, signals, state, escalated):
    village = village_in("民生街道")
    visitor, other = role_holder("visitor", village), role_holder("visitor", village)
    role_holder("township_officer", "民生街道")
    ours, viewflows = assigned_elder(village, visitor=visitor), assigned_elder(village, visitor=visitor)
    schedule_visits()
    for elder in (ours, viewflows):
        _prepare(elder, state, other)
    if escalated:
        due = CaseTask.objects.filter(flow_task=VisitFlow.visit).first().due_at
        assert escalate_overdue_visits(now=schedule.overdue_at(due)) == 2

    signals.clear()
    submit_visit(start_visit(ours, visitor), valid_answers(), visitor)
    ours_sent = signals[:]
    signals.clear()
    monkeypatch.setattr(scheduler, "_complete_as", _viewflow_complete)
    submit_visit(start_visit(viewflows, visitor), valid_answers(), visitor)

    assert _rows(ours) == _rows(viewflows)
    assert ours_sent == signals
    visit = CaseTask.objects.get(process__case__elder=ours, flow_task=VisitFlow.visit)
    assert (visit.status, visit.owner, visit.process.status) == (STATUS.DONE, visitor, STATUS.DONE)
    if escalated:
        step = CaseTask.objects.get(process__case__elder=ours, flow_task=VisitEscalationFlow.escalate)
        assert (step.status, step.owner, step.process.status) == (STATUS.DONE, visitor, STATUS.DONE)


def test_only_tasks_that_lead_straight_to_the_end_are_completed_so():
    for node in (VisitFlow.visit, VisitEscalationFlow.escalate):
        assert isinstance(node._next, scheduler.End)
