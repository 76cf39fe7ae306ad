"""forms.writeback: what a visit changed in sections 一-四, written back to the elder's file."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from forms.services import start_visit
from forms.writeback import (
    FileWriteback,
    apply_proposed_changes,
    dismiss_proposed_changes,
    file_changes,
    split_benefits,
    submit_with_file_changes,
)
from registry.id_numbers import build_id_number
from tests.forms.factories import valid_answers
from tests.registry.factories import ElderFactory, HouseholdMemberFactory
from tests.roles.factories import UserFactory, role_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def township():
    return role_holder("township_officer", "民生街道")


@pytest.fixture
def record():
    elder = ElderFactory(categories=["empty_nest", "left_behind"], monthly_benefits_amount=Decimal("300"),
                         monthly_benefits_note="城乡居民养老保险", assistance_providers=["volunteer"])
    HouseholdMemberFactory(elder=elder, name="李四", sex="male", relation="child", health="健康")
    HouseholdMemberFactory(elder=elder, name="王芳", sex="female", relation="daughter_in_law", health="")
    return start_visit(elder, UserFactory())


def written(record, user, **answers):
    """Change ``answers`` on the record's own (prefilled) answers and write the changes back."""
    changed = {**record.plain_answers(), **answers}
    writeback = FileWriteback(record, changed, user, [change.key for change in file_changes(record, changed)])
    assert not writeback.errors, writeback.errors
    writeback.save()
    record.elder.refresh_from_db()
    return record.elder


def errors_of(record, user, **answers):
    changed = {**record.plain_answers(), **answers}
    return {key: [message for error in errors for message in error.messages]
            for key, errors in FileWriteback(record, changed, user, list(answers)).errors.items()}


def categories(elder):
    return set(elder.categories.values_list("code", flat=True))


def test_a_fresh_record_has_no_changes(record):
    assert file_changes(record, record.plain_answers()) == []


@pytest.mark.parametrize("key, value, expected", [
    ("name", "韦秀英", "韦秀英"),
    ("phone", "139 0000 1111", "13900001111"),
    ("emergency_contact_name", "黄小明", "黄小明"),
    ("emergency_contact_phone", "13700002222", "13700002222"),
    ("water_safety", "unsafe", "unsafe"),
    ("utilities_safety", "unsafe", "unsafe"),
    ("housing_safety", "unsafe", "unsafe"),
    ("monthly_income", "980.5", Decimal("980.50")),
    ("assistance_person", "陆干部", "陆干部"),
    ("assistance_measures", "每月送米油", "每月送米油"),
])
def test_each_text_and_choice_field_is_written_back(record, township, key, value, expected):
    assert getattr(written(record, township, **{key: value}), key) == expected


def test_yes_no_fields_are_written_back(record, township):
    elder = written(record, township, lives_at_registered_residence={"value": "false"})
    assert elder.lives_at_registered_residence is False


def test_disability_and_its_certificate_go_together(record, township):
    assert errors_of(record, township, is_disabled={"value": True}) == {
        "disability_certificate_number": ["残疾老年人须填写残疾人证号。"]}
    certificate = f"{record.elder.id_number}42"
    elder = written(record, township, is_disabled={"value": True}, disability_certificate_number=certificate)
    assert (elder.is_disabled, elder.disability_certificate_number) == (True, certificate)


def test_benefits_split_into_amount_and_note(record, township):
    assert record.plain_answers()["monthly_benefits_note"].endswith("元，城乡居民养老保险")
    elder = written(record, township, monthly_benefits_note="450元，养老保险、高龄津贴")
    assert (elder.monthly_benefits_amount, elder.monthly_benefits_note) == (Decimal("450"), "养老保险、高龄津贴")
    assert split_benefits("无") == ("0", "无")
    assert split_benefits("120.5 元") == ("120.5", "")


def test_assistance_providers_and_other(record, township):
    elder = written(record, township, assistance_providers={"value": ["enterprise", "other"], "other": "爱心超市"})
    assert (elder.assistance_providers, elder.assistance_provider_other) == (["enterprise", "other"], "爱心超市")


def test_categories_follow_the_yes_no_answers(record, township):
    elder = written(record, township, left_behind={"value": False}, disabled={"value": True},
                    family_planning_special={"value": True})
    assert categories(elder) == {"empty_nest", "disabled", "family_planning_special"}
    record.answers = {**record.answers, "left_behind": {"value": False}, "disabled": {"value": True},
                      "family_planning_special": {"value": True}}
    elder = written(record, township, living_alone_or_empty_nest={"value": False})
    assert categories(elder) == {"disabled", "family_planning_special"}


def test_living_alone_or_empty_nest_yes_cannot_say_which(township):
    record = start_visit(ElderFactory(categories=["left_behind"]), UserFactory())
    assert errors_of(record, township, living_alone_or_empty_nest={"value": True}) == {
        "living_alone_or_empty_nest": ["档案须写明是“独居”还是“空巢”，请在档案中修改对象类别。"]}


