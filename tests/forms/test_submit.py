"""submit_visit: validation keyed by field, typed columns, visit numbers, signatures, encryption."""

import base64
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from forms.choices import RecordStatus
from forms.models import VisitSignature
from forms.services import autosave_draft, save_draft, start_visit, submit_visit
from forms.signatures import MAX_SIGNATURE_BYTES
from registry import crypto
from registry.dates import china_today
from tests.forms.factories import PNG_BYTES, SIGNATURE, draft_record, valid_answers
from tests.registry.factories import ElderFactory, HouseholdMemberFactory
from tests.roles.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = china_today()


def _submit_errors(record, answers):
    with pytest.raises(ValidationError) as info:
        submit_visit(record, answers, record.visitor)
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT
    return info.value.message_dict


@pytest.fixture
def record():
    return draft_record()


class TestValidation:
    def test_required_fields_by_key(self, record):
        answers = valid_answers()
        for key in ("visit_method", "mood", "emergency", "visitor_signature"):
            del answers[key]
        errors = _submit_errors(record, answers)
        assert errors == {key: ["此项为必填项。"] for key in ("visit_method", "mood", "emergency", "visitor_signature")}

    def test_bad_choice(self, record):
        errors = _submit_errors(record, valid_answers(fire_safety="dangerous", visit_method={"value": "fax"}))
        assert errors == {"fire_safety": ["“dangerous”不是有效的选项。"], "visit_method": ["“fax”不是有效的选项。"]}

    def test_future_visit_date(self, record):
        errors = _submit_errors(record, valid_answers(visit_date=(TODAY + timedelta(days=1)).isoformat()))
        assert errors == {"visit_date": ["日期不能晚于今天。"]}

    def test_visit_date_before_registration(self, record):
        before = record.elder.registered_on - timedelta(days=1)
        errors = _submit_errors(record, valid_answers(visit_date=before.isoformat()))
        registered = record.elder.registered_on.isoformat()
        assert errors == {"visit_date": [f"日期不能早于该老年人的登记日期（{registered}）。"]}

    def test_bad_date_text(self, record):
        assert _submit_errors(record, valid_answers(visit_date="2024-13-01")) == {
            "visit_date": ["请填写正确的日期，格式如 2024-05-01。"]}

    def test_details_required_by_the_choice(self, record):
        errors = _submit_errors(record, valid_answers(
            family_change={"value": "increase"}, illness={"value": "serious"}, emergency={"value": True},
            visit_method={"value": "other"}))
        assert errors == {
            "family_change": ["请填写增加或减少的人数（至少1人）。"],
            "illness": ["选择“严重”时请填写疾病名称。"],
            "emergency": ["选择“是”时请填写情况说明。"],
            "visit_method": ["选择“其他”时请填写具体内容。"],
        }

    def test_elder_unable_to_sign_needs_a_reason(self, record):
        errors = _submit_errors(record, valid_answers(elder_signature={"unable": True}))
        assert errors == {"elder_signature": ["请填写本人无法签字的原因。"]}

    def test_signature_must_be_a_small_png_or_jpeg(self, record):
        svg = "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="
        assert _submit_errors(record, valid_answers(visitor_signature={"image": svg})) == {
            "visitor_signature": ["签字图片格式不正确，请重新签字。"]}
        not_png = "data:image/png;base64,aGVsbG8="
        assert "visitor_signature" in _submit_errors(record, valid_answers(visitor_signature={"image": not_png}))
        import base64

        huge = "data:image/png;base64," + base64.b64encode(PNG_BYTES + b"0" * MAX_SIGNATURE_BYTES).decode()
        assert _submit_errors(record, valid_answers(visitor_signature={"image": huge})) == {
            "visitor_signature": ["签字图片太大（不能超过200 KB）。"]}

    def test_data_entry_date_needed_when_signed(self, record):
        errors = _submit_errors(record, valid_answers(data_entry_signature={"image": SIGNATURE}))
        assert errors == {"data_entry_signature": ["请填写签字日期。"]}

    def test_bad_phone_and_id_number(self, record):
        errors = _submit_errors(record, valid_answers(
            phone="12345", household_members=[{"name": "李四", "id_number": "450102195001011234"}]))
        assert set(errors) == {"phone", "household_members"}
        assert errors["household_members"][0].startswith("第1行“公民身份号码”：")

    def test_submitted_record_cannot_be_submitted_again(self, record):
        submit_visit(record, valid_answers(), record.visitor)
        with pytest.raises(ValidationError) as info:
            submit_visit(record, valid_answers(), record.visitor)
        assert info.value.message_dict == {"__all__": ["该探访记录已提交，不能修改。"]}


