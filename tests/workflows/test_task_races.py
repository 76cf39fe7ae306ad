"""Two people acting on one task at once: the second is told 该事项已被他人办理, never a server error.

The races are made deterministic: the other person's claim or step is done after this request
(or service call) fetched the task and before it acts on it, which is what a concurrent request
looks like once it has waited for the first one's lock.
"""

import pytest
from django.urls import reverse

from tests.workflows import census_fixtures
from tests.workflows.census_fixtures import DONE, VERIFY_POST, as_user, case_of, open_task, screen, tasks_of
from workflows import census, inbox
from workflows.flows import CensusFlow
from workflows.models import CaseTask

pytestmark = pytest.mark.django_db
village, people, pending_elder = census_fixtures.village, census_fixtures.people, census_fixtures.pending_elder

CONSENT = {"consents_to_visits": True}
TAKEN = "该事项已被他人办理。"


def stale(task):
    """The task as a request that fetched it a moment ago holds it."""
    return CaseTask.objects.get(pk=task.pk)


def test_verifying_twice_at_once(people, pending_elder):
    task = open_task(pending_elder)
    loser_copy, own_copy = stale(task), stale(task)
    census.verify(people["worker"], task, CONSENT, "先到")
    with pytest.raises(inbox.TaskTaken) as refused:
        census.verify(people["officer"], loser_copy, CONSENT, "后到")
    assert str(refused.value) == TAKEN
    with pytest.raises(inbox.TaskTaken) as again:  # the winner's double tap
        census.verify(people["worker"], own_copy, CONSENT, "先到")
    assert str(again.value) == "该事项已办理完毕。"
    assert tasks_of(pending_elder) == [("verify", people["worker"], DONE), ("approve", None, "NEW")]
    assert case_of(pending_elder).census_review.verification_notes == "先到"


def test_claiming_twice_at_once(people, pending_elder):
    task = open_task(pending_elder)
    loser_copy = stale(task)
    inbox.claim(people["worker"], task)
    with pytest.raises(inbox.TaskTaken):
        inbox.claim(people["officer"], loser_copy)
    with pytest.raises(inbox.TaskTaken):
        inbox.complete(people["officer"], loser_copy)
    assert stale(task).owner == people["worker"]
    inbox.claim(people["worker"], stale(task))  # claiming one's own task again changes nothing
    assert inbox.complete(people["worker"], stale(task)).status == DONE


def test_the_loser_of_a_verify_race_is_told_on_the_task_list(client, people, pending_elder, monkeypatch):
    task = open_task(pending_elder)
    fetch = inbox.get_task_or_404

    def fetch_then_lose_the_race(user, pk):
        fetched = fetch(user, pk)
        if user == people["officer"] and fetched.status == "NEW":
            census.verify(people["worker"], stale(fetched), CONSENT, "村委先核实")
        return fetched

    monkeypatch.setattr(inbox, "get_task_or_404", fetch_then_lose_the_race)
    response = as_user(client, people["officer"]).post(screen("verify", task), VERIFY_POST)
    assert response.status_code == 302 and response.url == reverse("workflows:inbox")
    assert TAKEN in client.get(response.url).content.decode()
    assert tasks_of(pending_elder)[0] == ("verify", people["worker"], DONE)
    assert case_of(pending_elder).census_review.verification_notes == "村委先核实"
    assert CaseTask.objects.filter(process__case__elder=pending_elder, flow_task=CensusFlow.approve).count() == 1


def test_arriving_after_someone_else_did_the_task_is_told_so(client, people, pending_elder):
    """Opening a task from an old list or a bookmark once a colleague has done it: the task list with
    该事项已被他人办理, not a 404 as if it had never existed."""
    task = open_task(pending_elder)
    census.verify(people["worker"], stale(task), CONSENT, "村委先核实")
    for method in ("get", "post"):
        response = getattr(as_user(client, people["officer"]), method)(screen("verify", task), VERIFY_POST)
        assert response.status_code == 302 and response.url == reverse("workflows:inbox")
        assert TAKEN in client.get(response.url).content.decode()


def test_a_task_outside_ones_scope_stays_404(client, people, pending_elder):
    task = open_task(pending_elder)
    census.verify(people["worker"], stale(task), CONSENT, "村委先核实")
    assert as_user(client, people["outsider"]).get(screen("verify", task)).status_code == 404
