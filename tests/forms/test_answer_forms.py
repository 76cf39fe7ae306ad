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
    "elder_signature__reason": "失明", "household_members-0-name": "李四", "household_members-0-relation": "子女",
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


def test_the_unable_to_sign_box_starts_as_the_answer_says():
    """A fresh form must not tick 本人无法签字 (it once rendered value="false" checked)."""
    record = draft_record()
    answers = record.plain_answers()
    fresh = str(AnswersForm(record.schema, initial_answers=answers)["elder_signature__unable"])
    assert "checked" not in fresh and 'value="false"' not in fresh
    answers["elder_signature"] = {"signed": False, "unable": True, "reason": "失明", "date": ""}
    assert "checked" in str(AnswersForm(record.schema, initial_answers=answers)["elder_signature__unable"])


def test_table_rows_come_from_cell_inputs_in_row_number_order_with_gaps():
    record = draft_record()
    data = {"household_members-7-name": "王五", "household_members-2-name": "李四", "household_members-2-sex": "男",
            "household_members-3-name": "", "household_members-x-name": "不是一行", "household_members-1-nope": "x"}
    form = AnswersForm(record.schema, data=data)
    assert form.is_valid()
    rows = form.answers()["household_members"]
    assert [row.get("name") for row in rows] == ["李四", "", "王五"]  # blank rows are dropped on saving


def test_table_inputs_round_trip_and_put_errors_beside_their_cell():
    from forms.services import save_draft

    record = draft_record()
    form = AnswersForm(record.schema, data={"household_members-0-name": "李四",
                                            "household_members-0-id_number": "123",
                                            "household_members-1-name": "王五"})
    assert form.is_valid()
    with pytest.raises(ValidationError) as info:
        save_draft(record, form.answers(), record.visitor)
    form.add_answer_errors(info.value)
    table = form.table_inputs("household_members")
    assert [[cell["value"] for cell in row][:3] for row in table.rows] == [["李四", "", "123"], ["王五", "", ""]]
    errors = {cell["name"]: cell["error"] for row in table.rows for cell in row if cell["error"]}
    assert list(errors) == ["household_members-0-id_number"]
    assert "公民身份号码" in errors["household_members-0-id_number"]
    assert form.errors["household_members"][0].startswith("第1行“公民身份号码”：")
    assert table.errors == []
    assert table.blank_row[0]["name"] == "household_members-2-name" and table.blank_row[0]["value"] == ""
    assert table.template_row[0]["name"] == "household_members-__prefix__-name"

    # A draft saved with the rows shows them again (the unbound form takes the stored rows).
    save_draft(record, {"household_members": [{"name": "李四"}, {"name": "王五"}]}, record.visitor)
    record.refresh_from_db()
    table = AnswersForm(record.schema, initial_answers=record.plain_answers()).table_inputs("household_members")
    assert [row[0]["value"] for row in table.rows] == ["李四", "王五"]


def test_answer_errors_are_keyed_by_field_key():
    record = draft_record()
    form = AnswersForm(record.schema, data={"family_change": "increase", "family_change__count": "两",
                                            "visit_date": "昨天"})
    assert not form.is_valid()
    assert set(form.answer_errors()) == {"family_change", "visit_date"}
