"""A township (民生街道) with two villages and three people already registered, its officer, and an outsider."""

from datetime import date

import pytest

from registry.id_numbers import build_id_number
from tests.census_import.factories import AREA, CensusLists
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory, region_named, role_holder


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "private"
    return settings.TANFANG_PRIVATE_ROOT


@pytest.fixture
def villages(db):
    township = region_named("民生街道")
    return VillageFactory(parent=township, name="长岗村"), VillageFactory(parent=township, name="秀灵社区")


@pytest.fixture
def registered(villages):
    """Already on the register: one on 卫健's list, one a near namesake, one a digit away from the grid's row."""
    v1, v2 = villages
    return {
        "on_list": ElderFactory(village=v2, name="李成章", id_number=build_id_number(AREA, date(1939, 9, 9), 71)),
        "namesake": ElderFactory(village=v1, name="蒙秀兰", id_number=build_id_number(AREA, date(1944, 3, 5), 500)),
        "digit_away": ElderFactory(village=v1, name="卢新明", id_number=build_id_number(AREA, date(1948, 2, 2), 33)),
    }


@pytest.fixture
def lists(villages, registered):
    namesake = registered["namesake"]
    return CensusLists(villages, registered["on_list"], (namesake.name, namesake.birth_date),
                       registered["digit_away"].id_number)


@pytest.fixture
def officer(villages):
    return role_holder("township_officer", "民生街道")


@pytest.fixture
def outsider(db):
    return role_holder("township_officer", "新竹街道")