def test_an_elder_keeps_at_least_one_category(township):
    record = start_visit(ElderFactory(categories=["left_behind"]), UserFactory())
    assert errors_of(record, township, left_behind={"value": False}) == {"left_behind": ["请至少选择一个对象类别。"]}


def test_household_rows_update_add_and_remove_members_in_order(record, township):
    rows = record.plain_answers()["household_members"]
    assert [row["name"] for row in rows] == ["李四", "王芳"]
    grandchild_id = build_id_number("450102", date(2010, 5, 1), 13)
    elder = written(record, township, household_members=[
        {**rows[0], "health": "高血压"},
        {"name": "李小明", "sex": "男", "id_number": grandchild_id, "relation": "孙子女", "health": "健康"},
    ])
    members = list(elder.household())
    assert [(m.name, m.sex, m.relation, m.health, m.assistance_status) for m in members] == [
        ("李四", "male", "child", "高血压", "none"), ("李小明", "male", "grandchild", "健康", "none")]
    assert members[1].id_number == grandchild_id
    assert file_changes(record, {"household_members": [
        {**rows[0], "health": "高血压", "assistance_status": "否"},
        {"name": "李小明", "sex": "男", "id_number": grandchild_id, "relation": "孙子女", "health": "健康",
         "assistance_status": "否"}]}, keys=["household_members"]) == []


def test_household_errors_name_their_row_and_column(record, township):
    rows = record.plain_answers()["household_members"]
    changed = {**record.plain_answers(), "household_members": [rows[0], {"name": "李小明", "relation": "外甥"}]}
    writeback = FileWriteback(record, changed, township, ["household_members"])
    errors = writeback.errors["household_members"]
    cells = {(error.params["row_index"], error.params["column_key"]) for error in errors}
    assert cells == {(1, "sex"), (1, "relation")}
    assert any(message.startswith("第2行“与户主关系”：") for error in errors for message in error.messages)


def test_changes_list_old_and_new_values(record):
    answers = {**record.plain_answers(), "phone": "13900001111", "left_behind": {"value": False}, "county": "别处"}
    changes = file_changes(record, answers)
    assert [(change.key, change.label, change.new) for change in changes] == [
        ("phone", "联系电话（被探访人）", "13900001111"), ("left_behind", "是否留守", "否")]
    assert changes[0].old == record.elder.phone
    masked = file_changes(record, answers, reveal=False)[0]
    assert "****" in masked.new and "****" in masked.old


def test_invalid_answers_raise_by_key(record):
    with pytest.raises(ValidationError) as info:
        file_changes(record, {"phone": "12345"})
    assert list(info.value.message_dict) == ["phone"]


def filled(record, **changes):
    """A record's prefilled answers with section 五 filled in so that it submits, and ``changes``."""
    return {**record.plain_answers(), **valid_answers(name=record.elder.name), **changes}


def test_submit_writes_back_or_proposes(township):
    elder = ElderFactory()
    record = start_visit(elder, UserFactory())
    answers = filled(record, phone="13900001111")
    keys = [change.key for change in file_changes(record, answers)]
    assert keys == ["phone"]
    submit_with_file_changes(record, answers, record.visitor, keys, write_back=False)
    record.refresh_from_db()
    elder.refresh_from_db()
    assert record.is_submitted and record.proposed_changes == keys and elder.phone != "13900001111"

    assert apply_proposed_changes(record, township) == keys
    elder.refresh_from_db()
    record.refresh_from_db()
    assert elder.phone == "13900001111" and record.proposed_changes == []

    other = start_visit(elder, township)
    submit_with_file_changes(other, filled(other, phone="13900002222"), township, ["phone"], write_back=True)
    elder.refresh_from_db()
    assert elder.phone == "13900002222"


def test_a_write_back_that_does_not_fit_leaves_the_record_a_draft(township):
    elder = ElderFactory(categories=["left_behind"])
    record = start_visit(elder, UserFactory())
    answers = filled(record, left_behind={"value": False})
    with pytest.raises(ValidationError) as info:
        submit_with_file_changes(record, answers, township, ["left_behind"], write_back=True)
    assert info.value.message_dict == {"left_behind": ["请至少选择一个对象类别。"]}
    record.refresh_from_db()
    assert record.status == "draft"


def test_dismissing_keeps_the_file(township):
    elder = ElderFactory()
    record = start_visit(elder, UserFactory())
    submit_with_file_changes(record, filled(record, name="别的名字"), record.visitor, ["name"], write_back=False)
    assert dismiss_proposed_changes(record) == ["name"]
    record.refresh_from_db()
    elder.refresh_from_db()
    assert record.proposed_changes == [] and elder.name != "别的名字"
