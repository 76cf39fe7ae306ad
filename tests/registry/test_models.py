"""Elder, household member and assignment rules: derived fields, clean(), uniqueness, constraints."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.dates import china_today
from registry.id_numbers import build_id_number
from registry.models import Assignment, Category, Elder
from tests.registry.factories import AssignmentFactory, ElderFactory, HouseholdMemberFactory
from tests.roles.factories import VillageFactory, region_named

pytestmark = pytest.mark.django_db


def clean_errors(instance):
    """The message dict of full_clean(), or {} when the instance is valid."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_the_six_categories_exist_in_order():
    assert list(Category.objects.values_list("code", "name")) == [
        ("living_alone", "独居"), ("empty_nest", "空巢"), ("left_behind", "留守"), ("disabled", "失能"),
        ("severely_handicapped", "重残"), ("family_planning_special", "计划生育特殊家庭"),
    ]


class TestDerivedFromIdNumber:
    def test_sex_and_birth_date_are_set_on_save(self):
        elder = ElderFactory(id_number=build_id_number("450102", date(1950, 3, 8), 152))
        elder.refresh_from_db()
        assert (elder.sex, elder.birth_date) == ("female", date(1950, 3, 8))
        assert elder.get_sex_display() == "女"

    def test_lowercase_x_is_stored_uppercase(self):
        elder = ElderFactory(id_number="11010519491231002x")
        elder.refresh_from_db()
        assert elder.id_number == "11010519491231002X"
        assert elder.sex == "female"

    def test_age_on_a_date_and_today(self):
        elder = ElderFactory(id_number=build_id_number("450102", date(1950, 3, 8), 151))
        assert elder.age(date(2020, 3, 7)) == 69
        assert elder.age(date(2020, 3, 8)) == 70
        today = china_today()
        assert elder.age() == today.year - 1950 - ((today.month, today.day) < (3, 8))

    def test_a_changed_id_number_updates_sex_and_birth_date(self):
        elder = ElderFactory()
        elder.id_number = build_id_number("450102", date(1944, 1, 2), 7)
        elder.save()
        elder.refresh_from_db()
        assert (elder.sex, elder.birth_date) == ("male", date(1944, 1, 2))


class TestAgeRule:
    def test_under_60_on_the_registration_date_is_refused(self):
        elder = ElderFactory.build(
            village=VillageFactory(), id_number=build_id_number("450102", date(1970, 5, 1), 11),
            registered_on=date(2026, 1, 1))
        assert "未满60周岁" in clean_errors(elder)["id_number"][0]

    def test_sixty_on_the_registration_date_is_enough(self):
        elder = ElderFactory.build(
            village=VillageFactory(), id_number=build_id_number("450102", date(1966, 1, 1), 11),
            registered_on=date(2026, 1, 1))
        assert "id_number" not in clean_errors(elder)


class TestDuplicateIdNumber:
    def test_second_registration_names_no_place(self):
        existing = ElderFactory(name="韦秀英")
        duplicate = ElderFactory.build(
            village=VillageFactory(parent=region_named("新竹街道")), id_number=existing.id_number.lower())
        message = clean_errors(duplicate)["id_number"][0]
        assert message == "该公民身份号码已登记，不能重复登记。如需核实，请联系县级民政部门。"
        assert existing.name not in message and existing.village.name not in message and "民生街道" not in message

    def test_editing_the_existing_record_is_not_a_duplicate(self):
        elder = ElderFactory()
        assert "id_number" not in clean_errors(elder)

    def test_the_database_refuses_a_duplicate_too(self):
        """Saved without validation (or after another save won a race): refused with the form's message."""
        existing = ElderFactory()
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            ElderFactory(id_number=existing.id_number)
        assert refused.value.message_dict["id_number"] == [Elder(id_number=existing.id_number)
                                                           .duplicate_id_number_message()]
        assert Elder.objects.with_id_number(existing.id_number).count() == 1


class TestStatusRule:
    def test_leaving_the_register_needs_a_date_and_a_reason(self):
        elder = ElderFactory(status="deceased")
        errors = clean_errors(elder)
        assert errors["status_date"] == ["状态为“去世”时须填写状态变更日期。"]
        assert errors["status_reason"] == ["状态为“去世”时须填写状态变更原因。"]

    def test_status_date_not_in_the_future_nor_before_registration(self):
        elder = ElderFactory(status="moved_away", status_reason="随子女迁往柳州",
                             status_date=china_today() + timedelta(days=1))
        assert clean_errors(elder)["status_date"] == ["状态变更日期不能晚于今天。"]
        elder.status_date = elder.registered_on - timedelta(days=1)
        assert clean_errors(elder)["status_date"] == ["状态变更日期不能早于登记日期。"]

    def test_complete_status_change_is_valid(self):
        elder = ElderFactory(status="withdrawn", status_date=china_today(), status_reason="本人申请退出")
        assert clean_errors(elder) == {}


class TestConsentRule:
    def test_an_elder_lacking_capacity_consents_through_a_guardian(self):
        elder = ElderFactory(lacks_capacity=True, consent_given_by="elder")
        assert "监护人" in clean_errors(elder)["consent_given_by"][0]

    def test_guardian_details_are_required_when_the_guardian_consents(self):
        elder = ElderFactory(lacks_capacity=True, consent_given_by="guardian")
        errors = clean_errors(elder)
        assert set(errors) == {"guardian_name", "guardian_relation", "guardian_phone"}
        assert errors["guardian_name"] == ["由监护人表达意愿时须填写监护人姓名。"]

    def test_complete_guardian_consent_is_valid(self):
        elder = ElderFactory(lacks_capacity=True, consent_given_by="guardian", guardian_name="黄建国",
                             guardian_relation="儿子", guardian_phone="139 0771 0000")
        assert clean_errors(elder) == {}
        assert elder.guardian_phone == "13907710000"

    def test_consent_date_not_in_the_future(self):
        elder = ElderFactory(consent_date=china_today() + timedelta(days=2))
        assert clean_errors(elder)["consent_date"] == ["意愿确认日期不能晚于今天。"]


