"""Region scoping of elders: within() and active(). Who sees what is tested in tests/roles/test_access.py."""

import pytest

from registry.models import Elder
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory, region_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def elders():
    """One elder in 兴宁区 民生街道, one in 兴宁区 三塘镇, one in 青秀区 新竹街道."""
    return {
        "minsheng": ElderFactory(),
        "santang": ElderFactory(village=VillageFactory(parent=region_named("三塘镇"))),
        "qingxiu": ElderFactory(village=VillageFactory(parent=region_named("新竹街道"))),
    }


def test_within_a_county_a_township_and_a_village(elders, django_assert_num_queries):
    county = region_named("兴宁区")
    with django_assert_num_queries(1):
        assert set(Elder.objects.within(county)) == {elders["minsheng"], elders["santang"]}
    assert list(Elder.objects.within(region_named("三塘镇"))) == [elders["santang"]]
    assert list(Elder.objects.within(elders["qingxiu"].village)) == [elders["qingxiu"]]
    assert Elder.objects.within(region_named("南宁市")).count() == 3


def test_within_none_is_empty(elders):
    assert not Elder.objects.within(None).exists()


def test_active_excludes_those_who_left(elders):
    ElderFactory(status="deceased")
    assert Elder.objects.active().count() == 3