class TestSubmission:
    def test_typed_columns_filled_from_answers(self, record):
        answers = valid_answers(
            visit_method={"value": "other", "other": "微信留言"}, family_change={"value": "decrease", "count": "2"},
            expression="worse", mobility="better", illness={"value": "serious", "illness_name": "脑梗"},
            mood="worse", gas_safety="unsafe", water_heating_safety="fairly_safe", electricity_safety="safe",
            fire_safety="unsafe", personal_hygiene="better", home_hygiene="worse", indoor_environment="no_change",
            service_needs="需要助餐服务", suggestions="联系社工上门", emergency={"value": True, "detail": "摔倒在地"})
        submit_visit(record, answers, record.visitor)
        record.refresh_from_db()
        assert record.status == RecordStatus.SUBMITTED and record.submitted_at and record.submitted_by == record.visitor
        assert record.visit_date == TODAY
        assert (record.visit_method, record.visit_method_other) == ("other", "微信留言")
        assert (record.family_change, record.family_change_count) == ("decrease", 2)
        assert (record.expression, record.mobility, record.mood) == ("worse", "better", "worse")
        assert (record.illness, record.illness_name) == ("serious", "脑梗")
        assert (record.gas_safety, record.water_heating_safety, record.electricity_safety, record.fire_safety) == (
            "unsafe", "fairly_safe", "safe", "unsafe")
        assert (record.personal_hygiene, record.home_hygiene, record.indoor_environment) == (
            "better", "worse", "no_change")
        assert (record.service_needs, record.suggestions) == ("需要助餐服务", "联系社工上门")
        assert (record.emergency, record.emergency_detail) == (True, "摔倒在地")
        assert record.answers["illness"] == {"value": "serious", "illness_name": "脑梗"}

    def test_visit_numbers_count_per_elder(self):
        elder = ElderFactory(registered_on=TODAY - timedelta(days=30))
        other = ElderFactory(registered_on=TODAY - timedelta(days=30))
        numbers = []
        for _ in range(3):
            record = draft_record(elder=elder)
            numbers.append(submit_visit(record, valid_answers(), record.visitor).visit_number)
        other_draft = draft_record(elder=other)
        other_record = submit_visit(other_draft, valid_answers(), other_draft.visitor)
        assert numbers == [1, 2, 3]
        assert other_record.visit_number == 1
        assert str(record) == f"{elder.name} 第3次探访"

    def test_a_draft_has_no_number(self, record):
        save_draft(record, {"mood": "worse"}, record.visitor)
        record.refresh_from_db()
        assert record.visit_number is None and record.status == RecordStatus.DRAFT
        assert record.answers["mood"] == "worse" and record.mood == "worse"

    def test_draft_values_are_still_checked(self, record):
        with pytest.raises(ValidationError) as info:
            save_draft(record, {"mood": "awful"}, record.visitor)
        assert info.value.message_dict == {"mood": ["“awful”不是有效的选项。"]}

    def test_care_number_only_when_section_six_is_filled(self):
        elder = ElderFactory(registered_on=TODAY - timedelta(days=30))
        first_draft, second_draft = draft_record(elder=elder), draft_record(elder=elder)
        first = submit_visit(first_draft, valid_answers(), first_draft.visitor)
        second = submit_visit(second_draft, valid_answers(care_date=TODAY.isoformat(), care_service="上门助洁"),
                              second_draft.visitor)
        assert first.care_number is None and second.care_number == 1

    def test_signatures_stored_beside_the_answers(self, record):
        submit_visit(record, valid_answers(elder_signature={"unable": True, "reason": "手部残疾"},
                                           data_entry_signature={"image": SIGNATURE, "date": TODAY.isoformat()}),
                     record.visitor)
        record.refresh_from_db()
        assert record.visitor_signature.image == SIGNATURE
        assert record.elder_signature is None
        assert record.answers["elder_signature"] == {"signed": False, "unable": True, "reason": "手部残疾", "date": ""}
        assert record.answers["visitor_signature"] == {"signed": True, "unable": False, "reason": "", "date": ""}
        assert record.data_entry_signature.image == SIGNATURE
        assert "image" not in str(record.answers)

    def test_a_signature_signed_again_replaces_the_one_saved(self, record):
        """The draft's signature row is updated in place (one per key, re-dated), a cleared one removed."""
        other = "data:image/png;base64," + base64.b64encode(PNG_BYTES + b"\0").decode()
        save_draft(record, valid_answers(data_entry_signature={"image": SIGNATURE, "date": TODAY.isoformat()}),
                   record.visitor)
        saved = VisitSignature.objects.get(record=record, key="visitor_signature")
        submit_visit(record, valid_answers(visitor_signature={"image": other}), record.visitor)
        signatures = {signature.key: signature for signature in VisitSignature.objects.filter(record=record)}
        assert set(signatures) == {"visitor_signature"}  # 信息录入人 cleared
        again = signatures["visitor_signature"]
        assert (again.pk, again.image) == (saved.pk, other) and again.signed_at > saved.signed_at

    def test_unknown_keys_are_dropped(self, record):
        submit_visit(record, valid_answers(not_a_field="x"), record.visitor)
        assert "not_a_field" not in record.answers


