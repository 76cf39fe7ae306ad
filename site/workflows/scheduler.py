"""The visit scheduler: ask for the visits due, escalate the overdue ones, close a visit on submission.

``schedule_visits`` and ``escalate_overdue_visits`` are what ``manage.py schedule_visits`` runs
(daily); both are idempotent. ``complete_visit_task`` listens to ``forms.signals.visit_submitted``
and closes the visit's escalation, if any; ``cancel_visits_of_departed`` to an elder leaving the register.
What "due" and "overdue" mean is ``workflows.schedule``'s to say.
"""

import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes import End
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import PROCESS, STATUS

from forms.signals import visit_submitted
from registry.choices import ElderStatus
from registry.dates import CHINA_TZ
from registry.models import Assignment, Elder

from . import schedule
from .flows.visits import VisitEscalationFlow, VisitFlow
from .models import Case, CaseTask, ScheduledVisit, VisitEscalation
from .models.scheduling import EscalationOutcome
from .schedule import due_at

logger = logging.getLogger(__name__)


def open_visit_tasks():
    return CaseTask.objects.open().filter(flow_task=VisitFlow.visit)


def elders_to_schedule(today, elders=None):
    """Active elders with a current visitor and no visit case in progress (unordered: a million rows
    need no sort)."""
    elders = Elder.objects.all() if elders is None else elders
    in_progress = ScheduledVisit.objects.filter(elder=OuterRef("pk"), case__status=PROCESS.NEW)
    assigned = Assignment.objects.current().filter(elder=OuterRef("pk"), start_date__lte=today)
    return elders.active().filter(Exists(assigned)).exclude(Exists(in_progress)).order_by()


def schedule_visits(now=None, elders=None):
    """Start a visit case for each elder due in their current period; returns how many were started.

    Running it again in the same period starts nothing: ``(elder, period_start)`` is unique and
    elders with a visit case in progress are skipped.
    """
    today = timezone.localtime(now or timezone.now(), CHINA_TZ).date()
    candidates = elders_to_schedule(today, elders)
    intervals = schedule.intervals_for(candidates, today)
    by_interval = {interval: schedule.period_for(interval, today) for interval in set(intervals.values())}
    periods = {pk: by_interval[interval] for pk, interval in intervals.items()}
    earliest = min((period.start for period in periods.values()), default=today)
    visits = schedule.visit_dates(candidates.values("pk"), earliest, today)
    due = [pk for pk, period in periods.items() if not schedule.visited_between(visits.get(pk, ()), period)]
    started = 0
    for first in range(0, len(due), START_BATCH):
        started += _start_batch(due[first:first + START_BATCH], periods)
    return started


# Visits started per transaction: a batch is a handful of bulk inserts (``_bulk_start``), not ~19 queries a visit.
START_BATCH = 1000


