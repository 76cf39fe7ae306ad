"""Text typed beside a choice is never silently dropped (issue 9 item 15).

On 附件2 a 疾病名称 belongs to 疾病状况 “严重”, a number of people to “增加/减少”, an “其他”
text to the choice “其他”, a 情况说明 to “是”. Typed with another choice it used to vanish on
saving; now the field says why, beside it, and a yes/no without a 说明 offers no input for one.
"""

import pytest
from django.core.exceptions import ValidationError

from forms.answer_forms import AnswersForm
from forms.services import save_draft, submit_visit
from tests.forms.factories import draft_record
from tests.forms.test_answer_forms import POST

pytestmark = pytest.mark.django_db


def submit_errors(**changes):
    record = draft_record()
    form = AnswersForm(record.schema, data={**POST, **changes})
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError) as info:
        submit_visit(record, form.answers(), record.visitor)
    form.add_answer_errors(info.value)
    return form.errors


@pytest.mark.parametrize(("changes", "key", "message"), [
    ({"illness": "no_change"}, "illness", "疾病名称只在疾病状况为“严重”时填写：请选择“严重”，或清空疾病名称。"),
    ({"illness": "better"}, "illness", "疾病名称只在疾病状况为“严重”时填写"),
    ({"illness": ""}, "illness", "疾病名称只在疾病状况为“严重”时填写"),
    ({"family_change": "no_change"}, "family_change", "填写了人数，请选择“增加”或“减少”，或清空人数。"),
    ({"visit_method": "home"}, "visit_method", "填写了具体内容，请同时选择“其他”，或清空具体内容。"),
    ({"emergency__detail": "家中漏电"}, "emergency", "情况说明只在选择“是”时填写：请选择“是”，或清空情况说明。"),
    ({"elder_signature__unable": ""}, "elder_signature", "填写了无法签字的原因，请勾选“本人无法签字”，或清空原因。"),
])
def test_text_typed_beside_another_choice_is_reported_beside_the_field(changes, key, message):
    errors = submit_errors(**changes)
    [(name, messages)] = errors.items()  # a signature has no main input: its first part holds the error
    assert name.split("__")[0] == key and messages[0].startswith(message)


def test_a_draft_keeps_its_saved_value_rather_than_dropping_the_text():
    record = draft_record()
    form = AnswersForm(record.schema, data={**POST, "illness": "no_change"})
    assert form.is_valid()
    with pytest.raises(ValidationError) as info:
        save_draft(record, form.answers(), record.visitor)
    assert list(info.value.message_dict) == ["illness"]


def test_the_name_stays_with_serious():
    record = draft_record()
    form = AnswersForm(record.schema, data=POST)
    assert form.is_valid()
    submit_visit(record, form.answers(), record.visitor)
    record.refresh_from_db()
    assert record.illness_name == "糖尿病"


def test_a_yes_no_without_a_detail_offers_no_detail_input():
    form = AnswersForm(draft_record().schema)
    assert "lives_at_registered_residence__detail" not in form.fields
    assert form.fields["emergency__detail"].label == "情况说明"
