"""The scheduler starts visits in batches: one transaction and one fetch of elders, villages and visitors per
batch, so the queries per visit task stay few; and the visitor's list pages cost the same for 10 or 200 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workflows import scheduler
from workflows.models import CaseTask
from workflows.scheduler import schedule_visits

from .visit_factories import assigned_elder, village_in

pytestmark = pytest.mark.django_db

# Per visit task, inside the test's transaction (a savepoint each): measured 19. Before batching the
# elder's village and current visitor were fetched again for every task: 21.
QUERIES_PER_TASK = 19


def _elders(count, village, visitor):
    return [assigned_elder(village, visitor=visitor) for _ in range(count)]


def _queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_queries_per_started_visit_stay_few(make_visitor):
    village, visitor = make_visitor()

    def scheduling(count):
        elders = _elders(count, village, visitor)
        return _queries(lambda: schedule_visits(elders=scheduler.Elder.objects.filter(pk__in=[e.pk for e in elders])))

    assert (scheduling(12) - scheduling(2)) / 10 <= QUERIES_PER_TASK


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