def _start_batch(elder_ids, periods):
    """Start the visits of ``elder_ids`` in one transaction; returns how many were started.

    Elders already asked for in their period are left out first; if another run slips one in meanwhile
    (the unique ``(elder, period_start)`` fails the bulk insert), the batch is redone one visit at a time.
    """
    elders = list(Elder.objects.filter(pk__in=elder_ids).values_list("pk", "village_id"))
    asked = set(ScheduledVisit.objects.filter(elder_id__in=elder_ids,
                                              period_start__in={periods[pk].start for pk in elder_ids})
                .values_list("elder_id", "period_start"))
    elders = [(pk, village) for pk, village in elders if (pk, periods[pk].start) not in asked]
    if not elders:
        return 0
    visitors = dict(Assignment.objects.current().filter(elder_id__in=[pk for pk, _ in elders])
                    .values_list("elder_id", "visitor"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                return _bulk_start(elders, periods, visitors)
        except IntegrityError:
            logger.info("visit batch clashed with another run: starting its %s visits one by one", len(elders))
        started = 0
        for elder in Elder.objects.filter(pk__in=[pk for pk, _ in elders]):
            started += _start_visit(elder, periods[elder.pk])
        return started


def _bulk_start(elders, periods, visitors):
    """Start the visit cases of ``elders`` ((pk, village_id) pairs) with a few set-based inserts.

    Leaves the rows ``VisitFlow.start.run`` would: a NEW ``Case``, its done ``start`` task, the ``visit``
    task assigned to the current visitor (or NEW when there is none) in the elder's village and due at
    the period's end, linked to the start task as Viewflow links them, and the ``ScheduledVisit``.
    ``test_scheduler_batches`` compares the two field by field. The rows are made by ``_case``,
    ``_start_task``, ``_visit_task`` and ``_scheduled``; on PostgreSQL they are only templates of one
    ``INSERT … SELECT`` statement (``_insert_select_start``), elsewhere Django's bulk inserts.
    """
    now = timezone.now()
    if connection.vendor == "postgresql":
        return _insert_select_start(elders, periods, visitors, now)
    cases = bulk_create_inherited([_case(pk, now) for pk, _ in elders])
    starts = bulk_create_inherited([_start_task(case, now) for case in cases])
    visits = bulk_create_inherited([_visit_task(case, visitors.get(pk), village, periods[pk], now)
                                    for case, (pk, village) in zip(cases, elders, strict=True)])
    previous = CaseTask.previous.through
    previous.objects.bulk_create(previous(from_task_id=task.pk, to_task_id=first.pk)
                                 for task, first in zip(visits, starts, strict=True))
    ScheduledVisit.objects.bulk_create(_scheduled(pk, periods[pk], case, now)
                                       for case, (pk, _) in zip(cases, elders, strict=True))
    return len(cases)


def _case(elder_id, now):
    return Case(flow_class=VisitFlow, status=PROCESS.NEW, created=now, elder_id=elder_id)


def _start_task(case, now):
    start = VisitFlow.start
    return CaseTask(process=case, flow_task=start, flow_task_type=start.task_type, status=STATUS.DONE,
                    created=now, started=now, finished=now)


def _visit_task(case, owner_id, village_id, period, now):
    visit = VisitFlow.visit
    return CaseTask(process=case, flow_task=visit, flow_task_type=visit.task_type, created=now,
                    status=_visit_status(owner_id), owner_id=owner_id, region_id=village_id,
                    due_at=due_at(period.end), urgent=visit.urgent)


def _visit_status(owner_id):
    """A visit task with a visitor is ASSIGNED to them; without one it waits NEW in the village."""
    return STATUS.ASSIGNED if owner_id else STATUS.NEW


def _scheduled(elder_id, period, case, now):
    return ScheduledVisit(elder_id=elder_id, period_start=period.start, period_end=period.end,
                          due_date=period.end, case=case, created_at=now)


def _insert_select_start(elders, periods, visitors, now):
    """``_bulk_start`` on PostgreSQL: one statement whose data-modifying CTEs insert every row of the
    batch from arrays (``unnest``), the ids drawn from the tables' sequences in the statement itself,
    so no model instance is made per visit. The columns the same for every row come from one
    instance made by ``_case`` etc. (prepared by their own fields), the others from the arrays."""
    process, task = Case._meta.pk.remote_field.model, CaseTask._meta.pk.remote_field.model
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id'), pg_get_serial_sequence(%s, 'id')",
                       [process._meta.db_table, task._meta.db_table])
        process_ids, task_ids = cursor.fetchone()
    ends = {}  # period end → due moment: a few periods for the whole batch
    owners = [visitors.get(pk) for pk, _ in elders]
    batch = [
        [pk for pk, _ in elders], [village for _, village in elders], owners,
        [_visit_status(owner) for owner in owners],
        [periods[pk].start for pk, _ in elders], [periods[pk].end for pk, _ in elders],
        [ends.setdefault(periods[pk].end, due_at(periods[pk].end)) for pk, _ in elders],
    ]
    template = _case(0, now)
    first, visit = _start_task(template, now), _visit_task(template, None, None, periods[elders[0][0]], now)
    inserts = [
        (process, template, {"id": "case_id"}),
        (Case, template, {"process_ptr_id": "case_id", "elder_id": "elder_id"}),
        (task, first, {"id": "start_id", "process_id": "case_id"}),
        (CaseTask, first, {"task_ptr_id": "start_id"}),
        (task, visit, {"id": "visit_id", "process_id": "case_id", "owner_id": "owner_id", "status": "status"}),
        (CaseTask, visit, {"task_ptr_id": "visit_id", "region_id": "village_id", "due_at": "due_at"}),
        (CaseTask.previous.through, None, {"from_task_id": "visit_id", "to_task_id": "start_id"}),
        (ScheduledVisit, _scheduled(0, periods[elders[0][0]], None, now), {
            "elder_id": "elder_id", "period_start": "period_start", "period_end": "period_end",
            "due_date": "period_end", "case_id": "case_id"}),
    ]
    statements = [_insert_select(model, row, columns) for model, row, columns in inserts]
    sql = ("WITH batch AS MATERIALIZED (SELECT *, nextval(%s) AS case_id, nextval(%s) AS start_id, "
           "nextval(%s) AS visit_id FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::text[], "
           "%s::date[], %s::date[], %s::timestamptz[]) "
           "AS s (elder_id, village_id, owner_id, status, period_start, period_end, due_at))"
           + "".join(f", insert_{n} AS ({statement})" for n, (statement, _) in enumerate(statements[:-1]))
           + f" {statements[-1][0]}")
    params = [process_ids, task_ids, task_ids, *batch]
    for _, statement_params in statements:
        params += statement_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_select(model, template, expressions):
    """``INSERT INTO <model's own table> (…) SELECT … FROM batch`` and its parameters: the columns of
    ``expressions`` from the batch's columns, the others from ``template``'s values, the NULL ones
    left to their default (NULL) and an unset primary key to its sequence."""
    columns, values, params = [], [], []
    for field in model._meta.local_concrete_fields:
        if field.column in expressions:
            values.append(expressions[field.column])
        else:
            value = None if template is None else getattr(template, field.attname)
            if value is None:
                continue
            values.append("%s")
            params.append(field.get_db_prep_save(value, connection))
        columns.append(connection.ops.quote_name(field.column))
    return (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM batch", params)


def bulk_create_inherited(objs):
    """``bulk_create`` for rows of a model with one concrete parent (``Case``, ``CaseTask``), which Django's
    refuses: the parent rows in one insert returning their ids, then the child rows in another. Columns
    NULL in every row are left out of the inserts (they default to NULL): half of a task's columns."""
    model = type(objs[0])
    link = model._meta.pk
    parent = link.remote_field.model
    rows = parent._base_manager.all()._batched_insert(
        objs, _filled_columns(parent, objs, skip=parent._meta.pk), batch_size=None)
    for obj, (pk,) in zip(objs, rows, strict=True):
        setattr(obj, parent._meta.pk.attname, pk)
        setattr(obj, link.attname, pk)
    model._base_manager.all()._batched_insert(objs, _filled_columns(model, objs), batch_size=None)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = model._base_manager.db
    return objs


def _filled_columns(model, objs, skip=None):
    return [field for field in model._meta.local_concrete_fields if field is not skip and (
        not field.null or any(getattr(obj, field.attname) is not None for obj in objs))]


def _start_visit(elder, period):
    """Start one visit the way Viewflow does (``VisitFlow.start``); 0 if it was asked for already."""
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
    for task in _locked(open_visit_tasks().filter(process__case__elder_id=record.elder_id)):
        _complete_as(task, user)
        ScheduledVisit.objects.filter(case_id=task.process_id).update(record=record, completed_by=user)
        logger.info("visit task %s completed by record %s", task.pk, record.pk)
        if task.escalated_at is not None:  # only ``escalate_overdue_visits`` escalates, and it marks the task
            close_escalation(task.process_id, record, user)


def _locked(tasks):
    """``tasks`` with their cases, their rows and their cases' rows locked (``select_for_update``).

    The case row is the one Viewflow's lock (``CaseFlowMixin.lock_impl``) takes, so this also holds
    the flow lock of each task's case until the transaction ends, as ``task.activation()`` would.
    Every task's process is a case: the filter only makes the join an inner one, which PostgreSQL
    requires of a table whose rows it locks.
    """
    return tasks.filter(process__case__isnull=False).select_related("process__case").select_for_update()


def _complete_as(task, user):
    """Complete the open ``task`` (locked by ``_locked``) as done by ``user``, and its case with it.

    Leaves the rows and sends the signals Viewflow's ``assign`` (if nobody held it) / ``start`` /
    ``execute`` leave and send, then the ``End`` node's activation: the task DONE, owned by ``user``,
    started (now, unless it was) and finished now; an ``end`` task, done, after it; the case DONE
    when no other task is open. Written directly, a save a row: Viewflow saves each row whole, the
    task three times. Our human tasks that call this all lead straight to the end (checked here,
    and ``test_visit_completion`` compares the rows field by field with Viewflow's own).
    """
    end_node, case, flow_class = task.flow_task._next, task.process.coerced, task.flow_task.flow_class
    if not isinstance(end_node, End):
        raise FlowRuntimeError(f"{task.flow_task} does not lead straight to the end")
    now = timezone.now()
    task.owner = user
    if task.status != STATUS.STARTED:
        task.status = STATUS.STARTED
        task_started.send(sender=flow_class, process=case, task=task)
        task.started = now
    task.status, task.finished = STATUS.DONE, now
    task.save(update_fields=["owner", "status", "started", "finished"])
    task_finished.send(sender=flow_class, process=case, task=task)

    end = flow_class.task_class(process=case, flow_task=end_node, token=task.token, data={}, seed=None,
                                status=STATUS.DONE, started=now, finished=now)
    end.save()
    end.previous.add(task)
    end.status, end.finished = STATUS.NEW, None  # as the End's activation has it until it completes
    task_started.send(sender=flow_class, process=case, task=end)
    finished = not flow_class.task_class._default_manager.filter(process=case, finished__isnull=True).exclude(
        pk=end.pk).exists()
    if finished:
        case.status, case.finished = PROCESS.DONE, now
        case.save(update_fields=["status", "finished"])
    task_finished.send(sender=flow_class, process=case, task=end)
    if finished:
        flow_finished.send(sender=flow_class, process=case, task=end)
    end.status, end.finished = STATUS.DONE, now
    task_finished.send(sender=flow_class, process=case, task=end)


def close_escalation(visit_case_id, record, user):
    """The visit an escalation was about has been made: the escalation still open is handled as
    已完成探访 by whoever submitted the visit, and its 逾期探访督办 task done."""
    escalation = VisitEscalation.objects.filter(scheduled_visit__case_id=visit_case_id, handled_at__isnull=True).first()
    if escalation is None:
        return
    for step in _locked(CaseTask.objects.open().filter(process_id=escalation.case_id)):
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
