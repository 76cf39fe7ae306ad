"""The visit form of the workbench: start or reopen a draft, save it, submit it, who may do so."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from forms.models import VisitRecord
from forms.services import save_draft, start_visit, submit_visit
from tests.forms.factories import SIGNATURE
from tests.registry.factories import AssignmentFactory
from tests.roles.factories import role_holder
from tests.workbench.visiting import GOOD, posted, start

pytestmark = pytest.mark.django_db

def test_assigned_visitor_starts_and_reopens_a_draft(client, elders, people):
    elder = elders["own"]
    client.force_login(people["visitor"])
    assert "开始探访" in client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
    response = start(client, people["visitor"], elder)
    record = VisitRecord.objects.get(elder=elder)
    assert response.status_code == 302 and response.url == reverse("workbench:visit_edit", args=[record.pk])
    assert (record.status, record.created_by, record.visitor) == ("draft", people["visitor"], people["visitor"])
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    for legend in "一二三四五":
        assert f"<legend>{legend}、" in html
    assert "<legend>六、" not in html  # care delivered is staff's, not a visitor's
    assert f'value="{elder.name}"' in html  # sections 一-四 prefilled
    assert 'name="visitor_signature__image"' in html and "data-signature-pad" in html
    assert "保存草稿" in html and "提交" in html
    assert start(client, people["visitor"], elder).url == response.url  # the same draft, reopened
    assert VisitRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="view", object_id=str(record.pk)).exists()


def test_township_staff_may_start_a_visit_county_staff_may_not(client, elders, people):
    assert start(client, people["township"], elders["own"]).status_code == 302
    assert start(client, people["county"], elders["own"]).status_code == 403
    client.force_login(people["county"])
    assert "开始探访" not in client.get(reverse("workbench:elder_detail", args=[elders["own"].pk])).content.decode()


def test_save_draft_keeps_the_values(client, elders, people):
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    data = posted(record, client, mood="worse", visit_method="other", visit_method__other="电话回访", save="1")
    response = client.post(reverse("workbench:visit_edit", args=[record.pk]), data, follow=True)
    assert "草稿已保存" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "draft"
    assert record.plain_answers()["mood"] == "worse"
    assert record.plain_answers()["visit_method"]["other"] == "电话回访"
    assert response.context["form"].initial["visit_method__other"] == "电话回访"


def test_a_bad_submit_shows_the_error_beside_the_field_and_keeps_the_values(client, elders, people):
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    data = posted(record, client, **{**GOOD, "visit_method": ""}, submit="1")
    data["suggestions"] = "每月上门一次"
    response = client.post(reverse("workbench:visit_edit", args=[record.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["visit_method"] == ["此项为必填项。"]
    html = response.content.decode()
    assert 'id="id_visit_method_error"' in html and "此项为必填项。" in html
    assert "每月上门一次" in html and "双手颤抖" in html and SIGNATURE in html
    record.refresh_from_db()
    assert (record.status, record.visit_number) == ("draft", None)


def test_a_good_submit_numbers_the_visit_and_shows_it_read_only(client, elders, people):
    elder = elders["own"]
    start(client, people["visitor"], elder)
    record = VisitRecord.objects.get()
    data = posted(record, client, **GOOD, submit="1")
    response = client.post(reverse("workbench:visit_edit", args=[record.pk]), data)
    assert response.status_code == 302 and response.url == reverse("workbench:elder_detail", args=[elder.pk])
    record.refresh_from_db()
    assert (record.status, record.visit_number, record.submitted_by) == ("submitted", 1, people["visitor"])
    assert record.visitor_signature.image == SIGNATURE
    assert "探访记录已提交（第1次）" in client.get(response.url).content.decode()
    page = client.get(reverse("workbench:visit_edit", args=[record.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "第1次探访" in html and 'class="visit-form"' not in html
    assert client.post(reverse("workbench:visit_edit", args=[record.pk]), data).status_code == 400
    assert AuditEvent.objects.filter(action="change", object_id=str(record.pk)).exists()
    # The next visit starts a new draft.
    assert start(client, people["visitor"], elder).url != reverse("workbench:visit_edit", args=[record.pk])


@pytest.mark.parametrize("who", ["outsider", "other_visitor", "fire", "village"])
def test_others_get_404_for_a_draft(client, elders, people, who):
    record = start_visit(elders["own"], people["visitor"])
    if who == "other_visitor":
        user = role_holder("visitor", elders["same_county"].village)
        AssignmentFactory(elder=elders["same_county"], visitor=user)
    else:
        user = people[who]
    client.force_login(user)
    url = reverse("workbench:visit_edit", args=[record.pk])
    expected = 200 if who == "village" and _may_edit(user, elders["own"]) else 404
    assert client.get(url).status_code == expected
    if who in ("outsider", "other_visitor"):
        assert start(client, user, elders["own"]).status_code == 404
        assert AuditEvent.objects.filter(action="denied", username=user.username).exists()


def _may_edit(user, elder):
    from roles.access import Action, can

    return can(user, Action.EDIT, elder)


def test_township_staff_may_open_a_visitors_draft(client, elders, people):
    record = start_visit(elders["own"], people["visitor"])
    client.force_login(people["township"])
    page = client.get(reverse("workbench:visit_edit", args=[record.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "探访记录草稿" in html and "只有填写人本人可以修改和提交" in html
    assert 'class="visit-form"' not in html  # read-only: no form to type into
    client.force_login(people["county"])
    assert client.get(reverse("workbench:visit_edit", args=[record.pk])).status_code == 404


def test_only_who_started_a_draft_saves_autosaves_or_submits_it(client, elders, people):
    """Township staff may open a volunteer's draft, never change or submit it (it is listed under the volunteer)."""
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    data = posted(record, client, **GOOD, suggestions="志愿者写的建议")
    assert client.post(reverse("workbench:visit_edit", args=[record.pk]), data).status_code == 302  # 保存草稿
    record.refresh_from_db()
    before = (record.answers, record.status, record.updated_at)
    assert record.plain_answers()["suggestions"] == "志愿者写的建议"

    client.force_login(people["township"])
    edit_url = reverse("workbench:visit_edit", args=[record.pk])
    saved = client.post(edit_url, {**data, "suggestions": "乡镇改过的建议"})
    submitted = client.post(edit_url, {**data, "suggestions": "乡镇改过的建议", "submit": "1"})
    autosaved = client.post(reverse("workbench:visit_autosave", args=[record.pk]), {"suggestions": "乡镇改过的建议"})
    refusal = "这份探访记录草稿只有填写人本人可以修改和提交。"
    for response in (saved, submitted):
        assert response.status_code == 403
        assert refusal in response.content.decode()
    assert autosaved.status_code == 403
    assert autosaved.json() == {"saved": False, "errors": {"__all__": [refusal]}}
    record.refresh_from_db()
    assert (record.answers, record.status, record.updated_at) == before
    assert record.visit_number is None and record.submitted_by is None
    assert AuditEvent.objects.filter(action="denied", username=people["township"].username,
                                     object_id=str(record.pk)).count() == 3

    # The rule holds below the views too.
    for change in (save_draft, submit_visit):
        with pytest.raises(PermissionDenied):
            change(record, record.plain_answers(), people["township"])
    record.refresh_from_db()
    assert record.status == "draft"

    # Its creator still submits it.
    client.force_login(people["visitor"])
    assert client.post(edit_url, {**data, "submit": "1"}).status_code == 302
    record.refresh_from_db()
    assert (record.status, record.submitted_by) == ("submitted", people["visitor"])
