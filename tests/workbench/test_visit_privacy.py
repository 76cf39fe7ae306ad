"""ID numbers on the visit form: visitors see none, staff see them masked, and what the form posts back
as shown (masked or blank) never replaces the stored number (issue 9, item 1)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from forms.models import VisitRecord
from forms.writeback import FileWriteback
from registry.id_numbers import build_id_number, mask_id_number
from tests.workbench.visiting import GOOD, posted, start

pytestmark = pytest.mark.django_db
ID_NUMBER = re.compile(r"\d{17}[\dXx]")


@pytest.fixture
def disabled_elder(elders):
    elder = elders["own"]
    elder.is_disabled = True
    elder.disability_certificate_number = f"{elder.id_number}41"
    elder.save()
    member = elder.household()[0]
    member.id_number = build_id_number("450102", date(1975, 3, 4), 18)
    member.save()
    return elder


def edit_url(record):
    return reverse("workbench:visit_edit", args=[record.pk])


def member_id(elder):
    return elder.household()[0].id_number


def test_a_visitor_sees_no_id_number_on_the_visit_form(client, disabled_elder, people):
    start(client, people["visitor"], disabled_elder)
    record = VisitRecord.objects.get()
    html = client.get(edit_url(record)).content.decode()
    number = member_id(disabled_elder)
    assert not ID_NUMBER.search(html)
    assert mask_id_number(number) not in html and number[-4:] not in html  # not even masked
    assert "已登记，不显示" in html


def test_staff_see_id_numbers_masked_on_the_visit_form(client, disabled_elder, people):
    start(client, people["township"], disabled_elder)
    record = VisitRecord.objects.get()
    html = client.get(edit_url(record)).content.decode()
    assert not ID_NUMBER.search(html)
    assert f'value="{mask_id_number(member_id(disabled_elder))}"' in html


@pytest.mark.parametrize("who", ["visitor", "township"])
def test_the_numbers_left_as_shown_keep_their_stored_value(client, disabled_elder, people, who):
    number, certificate = member_id(disabled_elder), disabled_elder.disability_certificate_number
    start(client, people[who], disabled_elder)
    record = VisitRecord.objects.get()
    response = client.post(edit_url(record), posted(record, client, save="1"))
    assert response.status_code == 302
    record.refresh_from_db()
    answers = record.plain_answers()
    assert answers["household_members"][0]["id_number"] == number
    assert answers["disability_certificate_number"] == certificate
    # The autosave JSON says nothing of them either, and keeps them.
    autosave = client.post(reverse("workbench:visit_autosave", args=[record.pk]), posted(record, client))
    assert autosave.status_code == 200 and not ID_NUMBER.search(autosave.content.decode())
    record.refresh_from_db()
    assert record.plain_answers()["household_members"][0]["id_number"] == number


def test_a_visitor_submits_without_changing_the_file_and_sees_no_number_in_the_review(client, disabled_elder,
                                                                                     people):
    number = member_id(disabled_elder)
    start(client, people["visitor"], disabled_elder)
    record = VisitRecord.objects.get()
    data = posted(record, client, **GOOD, submit="1")
    data["household_members-0-health"] = "高血压"
    review = client.post(edit_url(record), data)
    html = review.content.decode()
    assert review.status_code == 200 and "与老年人档案不同的内容" in html
    assert not ID_NUMBER.search(html) and mask_id_number(number) not in html
    assert [change.key for change in review.context["review"].changes] == ["household_members"]
    data["changes_seen"] = review.context["review"].digest
    assert client.post(edit_url(record), data).status_code == 302
    record.refresh_from_db()
    assert record.is_submitted and record.proposed_changes == ["household_members"]
    assert record.plain_answers()["household_members"][0]["id_number"] == number
    detail = client.get(edit_url(record)).content.decode()  # the submitted record, read-only
    assert "高血压" in detail and mask_id_number(number) not in detail and not ID_NUMBER.search(detail)


def test_staff_write_back_keeps_the_real_numbers(client, disabled_elder, people):
    number, certificate = member_id(disabled_elder), disabled_elder.disability_certificate_number
    start(client, people["township"], disabled_elder)
    record = VisitRecord.objects.get()
    data = posted(record, client, **GOOD, submit="1", write_back="on")
    data["household_members-0-health"] = "高血压"
    review = client.post(edit_url(record), data)
    assert mask_id_number(number) in review.content.decode() and number not in review.content.decode()
    data["changes_seen"] = review.context["review"].digest
    done = client.post(edit_url(record), data)
    assert done.status_code == 302, done.context["form"].errors
    disabled_elder.refresh_from_db()
    member = disabled_elder.household()[0]
    assert (member.health, member.id_number) == ("高血压", number)
    assert disabled_elder.disability_certificate_number == certificate


def test_write_back_never_stores_a_masked_number(disabled_elder, people):
    from forms.services import start_visit

    record = start_visit(disabled_elder, people["township"])
    answers = record.plain_answers()
    number = answers["household_members"][0]["id_number"]
    answers["household_members"][0] = {**answers["household_members"][0], "id_number": "", "health": "高血压"}
    answers["disability_certificate_number"] = "4" + "*" * 18 + "1"
    writeback = FileWriteback(record, answers, people["township"],
                              ["household_members", "disability_certificate_number"])
    assert writeback.errors == {}
    writeback.save()
    disabled_elder.refresh_from_db()
    assert disabled_elder.household()[0].id_number == number
    assert disabled_elder.disability_certificate_number == f"{disabled_elder.id_number}41"


def test_the_file_edit_form_shows_numbers_masked_and_keeps_them(client, disabled_elder, people):
    elder, number, own = disabled_elder, member_id(disabled_elder), disabled_elder.id_number
    client.force_login(people["township"])
    url = reverse("workbench:elder_edit", args=[elder.pk])
    page = client.get(url)
    html = page.content.decode()
    assert not ID_NUMBER.search(html)
    assert f'value="{mask_id_number(elder.id_number)}"' in html and f'value="{mask_id_number(number)}"' in html
    # Posted back as shown, with one change elsewhere: the numbers stay as they were.
    form, household = page.context["form"], page.context["household"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: value if isinstance(value, list) else "" if value is None else str(value)
            for name, value in data.items()}
    data.update({key: value for member_form in household.forms for name in member_form.fields
                 for key, value in [(member_form.add_prefix(name), member_form[name].value())] if value is not None})
    data.update({f"household-{key}": household.management_form[key].value()
                 for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")})
    data["address_detail"] = "团结路8号"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    elder.refresh_from_db()
    assert elder.address_detail == "团结路8号"
    assert (elder.id_number, elder.household()[0].id_number) == (own, number)
    assert elder.disability_certificate_number == f"{own}41"
