"""AnswersForm: HTML inputs to answers and back, with submit_visit's errors beside the inputs."""

import pytest
from django.core.exceptions import ValidationError

from forms.answer_forms import AnswersForm
from forms.services import submit_visit
from registry.dates import china_today
from tests.forms.factories import SIGNATURE, draft_record

pytestmark = pytest.mark.django_db

POST = {
    "name": "张三", "visit_date": china_today().isoformat(), "visit_method": "other", "visit_method__other": "微信",
    "family_change": "increase", "family_change__count": "1", "expression": "no_change", "mobility": "worse",
    "illness": "serious", "illness__illness_name": "糖尿病", "mood": "no_change", "fire_safety": "unsafe",
    "emergency": "false", "visitor_signature__image": SIGNATURE, "elder_signature__unable": "on",
    "elder_signature__reason": "失明", "household_members": '[{"name": "李四", "relation": "子女"}]',
}


def test_posted_inputs_become_answers_that_submit():
    record = draft_record()
    form = AnswersForm(record.schema, data=POST)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["visit_method"] == {"value": "other", "other": "微信"}
    assert answers["family_change"] == {"value": "increase", "count": 1}
    assert answers["emergency"] == {"value": "false", "detail": ""}
    submit_visit(record, answers, record.visitor)
    record.refresh_from_db()
    assert (record.family_change_count, record.illness_name, record.emergency) == (1, "糖尿病", False)
    assert record.answers["elder_signature"]["reason"] == "失明"
    assert record.plain_answers()["household_members"] == [
        {"name": "李四", "sex": "", "id_number": "", "relation": "子女", "health": "", "assistance_status": ""}]


def test_submit_errors_land_beside_the_inputs():
    record = draft_record()
    form = AnswersForm(record.schema, data={**POST, "illness__illness_name": "", "mood": ""})
    assert form.is_valid()
    with pytest.raises(ValidationError) as info:
        submit_visit(record, form.answers(), record.visitor)
    form.add_answer_errors(info.value)
    assert form.errors == {"illness": ["选择“严重”时请填写疾病名称。"], "mood": ["此项为必填项。"]}


def test_initial_values_from_a_draft():
    record = draft_record()
    form = AnswersForm(record.schema, initial_answers=record.plain_answers())
    assert form.initial["name"] == record.elder.name
    assert form.initial["lives_at_registered_residence"] == "true"
    assert "visit_number" not in form.fields
    assert form.fields["mood"].label == "情绪状态"
    assert [label for _value, label in form.fields["fire_safety"].choices] == ["安全", "较安全", "不安全"]
