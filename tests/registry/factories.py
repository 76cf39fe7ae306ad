"""Factories for elders, their households and visitor assignments."""

from datetime import date, timedelta

import factory

from registry.dates import china_today
from registry.id_numbers import build_id_number
from registry.models import Assignment, Category, Elder, HouseholdMember
from tests.roles.factories import UserFactory, VillageFactory

FIRST_BIRTH_DATE = date(1930, 1, 1)
BIRTH_DATE_SPAN = (date(1965, 12, 31) - FIRST_BIRTH_DATE).days + 1


def elder_id_number(village, n):
    """A distinct valid number for the n-th elder: born 1930-1965, area code of the village's county."""
    born = FIRST_BIRTH_DATE + timedelta(days=(n * 7919) % BIRTH_DATE_SPAN)
    sequence = 1 + (n // BIRTH_DATE_SPAN + n) % 999
    return build_id_number(village.code[:6], born, sequence)


class ElderFactory(factory.django.DjangoModelFactory):
    """An active, consenting elder in a new village of 民生街道 (兴宁区), category 空巢 by default.

    ``ElderFactory(categories=["living_alone", "disabled"])`` picks categories by code.
    """

    class Meta:
        model = Elder
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="zh_CN")
    village = factory.SubFactory(VillageFactory)
    id_number = factory.LazyAttributeSequence(lambda o, n: elder_id_number(o.village, n))
    phone = factory.Sequence(lambda n: f"139{n % 100000000:08d}")
    address_detail = factory.Sequence(lambda n: f"{n % 9 + 1}组{n % 90 + 1}号")
    emergency_contact_name = factory.Faker("name", locale="zh_CN")
    emergency_contact_phone = factory.Sequence(lambda n: f"138{n % 100000000:08d}")
    first_contact_name = factory.Faker("name", locale="zh_CN")
    first_contact_phone = factory.Sequence(lambda n: f"137{n % 100000000:08d}")
    first_contact_relation = "child"
    first_contact_kind = "child_nearby"
    consent_date = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    water_safety = "safe"
    utilities_safety = "safe"
    housing_safety = "safe"
    monthly_income = 1200

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create:
            obj.categories.set(Category.objects.filter(code__in=extracted or ["empty_nest"]))


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    elder = factory.SubFactory(ElderFactory)
    name = factory.Faker("name", locale="zh_CN")
    sex = "female"
    relation = "child"
    health = "健康"


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A current assignment of a new visitor to a new elder."""

    class Meta:
        model = Assignment

    elder = factory.SubFactory(ElderFactory)
    visitor = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)


def elder_form_data(village, household_prefix="household_members", **overrides):
    """What an elder form posts for a complete, valid elder with one household member.

    ``household_prefix`` is the household formset's: the admin's inline panel, or "household"
    for the workbench form.
    """
    household = {
        "TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000",
        "0-name": "黄小明", "0-sex": "male", "0-id_number": "", "0-relation": "child", "0-health": "健康",
        "0-assistance_status": "none", "0-ORDER": "1", "0-DELETE": "", "0-id": "",
    }
    data = {
        "name": "黄桂芳", "id_number": build_id_number("450102", date(1946, 7, 9), 248), "phone": "138 0771 2345",
        "village": village.pk, "address_detail": "3组12号", "lives_at_registered_residence": "True",
        "categories": [Category.objects.get(code="living_alone").pk], "is_disabled": "False",
        "disability_certificate_number": "",
        "emergency_contact_name": "黄小明", "emergency_contact_phone": "13907712345",
        "first_contact_name": "黄小明", "first_contact_phone": "13907712345",
        "first_contact_relation": "child", "first_contact_kind": "child_nearby",
        "consents_to_visits": "True", "consent_date": china_today().isoformat(), "consent_given_by": "elder",
        "lacks_capacity": "False", "guardian_name": "", "guardian_relation": "", "guardian_phone": "",
        "water_safety": "safe", "utilities_safety": "unsafe", "housing_safety": "safe",
        "monthly_income": "860.50", "monthly_benefits_amount": "320", "monthly_benefits_note": "高龄津贴",
        "assistance_providers": ["township_village", "volunteer"], "assistance_provider_other": "",
        "assistance_person": "李村医", "assistance_measures": "每周电话问候",
        "registered_on": china_today().isoformat(), "status": "active", "status_date": "", "status_reason": "",
        **{f"{household_prefix}-{key}": value for key, value in household.items()},
    }
    data.update(overrides)
    return data
