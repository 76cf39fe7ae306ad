"""A record reads with the revision it was filled with, whatever administrators publish later."""

import json

import pytest
from django.urls import reverse

from forms.fujian2 import field
from forms.models import FormDefinition
from forms.services import submit_visit
from tests.forms.factories import definition_post_data, draft_record, form_administrator, valid_answers, visit_form

pytestmark = pytest.mark.django_db
EDIT_URL = "wagtailsnippets_visit_forms_formdefinition:edit"


def _publish_with_new_field(client, **changes):
    """As an administrator would: add 是否接种流感疫苗 to section 五, relabel 情绪状态, publish."""
    definition = visit_form()
    raw = json.loads(json.dumps(list(definition.sections.raw_data)))
    section_five = raw[4]["value"]["fields"]
    section_five.append(field("single_choice", "flu_vaccine", "是否接种流感疫苗", required=True,
                              choices=[{"value": "yes", "label": "已接种"}, {"value": "no", "label": "未接种"}]))
    next(child for child in section_five if child["value"]["key"] == "mood")["value"]["label"] = "情绪"
    definition.sections = raw
    response = client.post(reverse(EDIT_URL, args=[definition.pk]),
                           definition_post_data(definition, **{"action-publish": "action-publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    return FormDefinition.objects.get(pk=definition.pk)


def _labels(record):
    return [[(item["key"], item["label"]) for item in section["fields"]] for section in record.display_sections()]


@pytest.fixture
def old_record():
    record = draft_record()
    return submit_visit(record, valid_answers(mood="worse"), record.visitor)


def test_new_version_adds_a_field_and_old_records_stay_as_they_were(client, old_record):
    before = old_record.display_sections()
    client.force_login(form_administrator())
    definition = _publish_with_new_field(client)
    assert definition.live_revision_id != old_record.definition_revision_id

    # The old record: same sections, labels and values; no new field.
    old = type(old_record).objects.get(pk=old_record.pk)
    assert old.display_sections() == before
    assert "flu_vaccine" not in [item["key"] for section in before for item in section["fields"]]
    mood = next(item for section in before for item in section["fields"] if item["key"] == "mood")
    assert (mood["label"], mood["display"]) == ("情绪状态", "较差")

    # A new record is filled with the new version: the field is required, stored and displayed.
    record = draft_record()
    assert record.definition_revision_id == definition.live_revision_id
    with pytest.raises(Exception) as info:
        submit_visit(record, valid_answers(), record.visitor)
    assert info.value.message_dict == {"flu_vaccine": ["此项为必填项。"]}
    submit_visit(record, valid_answers(flu_vaccine="yes"), record.visitor)
    record.refresh_from_db()
    assert record.answers["flu_vaccine"] == "yes"
    fields = {item["key"]: item for section in record.display_sections() for item in section["fields"]}
    assert (fields["flu_vaccine"]["label"], fields["flu_vaccine"]["display"]) == ("是否接种流感疫苗", "已接种")
    assert fields["mood"]["label"] == "情绪"


def test_a_draft_of_the_definition_does_not_reach_new_records(client):
    client.force_login(form_administrator())
    definition = visit_form()
    definition.name = "草稿中的新名称"
    client.post(reverse(EDIT_URL, args=[definition.pk]), definition_post_data(definition))
    record = draft_record()
    assert record.definition_revision_id == visit_form().live_revision_id
    assert record.definition_revision.as_object().name == "特殊困难老年人探访关爱服务记录表"


def test_a_revision_a_record_uses_is_never_overwritten(old_record):
    definition = visit_form()
    used = old_record.definition_revision
    content = used.content
    definition.description = "改写"
    revision = definition.save_revision(overwrite_revision=used)
    assert revision.pk != used.pk
    used.refresh_from_db()
    assert used.content == content


def test_display_masks_personal_numbers_unless_revealed():
    record = draft_record()
    submit_visit(record, valid_answers(phone="13912345678"), record.visitor)
    fields = {item["key"]: item for section in record.display_sections() for item in section["fields"]}
    assert fields["phone"]["display"] == "139****5678"
    revealed = {item["key"]: item for section in record.display_sections(reveal=True) for item in section["fields"]}
    assert revealed["phone"]["display"] == "13912345678"
    assert fields["visit_number"]["display"] == "第 1 次开展探访"
    assert fields["visitor_signature"]["signature"].startswith("data:image/png;base64,")
    assert fields["visitor_signature"]["display"] == "已签字"
