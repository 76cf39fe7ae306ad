"""The workbench offline, server side: what a phone may keep, and the queue's idempotent submissions."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from forms.models import OfflineOutcome, OfflineSubmission, VisitRecord
from registry.models import Elder
from tests.roles.factories import role_holder
from tests.workbench.visiting import GOOD, form_data
from workflows.flows.visits import VisitFlow
from workflows.models import CaseTask
from workflows.scheduler import schedule_visits

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(elders, people):
    schedule_visits(elders=Elder.objects.filter(pk=elders["own"].pk))
    return CaseTask.objects.get(process__case__elder=elders["own"], flow_task=VisitFlow.visit)


def secrets_of(elder):
    """Numbers no phone may keep: every ID number of the file, and its phones in full."""
    numbers = [elder.id_number, elder.phone, elder.emergency_contact_phone, elder.first_contact_phone]
    numbers += [member.id_number for member in elder.household_members.all()]
    return [number for number in numbers if number]


def form_url(task):
    return reverse("workbench:offline_visit", args=[task.pk])


def send(client, task, data, key=None):
    return client.post(reverse("workbench:offline_submit", args=[task.pk]), data,
                       headers={"Idempotency-Key": str(key or uuid.uuid4())})


def filled(client, task, **changes):
    """The kept form of ``task`` as the phone posts it, filled with a good visit."""
    return form_data(client.get(form_url(task)), **{**GOOD, **changes})


class TestWhatAPhoneKeeps:
    def test_a_visitor_gets_their_tasks_elders_and_pages_and_no_full_number(self, client, elders, people, task):
        client.force_login(people["visitor"])
        response = client.get(reverse("workbench:offline_sync"))
        data = response.json()
        assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
        assert data["keep"] is True and data["user"] == people["visitor"].pk
        assert [entry["id"] for entry in data["tasks"]] == [task.pk]
        assert data["elders"] == [{"id": elders["own"].pk, "name": "韦桂英", "village": elders["own"].village.name,
                                   "phone": elders["own"].masked_phone}]
        assert form_url(task) in data["pages"] and reverse("workflows:inbox") in data["pages"]
        text = json.dumps(data, ensure_ascii=False)
        for secret in secrets_of(elders["own"]):
            assert secret not in text

    def test_the_kept_form_shows_no_id_number_and_masked_phones(self, client, elders, people, task):
        client.force_login(people["visitor"])
        html = client.get(form_url(task)).content.decode()
        assert "韦桂英" in html and elders["own"].masked_phone in html and "data-offline-visit" in html
        for secret in secrets_of(elders["own"]):
            assert secret not in html
        assert 'name="save"' not in html  # drafts are kept on the phone as typed

    @pytest.mark.parametrize("who", ["township", "village", "county", "outsider"])
    def test_staff_keep_nothing(self, client, people, task, who):
        client.force_login(people[who])
        assert client.get(reverse("workbench:offline_sync")).json() == {"user": people[who].pk, "keep": False}
        assert client.get(form_url(task)).status_code == 404

    def test_another_visitor_gets_no_form(self, client, elders, people, task):
        client.force_login(role_holder("visitor", elders["own"].village))
        assert client.get(form_url(task)).status_code == 404

    def test_signed_out_gets_401_not_a_login_page(self, client):
        assert client.get(reverse("workbench:offline_sync")).status_code == 401
        assert client.get(reverse("workbench:offline_state")).status_code == 401

    def test_the_service_worker_is_served_from_the_workbench(self, client):
        response = client.get(reverse("workbench:service_worker"))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
        assert response["Service-Worker-Allowed"] == "/workbench/"
        assert "importScripts(\"/static/js/offline-store.js\")" in response.content.decode()
        assert "script-src 'self'" in response["Content-Security-Policy"]


class TestSubmittingTheQueue:
    def test_a_visit_is_stored_once_however_often_it_is_sent(self, client, elders, people, task):
        client.force_login(people["visitor"])
        data, key = filled(client, task, suggestions="离线填写"), uuid.uuid4()
        first = send(client, task, data, key)
        assert first.status_code == 200 and first.json()["status"] == "accepted"
        again = send(client, task, data, key)
        assert again.json() == first.json()
        record = VisitRecord.objects.get(elder=elders["own"])
        assert (record.status, record.visit_number, record.suggestions) == ("submitted", 1, "离线填写")
        task.refresh_from_db()
        assert task.status == STATUS.DONE and task.owner == people["visitor"]
        assert OfflineSubmission.objects.get().outcome == OfflineOutcome.ACCEPTED
        assert AuditEvent.objects.filter(detail__event="submit_visit", object_id=str(record.pk),
                                         detail__offline=True).count() == 1

    def test_masked_phones_sent_back_keep_the_file_s_numbers(self, client, elders, people, task):
        client.force_login(people["visitor"])
        send(client, task, filled(client, task))
        record = VisitRecord.objects.get(elder=elders["own"])
        assert record.plain_answers()["phone"] == elders["own"].phone
        assert "phone" not in record.proposed_changes

    def test_field_errors_come_back_and_nothing_is_kept(self, client, elders, people, task):
        client.force_login(people["visitor"])
        key = uuid.uuid4()
        response = send(client, task, filled(client, task, visit_method=None), key)
        assert response.status_code == 400
        body = response.json()
        assert body["status"] == "invalid" and "visit_method" in body["fields"]
        assert {"label": "探访方式", "message": "此项为必填项。", "anchor": "id_visit_method_0"} in body["errors"]
        assert not OfflineSubmission.objects.exists() and not VisitRecord.objects.submitted().exists()
        assert send(client, task, filled(client, task), key).json()["status"] == "accepted"  # fixed, same key
        assert VisitRecord.objects.submitted().count() == 1

    def test_a_task_reassigned_meanwhile_is_a_conflict_kept_for_the_township(self, client, elders, people, task):
        client.force_login(people["visitor"])
        data = filled(client, task, suggestions="改派前填写")
        other = role_holder("visitor", elders["own"].village)
        CaseTask.objects.filter(pk=task.pk).update(owner=other)
        response = send(client, task, data)
        assert response.status_code == 409 and "已改派给他人" in response.json()["message"]
        draft = VisitRecord.objects.get(elder=elders["own"])
        assert (draft.status, draft.created_by) == ("draft", people["visitor"])
        assert draft.plain_answers()["suggestions"] == "改派前填写"  # nothing lost
        task.refresh_from_db()
        assert task.status == STATUS.ASSIGNED and task.owner == other
        conflict = OfflineSubmission.objects.get()
        assert (conflict.outcome, conflict.record) == (OfflineOutcome.CONFLICT, draft)

        client.force_login(people["township"])
        inbox = client.get(reverse("workflows:inbox")).content.decode()
        assert "离线提交冲突（1）" in inbox and "韦桂英" in inbox
        client.force_login(people["outsider"])
        assert "离线提交冲突" not in client.get(reverse("workflows:inbox")).content.decode()
        assert client.post(reverse("workbench:offline_resolve", args=[conflict.pk])).status_code == 404
        client.force_login(people["township"])
        client.post(reverse("workbench:offline_resolve", args=[conflict.pk]))
        conflict.refresh_from_db()
        assert conflict.resolved_by == people["township"]
        assert "离线提交冲突" not in client.get(reverse("workflows:inbox")).content.decode()

    def test_a_task_done_meanwhile_is_a_conflict(self, client, elders, people, task):
        client.force_login(people["visitor"])
        data = filled(client, task)
        CaseTask.objects.filter(pk=task.pk).update(status=STATUS.DONE)
        assert "已由他人完成" in send(client, task, data).json()["message"]

    def test_someone_never_assigned_the_elder_is_told_nothing(self, client, elders, people, task):
        client.force_login(people["visitor"])
        data = filled(client, task)
        client.force_login(role_holder("visitor", elders["own"].village))
        assert send(client, task, data).status_code == 404
        assert not VisitRecord.objects.exists()

    def test_staff_and_keyless_posts_are_refused(self, client, elders, people, task):
        client.force_login(people["visitor"])
        data = filled(client, task)
        assert client.post(reverse("workbench:offline_submit", args=[task.pk]), data).status_code == 400
        client.force_login(people["township"])  # not the elder's visitor: told the task doesn't exist
        assert send(client, task, data).status_code == 404
        assert not VisitRecord.objects.submitted().exists()

    def test_a_replay_needs_the_csrf_token_of_the_session(self, elders, people, task):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(people["visitor"])
        data = filled(browser, task)
        data.pop("csrfmiddlewaretoken", None)
        assert send(browser, task, data).status_code == 403
        token = browser.get(reverse("workbench:offline_state")).json()["csrf"]
        response = browser.post(reverse("workbench:offline_submit", args=[task.pk]), data,
                                headers={"Idempotency-Key": str(uuid.uuid4()), "X-CSRFToken": token})
        assert response.json()["status"] == "accepted"
