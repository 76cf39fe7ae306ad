"""The elder's page in the workbench: masking, revealing with a reason, audit, no-store, editing."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from registry.models import Elder
from workflows.models import Referral

pytestmark = pytest.mark.django_db


def detail(client, elder):
    return client.get(reverse("workbench:elder_detail", args=[elder.pk]))


def test_township_officer_sees_masked_numbers_and_no_store(client, elders, people):
    elder = elders["own"]
    client.force_login(people["township"])
    response = detail(client, elder)
    html = response.content.decode()
    assert elder.masked_id_number in html and elder.id_number not in html
    assert elder.phone not in html
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="view", object_id=str(elder.pk), username=people["township"].username)


def test_revealing_needs_a_reason_and_is_audited(client, elders, people):
    elder = elders["own"]
    client.force_login(people["township"])
    url = reverse("workbench:elder_reveal", args=[elder.pk])
    refused = client.post(url, {"reason": "看"})
    assert refused.status_code == 400
    assert "理由太短" in refused.content.decode() and elder.id_number not in refused.content.decode()

    response = client.post(url, {"reason": "核对身份办理临时救助"})
    html = response.content.decode()
    assert elder.id_number in html and elder.phone in html
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="reveal", object_id=str(elder.pk))
    assert event.detail["reason"] == "核对身份办理临时救助"
    assert elder.id_number not in str(event.detail)


def test_reveal_is_only_a_post(client, elders, people):
    client.force_login(people["township"])
    assert client.get(reverse("workbench:elder_reveal", args=[elders["own"].pk])).status_code == 405


def test_visitor_sees_the_phone_to_call_but_never_the_id_number(client, elders, people):
    elder = elders["own"]
    client.force_login(people["visitor"])
    html = detail(client, elder).content.decode()
    assert elder.phone in html and elder.first_contact_phone in html
    assert elder.id_number not in html and elder.masked_id_number not in html
    assert "家庭每月收入" not in html and "查看完整身份证号" not in html


def test_department_staff_see_only_what_the_referral_needs(client, elders, people):
    elder = elders["own"]
    client.force_login(people["fire"])
    assert detail(client, elder).status_code == 404
    Referral.objects.create(elder=elder, department=people["fire"].staff_profile.department, need="消防安全不安全")
    html = detail(client, elder).content.decode()
    assert elder.name in html and "消防安全不安全" in html and "生活用火用电用气是否安全" in html
    for hidden in ("二、家庭基本情况", "家庭每月收入", "公民身份号码", elder.masked_id_number, "探访关爱意愿"):
        assert hidden not in html


def test_outsider_is_denied_and_the_attempt_is_audited(client, elders, people):
    client.force_login(people["outsider"])
    assert detail(client, elders["own"]).status_code == 404
    denied = AuditEvent.objects.get(action="denied", object_id=str(elders["own"].pk))
    assert denied.outcome == "denied" and denied.username == people["outsider"].username


def test_access_log_shows_who_looked(client, elders, people):
    elder = elders["own"]
    client.force_login(people["visitor"])
    detail(client, elder)
    client.force_login(people["township"])
    html = detail(client, elder).content.decode()
    assert "档案访问记录" in html and people["visitor"].username in html
    client.force_login(people["village"])  # no view_access_log
    assert "档案访问记录" not in detail(client, elder).content.decode()


def edit_data(elder, **changes):
    """The edit form's POST data for ``elder`` as it stands, with ``changes``."""
    from registry.forms import ElderForm

    form = ElderForm(instance=elder, user=None)
    data = {"household-TOTAL_FORMS": "0", "household-INITIAL_FORMS": "0",
            "categories": list(elder.categories.values_list("pk", flat=True)), "village": elder.village_id}
    for name in form.fields.keys() - data.keys():
        value = form.initial.get(name)
        data[name] = value if isinstance(value, list) else "" if value is None else str(value)
    return {**data, **changes}


def test_edit_with_a_bad_value_keeps_the_others_and_says_why(client, elders, people):
    elder = elders["own"]
    client.force_login(people["township"])
    url = reverse("workbench:elder_edit", args=[elder.pk])
    response = client.post(url, edit_data(elder, phone="12345", address_detail="团结路8号"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "团结路8号" in html  # kept
    assert "联系电话" in html and "field-error" in html
    elder.refresh_from_db()
    assert elder.address_detail != "团结路8号"  # nothing saved


def test_edit_saves_and_returns_to_the_file(client, elders, people):
    elder = elders["own"]
    client.force_login(people["township"])
    response = client.post(reverse("workbench:elder_edit", args=[elder.pk]),
                           edit_data(elder, address_detail="团结路8号", phone="0771-5551234"))
    assert response.status_code == 302, response.content.decode()[:3000]
    elder = Elder.objects.get(pk=elder.pk)
    assert (elder.address_detail, elder.phone) == ("团结路8号", "0771-5551234")
    assert AuditEvent.objects.filter(action="change", object_id=str(elder.pk)).exists()


def test_search_finds_a_name_in_part_and_an_id_number_only_in_full(client, elders, people):
    elder = elders["own"]
    client.force_login(people["township"])
    url = reverse("workbench:elder_list")
    assert elder.name in client.post(url, {"query": elder.name[1:]}, follow=True).content.decode()
    assert elder.name in client.post(url, {"query": elder.id_number.lower()}, follow=True).content.decode()
    assert elder.name not in client.post(url, {"query": elder.id_number[:10]}, follow=True).content.decode()
    outsider = elders["other_county"]
    assert outsider.name not in client.post(url, {"query": outsider.id_number}, follow=True).content.decode()
