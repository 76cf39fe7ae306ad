"""Validation of form definitions on save: Chinese messages beside the offending block."""

import pytest
from django.core.exceptions import ValidationError

from forms.blocks import SectionsBlock
from forms.fujian2 import choices, field, section, text

BLOCK = SectionsBlock()


def _errors(raw):
    value = BLOCK.to_python(raw)
    with pytest.raises(ValidationError) as info:
        BLOCK.clean(value)
    return info.value


def _field_error(error, section_index, field_index, name):
    """The message on child ``name`` of field ``field_index`` in section ``section_index``."""
    section_error = error.block_errors[section_index].block_errors["fields"]
    field_error = section_error.block_errors[field_index]
    child = field_error.block_errors[name]
    messages = child.non_block_errors.as_data() if hasattr(child, "non_block_errors") else [child]
    return [message for e in messages for message in e.messages]


def test_a_valid_definition_passes():
    BLOCK.clean(BLOCK.to_python([section("一", text("a", "甲"), text("b", "乙"))]))


def test_duplicate_key_in_another_section_is_reported_on_the_second():
    error = _errors([section("一", text("name", "姓名")), section("二", text("other", "其他"), text("name", "又一个"))])
    assert _field_error(error, 1, 1, "key") == ["字段标识“name”重复（已在第1栏使用）。"]
    assert 0 not in error.block_errors


def test_duplicate_key_in_the_same_section():
    error = _errors([section("一", text("a", "甲"), field("long_text", "a", "乙"))])
    assert "字段标识“a”重复" in _field_error(error, 0, 1, "key")[0]


def test_empty_choice_list():
    error = _errors([section("一", field("single_choice", "pick", "选择", choices=[]))])
    assert _field_error(error, 0, 0, "choices") == ["请至少添加一个选项。"]


def test_duplicate_choice_values():
    error = _errors([section("一", field("multiple_choice", "pick", "选择",
                                          choices=choices(("a", "甲"), ("a", "乙"))))])
    assert _field_error(error, 0, 0, "choices") == ["选项值不能重复。"]


@pytest.mark.parametrize("key", ["Name", "1st", "姓名", "with-dash", ""])
def test_key_must_be_a_slug(key):
    error = _errors([section("一", text(key, "姓名"))])
    messages = _field_error(error, 0, 0, "key")
    assert messages == (["必需字段"] if key == "" else ["字段标识只能包含小写英文字母、数字和下划线，并以字母开头。"])


def test_typed_column_key_keeps_its_kind():
    error = _errors([section("五", text("fire_safety", "消防安全"))])
    assert _field_error(error, 0, 0, "key") == [
        "字段标识“fire_safety”用于统计和跟进，类型须为“评价：安全/较安全/不安全”。"]


def test_table_needs_columns_with_distinct_keys():
    error = _errors([section("二", field("table", "rows", "表", columns=[]))])
    assert _field_error(error, 0, 0, "columns") == ["请至少添加一列。"]
    column = {"key": "a", "label": "甲", "format": "text", "sensitive": False}
    error = _errors([section("二", field("table", "rows", "表", columns=[column, dict(column, label="乙")]))])
    assert _field_error(error, 0, 0, "columns") == ["列标识不能重复。"]


@pytest.mark.django_db
def test_the_visit_form_keeps_its_visit_date():
    from tests.forms.factories import visit_form

    definition = visit_form()
    definition.sections = [section("五", text("other", "其他"))]
    with pytest.raises(ValidationError) as info:
        definition.full_clean()
    assert info.value.message_dict == {"sections": ["探访记录表须包含字段标识为“visit_date”的日期字段（探访日期）。"]}