class TestDisabilityRule:
    def test_disabled_elder_needs_a_certificate_number(self):
        elder = ElderFactory(is_disabled=True)
        assert clean_errors(elder)["disability_certificate_number"] == ["残疾老年人须填写残疾人证号。"]

    def test_certificate_is_the_id_number_plus_kind_and_grade(self):
        elder = ElderFactory(is_disabled=True)
        elder.disability_certificate_number = elder.id_number + "42"
        assert clean_errors(elder) == {}

    @pytest.mark.parametrize("suffix", ["4", "82", "45", "4A"])
    def test_malformed_certificate(self, suffix):
        elder = ElderFactory(is_disabled=True)
        elder.disability_certificate_number = elder.id_number + suffix
        assert "20位" in clean_errors(elder)["disability_certificate_number"][0]

    def test_certificate_of_someone_else(self):
        elder = ElderFactory(is_disabled=True)
        elder.disability_certificate_number = build_id_number("450102", date(1940, 1, 1), 3) + "41"
        assert "前18位" in clean_errors(elder)["disability_certificate_number"][0]

    def test_certificate_without_disability(self):
        elder = ElderFactory()
        elder.disability_certificate_number = elder.id_number + "41"
        assert "是否残疾" in clean_errors(elder)["disability_certificate_number"][0]

    def test_severely_handicapped_category_needs_disability_grade_1_or_2(self):
        elder = ElderFactory()
        severe = Category.objects.filter(code="severely_handicapped")
        assert "is_disabled" in elder.category_errors(severe)
        elder.is_disabled, elder.disability_certificate_number = True, elder.id_number + "43"
        assert "一级或二级" in elder.category_errors(severe)["categories"]
        elder.disability_certificate_number = elder.id_number + "42"
        assert elder.category_errors(severe) == {}


class TestFirstContactRule:
    def test_a_child_nearby_must_be_a_child(self):
        elder = ElderFactory(first_contact_kind="child_nearby", first_contact_relation="neighbour")
        assert "子女" in clean_errors(elder)["first_contact_relation"][0]

    def test_a_designated_contact_may_be_anyone(self):
        elder = ElderFactory(first_contact_kind="designated", first_contact_relation="village_cadre")
        assert clean_errors(elder) == {}

    def test_first_contact_phone_is_validated(self):
        elder = ElderFactory(first_contact_phone="12345")
        assert "手机号码" in clean_errors(elder)["first_contact_phone"][0]


class TestLivingConditionsAndAssistance:
    def test_income_cannot_be_negative(self):
        elder = ElderFactory(monthly_income=-1)
        assert clean_errors(elder)["monthly_income"] == ["金额不能为负数。"]

    def test_other_provider_must_be_named(self):
        elder = ElderFactory(assistance_providers=["volunteer", "other"])
        assert "assistance_provider_other" in clean_errors(elder)
        elder.assistance_provider_other = "爱心车队"
        assert clean_errors(elder) == {}
        assert elder.assistance_provider_names == "志愿者、其他"

    def test_unknown_provider_code_is_refused(self):
        elder = ElderFactory(assistance_providers=["bank"])
        assert "assistance_providers" in clean_errors(elder)


class TestHouseholdMember:
    def test_id_number_is_optional(self):
        assert clean_errors(HouseholdMemberFactory()) == {}

    def test_id_number_is_validated_when_given(self):
        member = HouseholdMemberFactory(id_number="450103194805061234")
        assert "校验码" in clean_errors(member)["id_number"][0]

    def test_sex_must_match_the_id_number(self):
        member = HouseholdMemberFactory(sex="female", id_number=build_id_number("450102", date(1975, 1, 1), 1))
        assert clean_errors(member)["sex"] == ["性别与公民身份号码不一致。"]

    def test_members_keep_their_order(self):
        elder = ElderFactory()
        second = HouseholdMemberFactory(elder=elder, sort_order=2)
        first = HouseholdMemberFactory(elder=elder, sort_order=1)
        assert list(elder.household_members.all()) == [first, second]


class TestAssignment:
    def test_at_most_one_current_assignment_per_elder(self):
        current = AssignmentFactory()
        second = Assignment(elder=current.elder, visitor=current.assigned_by)
        assert "当前探访人员" in str(clean_errors(second))
        with pytest.raises(IntegrityError), transaction.atomic():
            second.save()

    def test_a_new_assignment_after_ending_the_previous_one(self):
        previous = AssignmentFactory(start_date=date(2025, 1, 1), end_date=date(2025, 6, 30))
        AssignmentFactory(elder=previous.elder)
        assert previous.elder.assignments.current().count() == 1

    def test_assigned_to_returns_current_assignments_only(self):
        current = AssignmentFactory()
        AssignmentFactory(visitor=current.visitor, start_date=date(2025, 1, 1), end_date=date(2025, 2, 1))
        AssignmentFactory()
        assert list(Elder.objects.assigned_to(current.visitor)) == [current.elder]

    def test_end_date_not_before_start_date(self):
        assignment = AssignmentFactory.build(elder=ElderFactory(), visitor=AssignmentFactory().visitor,
                                             assigned_by=None, start_date=date(2025, 3, 1),
                                             end_date=date(2025, 2, 1))
        assert "结束日期不能早于开始日期。" in str(clean_errors(assignment))
