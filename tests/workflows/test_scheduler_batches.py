"""The scheduler starts visits in batches of bulk inserts, the same rows Viewflow's start leaves, at a cost
per batch, not per visit; and the visitor's list pages cost the same for 10 or 200 rows.

Run it on PostgreSQL too (``TEST_DATABASE_URL``): there a batch is one ``INSERT … SELECT`` statement
(``scheduler._insert_select_start``), a different path from SQLite's bulk inserts."""

import sqlite3
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from forms.services import start_visit, submit_visit
from tests.forms.factories import valid_answers
from workflows import inbox, schedule, scheduler
from workflows.models import Case, CaseTask, ScheduledVisit, VisitEscalation
from workflows.models.scheduling import EscalationOutcome
from workflows.scheduler import escalate_overdue_visits, schedule_visits

from .visit_factories import assigned_elder, village_in

pytestmark = pytest.mark.django_db


def _elders(count, village, visitor):
    return [assigned_elder(village, visitor=visitor) for _ in range(count)]


def _queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


@pytest.fixture
def whole_batch_inserts(monkeypatch):
    """Let one INSERT carry a whole batch on SQLite too: Django assumes SQLite's old limit of 999 bound
    parameters and splits bulk inserts; PostgreSQL (production) takes the batch in one."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


def test_a_batch_costs_the_same_queries_for_10_and_200_elders(make_visitor, whole_batch_inserts):
    village, visitor = make_visitor()

    def scheduling(count):
        elders = _elders(count, village, visitor)
        chosen = scheduler.Elder.objects.filter(pk__in=[e.pk for e in elders])
        with CaptureQueriesContext(connection) as queries:
            assert schedule_visits(elders=chosen) == count
        return len(queries)

    schedule.frequency_settings()  # read once and cached: the comparison is of what the batch costs
    assert scheduling(10) == scheduling(200)


def _fields(queryset, *skip):
    """The rows of ``queryset`` as dicts without ids, links to other rows of the case, and timestamps."""
    skip = {"id", "created", "created_at", "started", "finished", "assigned", *skip}
    return [{name: str(value) if name == "token" else value for name, value in row.items() if name not in skip}
            for row in queryset.order_by("pk").values()]


def _case_rows(elder):
    case = Case.objects.get(elder=elder)
    tasks = CaseTask.objects.filter(process=case)
    return {
        "case": _fields(Case.objects.filter(pk=case.pk), "process_ptr_id", "elder_id"),
        "tasks": _fields(tasks, "task_ptr_id", "process_id"),
        "previous": [sorted(str(t.flow_task) for t in task.previous.all()) for task in tasks.order_by("pk")],
        "scheduled": _fields(ScheduledVisit.objects.filter(case=case), "elder_id", "case_id"),
    }


def test_a_bulk_started_visit_is_the_one_viewflow_starts(make_visitor):
    """Same rows as ``VisitFlow.start.run`` leaves, and everything that works on those works on it:
    我的待办, escalation when overdue, completion by submitting the visit."""
    village, visitor = make_visitor()
    bulk, one_by_one = _elders(2, village, visitor)
    assert schedule_visits(elders=scheduler.Elder.objects.filter(pk=bulk.pk)) == 1
    period = ScheduledVisit.objects.get(elder=bulk)
    assert scheduler._start_visit(one_by_one, SimpleNamespace(start=period.period_start, end=period.period_end))
    assert _case_rows(bulk) == _case_rows(one_by_one)
    assert _case_rows(bulk)["tasks"][1]["owner_id"] == visitor.pk

    task = CaseTask.objects.get(process__case__elder=bulk, flow_task=scheduler.VisitFlow.visit)
    assert task in inbox.inbox(visitor)
    assert escalate_overdue_visits(now=schedule.overdue_at(task.due_at)) == 2
    record = start_visit(bulk, visitor)
    submit_visit(record, valid_answers(), visitor)
    task.refresh_from_db()
    assert (task.status, task.owner, task.process.status) == (STATUS.DONE, visitor, PROCESS.DONE)
    assert (period.__class__.objects.get(pk=period.pk).record, VisitEscalation.objects.get(
        scheduled_visit=period).outcome) == (record, EscalationOutcome.VISITED)
    assert task not in inbox.inbox(visitor)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the INSERT … SELECT path is PostgreSQL's")
def test_on_postgresql_a_batch_is_written_by_one_statement(make_visitor):
    village, visitor = make_visitor()
    elders = _elders(3, village, visitor)
    with CaptureQueriesContext(connection) as queries:
        assert schedule_visits() == 3
    assert len([query for query in queries if "INSERT" in query["sql"]]) == 1
    assert ScheduledVisit.objects.filter(elder__in=elders, case__status=PROCESS.NEW).count() == 3


def test_viewflow_assigns_and_completes_a_bulk_started_task_left_without_visitor(make_visitor):
    """A visit started with nobody to assign it waits NEW in the village; Viewflow's own activation
    assigns it and completes it, which ends the case."""
    village, visitor = make_visitor()
    elder = assigned_elder(village)
    period = schedule.period_for(schedule.DEFAULT_INTERVAL_DAYS, schedule.this_month())
    with transaction.atomic():
        assert scheduler._bulk_start([(elder.pk, village.pk)], {elder.pk: period}, {}) == 1
    task = CaseTask.objects.get(process__case__elder=elder, flow_task=scheduler.VisitFlow.visit)
    assert (task.status, task.owner) == (STATUS.NEW, None)
    scheduler._complete_as(task, visitor)
    task.refresh_from_db()
    assert (task.status, task.owner, task.process.status) == (STATUS.DONE, visitor, PROCESS.DONE)


def test_a_clash_with_another_run_starts_the_rest_one_by_one(make_visitor, monkeypatch):
    """Another run asked for one of the batch's visits after this one looked: the batch is redone visit by visit."""
    village, visitor = make_visitor()
    taken, free = _elders(2, village, visitor)
    asked_for = ScheduledVisit.objects.filter
    monkeypatch.setattr(scheduler.ScheduledVisit.objects, "filter",
                        lambda *a, **kw: asked_for(pk=None) if "period_start__in" in kw else asked_for(*a, **kw))
    ScheduledVisit.objects.create(elder=taken, period_start=schedule.this_month(),
                                  period_end=schedule.month_end(schedule.this_month()),
                                  due_date=schedule.month_end(schedule.this_month()))
    assert schedule_visits() == 1
    assert list(ScheduledVisit.objects.exclude(case=None).values_list("elder", flat=True)) == [free.pk]


