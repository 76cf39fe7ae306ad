"""Personas for workbench tests: an elder in 民生街道 (兴宁区), one in 三塘镇 (兴宁区), one in 新竹街道 (青秀区).

Each role is tried against an elder assigned to / in the scope of the user, one in the same
county's other township, and one in another county.
"""

import pytest

from tests.registry.factories import AssignmentFactory, ElderFactory, HouseholdMemberFactory
from tests.roles.factories import VillageFactory, region_named, role_holder


@pytest.fixture
def elders(db):
    minsheng_village = VillageFactory(parent=region_named("民生街道"))
    elders = {
        "own": ElderFactory(village=minsheng_village, name="韦桂英"),
        "same_county": ElderFactory(village=VillageFactory(parent=region_named("三塘镇")), name="黄德明"),
        "other_county": ElderFactory(village=VillageFactory(parent=region_named("新竹街道")), name="覃秀兰"),
    }
    HouseholdMemberFactory(elder=elders["own"])
    return elders


@pytest.fixture
def people(elders):
    village = elders["own"].village
    visitor = role_holder("visitor", village, first_name="莫志愿者")
    AssignmentFactory(elder=elders["own"], visitor=visitor)
    return {
        "province": role_holder("province_civil_affairs", "广西壮族自治区"),
        "county": role_holder("county_civil_affairs", "兴宁区"),
        "township": role_holder("township_officer", "民生街道"),
        "village": role_holder("village_worker", village),
        "visitor": visitor,
        "fire": role_holder("department_staff", "兴宁区", department="fire_rescue"),
        "outsider": role_holder("township_officer", "新竹街道"),
        "auditor": role_holder("audit_admin", "广西壮族自治区"),
    }
