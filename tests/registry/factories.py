"""Factories for elders, their households and visitor assignments."""

from datetime import date, timedelta

import factory

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
