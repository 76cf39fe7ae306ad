"""The visit scheduler: ask for the visits due, escalate the overdue ones, close a visit on submission.

``schedule_visits`` and ``escalate_overdue_visits`` are what ``manage.py schedule_visits`` runs
(daily); both are idempotent. ``complete_visit_task`` listens to ``forms.signals.visit_submitted``
and closes the visit's escalation, if any; ``cancel_visits_of_departed`` to an elder leaving the register.
What "due" and "overdue" mean is ``workflows.schedule``'s to say.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.status import PROCESS, STATUS

from forms.signals import visit_submitted
from registry.choices import ElderStatus
from registry.dates import CHINA_TZ
from registry.models import Assignment, Elder

from . import schedule
from .flows.visits import VisitEscalationFlow, VisitFlow
from .models import Case, CaseTask, ScheduledVisit, VisitEscalation
from .models.scheduling import EscalationOutcome

logger = logging.getLogger(__name__)


def open_visit_tasks():
    return CaseTask.objects.open().filter(flow_task=VisitFlow.visit)


def elders_to_schedule(today, elders=None):
    """Active elders with a current visitor and no visit case in progress."""
    elders = Elder.objects.all() if elders is None else elders
    in_progress = ScheduledVisit.objects.filter(elder=OuterRef("pk"), case__status=PROCESS.NEW)
    assigned = Assignment.objects.current().filter(elder=OuterRef("pk"), start_date__lte=today)
    return elders.active().filter(Exists(assigned)).exclude(Exists(in_progress))


def schedule_visits(now=None, elders=None):
    """Start a visit case for each elder due in their current period; returns how many were started.

    Running it again in the same period starts nothing: ``(elder, period_start)`` is unique and
    elders with a visit case in progress are skipped.
    """
    today = timezone.localtime(now or timezone.now(), CHINA_TZ).date()
    candidates = elders_to_schedule(today, elders)
    periods = {pk: schedule.period_for(interval, today)
               for pk, interval in schedule.intervals_for(candidates, today).items()}
    earliest = min((period.start for period in periods.values()), default=today)
    visits = schedule.visit_dates(candidates.values("pk"), earliest, today)
    due = [pk for pk, period in periods.items() if not schedule.visited_between(visits.get(pk, ()), period)]
    started = 0
    for first in range(0, len(due), START_BATCH):
        started += _start_batch(due[first:first + START_BATCH], periods)
    return started


# Visits started per transaction: one commit (and one fetch of elders, villages and visitors) per
# batch instead of per task; each visit still has its own savepoint, so a clash skips one visit only.
START_BATCH = 500


def _start_batch(elder_ids, periods):
    visitors = dict(Assignment.objects.current().filter(elder_id__in=elder_ids).values_list("elder_id", "visitor"))
    visitor_by_id = get_user_model().objects.in_bulk(set(visitors.values()))
    with transaction.atomic():
        started = 0
        for elder in Elder.objects.filter(pk__in=elder_ids).select_related("village"):
            elder.current_visitor = visitor_by_id.get(visitors.get(elder.pk))
            started += _start_visit(elder, periods[elder.pk])
        return started


def _start_visit(elder, period):
    try:
        with transaction.atomic():
            scheduled = ScheduledVisit.objects.create(elder=elder, period_start=period.start, period_end=period.end,
                                                      due_date=period.end)
            VisitFlow.start.run(scheduled=scheduled)
    except IntegrityError:  # asked for already in this period (another run got there first)
        return 0
    return 1


def escalate_overdue_visits(now=None):
    """Escalate every open visit task past its grace period, once; returns how many were escalated."""
    now = now or timezone.now()
    escalated = 0
    for task in open_visit_tasks().filter(schedule.overdue_filter(now), escalated_at__isnull=True):
        with transaction.atomic():
            # The conditional update makes a concurrent run escalate each task once only.
            if not CaseTask.objects.filter(pk=task.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            scheduled = ScheduledVisit.objects.get(case_id=task.process_id)
            escalation, created = VisitEscalation.objects.get_or_create(scheduled_visit=scheduled)
            if created:
                VisitEscalationFlow.start.run(escalation=escalation)
                escalated += 1
    return escalated


@receiver(visit_submitted, dispatch_uid="workflows.complete_visit_task")
def complete_visit_task(sender, record, user, **kwargs):
    """A submitted visit record completes the elder's open visit task, whoever was assigned it.

    The assigned visitor usually submits; when someone else authorised to visit the elder does
    (the workbench checked that), the task is handed to them first, so the case history says who
    did the visit.
    """
    for task in open_visit_tasks().filter(process__case__elder_id=record.elder_id).select_for_update():
        _complete_as(task, user)
        ScheduledVisit.objects.filter(case_id=task.process_id).update(record=record, completed_by=user)
        logger.info("visit task %s completed by record %s", task.pk, record.pk)
        close_escalation(task.process_id, record, user)


def _complete_as(task, user):
    """Complete the open ``task`` as done by ``user``, handing it to them first if someone else held it."""
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(user)
        elif task.owner_id != user.pk:
            task.owner = user
            task.save(update_fields=["owner"])
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        activation.execute()


def close_escalation(visit_case_id, record, user):
    """The visit an escalation was about has been made: the escalation still open is handled as
    已完成探访 by whoever submitted the visit, and its 逾期探访督办 task done."""
    escalation = VisitEscalation.objects.filter(scheduled_visit__case_id=visit_case_id, handled_at__isnull=True).first()
    if escalation is None:
        return
    for step in CaseTask.objects.open().filter(process_id=escalation.case_id).select_for_update():
        _complete_as(step, user)
    escalation.outcome = EscalationOutcome.VISITED
    escalation.note = f"已提交第{record.visit_number}次探访记录。"
    escalation.mark_handled(user)
    logger.info("escalation %s closed by record %s", escalation.pk, record.pk)


DEPARTED = [ElderStatus.MOVED_AWAY, ElderStatus.DECEASED, ElderStatus.WITHDRAWN]


@receiver(post_save, sender=Elder, dispatch_uid="workflows.cancel_visits_of_departed")
def cancel_visits_of_departed(sender, instance, raw=False, **kwargs):
    """An elder who left the register (迁出、去世、退出) is visited no more: their open visit and
    escalation cases are cancelled, so no visitor keeps a task and nothing escalates."""
    if raw or instance.status not in DEPARTED:
        return
    visits = Q(flow_class=VisitFlow) | Q(flow_class=VisitEscalationFlow)
    for case in Case.objects.filter(visits, elder=instance, status=PROCESS.NEW):
        try:
            case.flow_class.instance.cancel(case)
        except FlowRuntimeError:  # a task half done by someone right now: leave it, never fail the save
            logger.warning("visit case %s left open: elder %s left the register", case.pk, instance.pk)
        else:
            logger.info("visit case %s cancelled: elder %s left the register", case.pk, instance.pk)
