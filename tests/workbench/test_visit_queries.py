"""What a visitor's visit submission costs in queries: bounded, so the hot path can't silently regrow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms.models import VisitRecord
from tests.workbench.visiting import GOOD, posted, start
from workflows.models import ScheduledVisit
from workflows.scheduler import schedule_visits

pytestmark = pytest.mark.django_db

# Measured: 61 before issue 10 (the signatures cleared one by one, the village's parents, the
# actor's role and region fetched again for the audit trail); 55 after; 57 with the visit rollup's
# upkeep and the closing of an open overdue escalation (issue 9 item 18).
SUBMISSION_QUERIES = 57


def test_submitting_a_scheduled_visit_stays_within_its_query_budget(client, elders, people):
    schedule_visits()
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    data = posted(record, client, **GOOD, submit="1")
    client.force_login(people["visitor"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("workbench:visit_edit", args=[record.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_submitted and ScheduledVisit.objects.filter(record=record).exists()
    assert len(queries) <= SUBMISSION_QUERIES, "\n".join(query["sql"][:200] for query in queries)
