"""Printing tests: people, an elder with a household, records, a private root for batch files."""

import pytest

# ------------------------------------------------------------------ personas and records
# An elder in 民生街道 (兴宁区) visited by an assigned visitor; staff of that township, of the other
# township of the county (三塘镇), of the county, of another county (新竹街道, 青秀区), department staff.


@pytest.fixture
def private_root(settings, tmp_path):
    """Batches' PDFs go to a fresh directory per test (printing.storage reads the setting anew)."""
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "private"
    return settings.TANFANG_PRIVATE_ROOT


@pytest.fixture
def elder(db):
    from datetime import timedelta

    from registry.dates import china_today
    from tests.registry.factories import ElderFactory
    from tests.roles.factories import VillageFactory, region_named

    return ElderFactory(village=VillageFactory(parent=region_named("民生街道")), name="韦桂英",
                        registered_on=china_today() - timedelta(days=90))


@pytest.fixture
def people(elder):
    from tests.registry.factories import AssignmentFactory, ElderFactory
    from tests.roles.factories import role_holder

    visitor = role_holder("visitor", elder.village, first_name="莫志愿者")
    other_visitor = role_holder("visitor", elder.village, first_name="黄志愿者")
    AssignmentFactory(elder=elder, visitor=visitor)
    AssignmentFactory(elder=ElderFactory(village=elder.village), visitor=other_visitor)  # the neighbour
    return {
        "visitor": visitor,
        "other_visitor": other_visitor,
        "township": role_holder("township_officer", "民生街道"),
        "village": role_holder("village_worker", elder.village),
        "other_township": role_holder("township_officer", "三塘镇"),
        "county": role_holder("county_civil_affairs", "兴宁区"),
        "other_county": role_holder("township_officer", "新竹街道"),
        "fire": role_holder("department_staff", "兴宁区", department="fire_rescue"),
    }


@pytest.fixture
def household_id_number(elder):
    from registry.id_numbers import build_id_number

    return build_id_number(elder.village.code[:6], elder.birth_date, 11)


def submitted_record(elder, visitor, household_id_number=None, **answers):
    """A record ``visitor`` started and submitted for ``elder``, with a head of household's ID number."""
    from forms.services import start_visit, submit_visit
    from tests.forms.factories import valid_answers

    record = start_visit(elder, visitor)
    if household_id_number:
        answers.setdefault("household_members", [{"name": elder.name, "sex": "女", "id_number": household_id_number,
                                                  "relation": "户主", "health": "良好"}])
    return submit_visit(record, valid_answers(name=elder.name, **answers), visitor)
