"""POST visits/<pk>/autosave/: the draft saved as it is typed, as JSON, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from forms.models import VisitRecord
from forms.services import start_visit
from tests.forms.factories import SIGNATURE
from tests.registry.factories import AssignmentFactory
from tests.roles.factories import role_holder
from tests.workbench.visiting import GOOD, posted, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(client, elders, people):
    start(client, people["visitor"], elders["own"])
    return VisitRecord.objects.get()


def autosave(client, record, data):
    return client.post(reverse("workbench:visit_autosave", args=[record.pk]), data)


def test_good_input_is_saved(client, record):
    data = posted(record, client, mood="worse", suggestions="多陪老人说话", visitor_signature__image=SIGNATURE,
                  **{"household_members-5-name": "李小明", "household_members-5-relation": "孙子女"})
    response = autosave(client, record, data)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["errors"] == {} and len(body["saved_at"]) == 5
    record.refresh_from_db()
    answers = record.plain_answers()
    assert (answers["mood"], answers["suggestions"]) == ("worse", "多陪老人说话")
    assert answers["household_members"][-1]["name"] == "李小明"
    assert record.visitor_signature.image == SIGNATURE
    assert record.status == "draft"


def test_bad_input_saves_the_rest_and_keeps_what_was_saved(client, record):
    saved_phone = record.plain_answers()["phone"]
    data = posted(record, client, phone="1390", visit_date="昨天", suggestions="下次带血压计",
                  **{"household_members-0-id_number": "123"})
    response = autosave(client, record, data)
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is True
    assert set(body["errors"]) == {"phone", "visit_date", "household_members"}
    assert all("行" in message for message in body["errors"]["household_members"])
    record.refresh_from_db()
    answers = record.plain_answers()
    assert answers["phone"] == saved_phone and answers["suggestions"] == "下次带血压计"
    assert answers["household_members"][0]["name"]  # the household kept as it was saved


def test_the_signature_is_kept_when_another_answer_fails(client, record):
    autosave(client, record, posted(record, client, visitor_signature__image=SIGNATURE))
    assert autosave(client, record, posted(record, client, phone="1")).status_code == 400
    record.refresh_from_db()
    assert record.visitor_signature.image == SIGNATURE


def test_garbage_never_gives_a_500(client, record):
    for data in ({"visit_method": ["a", "b"], "family_change__count": "∞"}, {"household_members-99999-name": "x"},
                 {"visitor_signature__image": "data:text/html,<b>"}, {}):
        assert autosave(client, record, data).status_code in (200, 400)


def test_someone_elses_record_is_404(client, elders, people, record):
    other = role_holder("visitor", elders["same_county"].village)
    AssignmentFactory(elder=elders["same_county"], visitor=other)
    for user in (other, people["outsider"], people["fire"], people["county"]):
        client.force_login(user)
        assert autosave(client, record, {"mood": "worse"}).status_code == 404
    record.refresh_from_db()
    assert record.plain_answers().get("mood") in (None, "")


def test_a_submitted_record_is_400(client, record):
    data = posted(record, client, **GOOD, submit="1")
    assert client.post(reverse("workbench:visit_edit", args=[record.pk]), data).status_code == 302
    response = autosave(client, record, {"mood": "worse"})
    assert response.status_code == 400
    assert response.json() == {"saved": False, "errors": {"__all__": ["该探访记录已提交，不能修改。"]}}


def test_without_csrf_token_is_403(elders, people):
    record = start_visit(elders["own"], people["visitor"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["visitor"])
    assert autosave(client, record, {"mood": "worse"}).status_code == 403
    page = client.get(reverse("workbench:visit_edit", args=[record.pk]))
    token = page.context["csrf_token"]
    assert autosave(client, record, {"mood": "worse", "csrfmiddlewaretoken": str(token)}).status_code == 200


def test_audited_once_per_record_and_session(client, record):
    for mood in ("worse", "better", "no_change"):
        autosave(client, record, {"mood": mood})
    assert AuditEvent.objects.filter(object_id=str(record.pk), detail__event="autosave").count() == 1


def test_get_is_not_allowed(client, record):
    assert client.get(reverse("workbench:visit_autosave", args=[record.pk])).status_code == 405