class TestPrefillAndEncryption:
    def test_sections_one_to_four_prefilled_from_the_file(self):
        elder = ElderFactory(registered_on=TODAY - timedelta(days=10), categories=["living_alone", "disabled"])
        HouseholdMemberFactory(elder=elder, name="王芳", relation="child")
        record = start_visit(elder, UserFactory())
        answers = record.plain_answers()
        assert answers["name"] == elder.name
        assert answers["phone"] == elder.phone
        assert answers["village"] == elder.village.name and answers["township"] == elder.village.parent.name
        assert answers["living_alone_or_empty_nest"] == {"value": True, "detail": ""}
        assert answers["disabled"] == {"value": True, "detail": ""}
        assert answers["left_behind"] == {"value": False, "detail": ""}
        assert answers["household_members"][0]["name"] == "王芳"
        assert answers["household_members"][0]["relation"] == "子女"
        assert answers["water_safety"] == "safe"
        assert record.definition_revision_id == record.definition.live_revision_id

    def test_phones_and_id_numbers_encrypted_in_answers(self):
        elder = ElderFactory(registered_on=TODAY - timedelta(days=10))
        record = start_visit(elder, UserFactory())
        member_id = "11010519491231002X"
        submit_visit(record, valid_answers(phone=elder.phone, household_members=[
            {"name": "李四", "id_number": member_id}]), record.visitor)
        record.refresh_from_db()
        assert crypto.is_token(record.answers["phone"])
        assert crypto.is_token(record.answers["household_members"][0]["id_number"])
        assert elder.phone not in str(record.answers) and member_id not in str(record.answers)
        assert record.plain_answers()["household_members"][0]["id_number"] == member_id


@pytest.mark.parametrize("save", [save_draft, autosave_draft])
def test_a_late_draft_save_cannot_reopen_a_submitted_record(save):
    record = draft_record()
    stale = type(record).objects.get(pk=record.pk)  # e.g. an autosave request that started before the submit
    submit_visit(record, valid_answers(), record.visitor)
    with pytest.raises(ValidationError):
        save(stale, {"mood": "worse"}, record.visitor)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED and record.mood == "better"