def test_every_due_elder_gets_a_task_across_batches(make_visitor, monkeypatch):
    monkeypatch.setattr(scheduler, "START_BATCH", 2)
    village, visitor = make_visitor()
    elders = _elders(5, village, visitor)
    assert schedule_visits() == 5
    tasks = CaseTask.objects.filter(flow_task=scheduler.VisitFlow.visit)
    assert sorted(tasks.values_list("process__case__elder", flat=True)) == sorted(e.pk for e in elders)
    assert set(tasks.values_list("owner", flat=True)) == {visitor.pk}
    assert set(tasks.values_list("region", flat=True)) == {village.pk}
    assert schedule_visits() == 0


@pytest.mark.parametrize("url", ["workflows:inbox", "workbench:elder_list"])
def test_a_visitors_list_pages_cost_the_same_for_10_and_200_rows(client, make_visitor, url):
    village, visitor = make_visitor()
    client.force_login(visitor)

    def page_queries():
        schedule_visits()
        client.get(reverse(url))  # warm the content-type cache, which the first request fills
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url)).status_code == 200
        return len(queries)

    _elders(10, village, visitor)
    ten = page_queries()
    _elders(190, village, visitor)
    assert page_queries() == ten


@pytest.fixture
def make_visitor():
    from tests.roles.factories import role_holder

    def make():
        village = village_in("民生街道")
        return village, role_holder("visitor", village)

    return make
