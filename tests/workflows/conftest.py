"""Personas for the task inbox: 民生街道 and 三塘镇 (both 兴宁区), 新竹街道 (青秀区).

Every test runs cases of the throwaway flows (tests/workflows/flows_for_tests.py) on an elder of
a 民生街道 village, tried by people of that township, the other township and the other county.
"""

import pytest
from viewflow.workflow.status import STATUS

from tests.registry.factories import AssignmentFactory, ElderFactory
from tests.roles.factories import VillageFactory, region_named, role_holder
from tests.workflows.flows_for_tests import CheckFlow, DepartmentFlow, VisitFlow
from workflows.models import CaseTask


@pytest.fixture
def village(db):
    return VillageFactory(parent=region_named("民生街道"), name="民乐村")


@pytest.fixture
def elder(village):
    return ElderFactory(village=village, name="韦桂英")


@pytest.fixture
def people(village, elder):
    visitor = role_holder("visitor", village, first_name="莫志愿者", username="visitor")
    AssignmentFactory(elder=elder, visitor=visitor)
    return {
        "county": role_holder("county_civil_affairs", "兴宁区", username="county"),
        "township": role_holder("township_officer", "民生街道", first_name="陆干部", username="township"),
        "township2": role_holder("township_officer", "民生街道", first_name="黄干部", username="township2"),
        "village": role_holder("village_worker", village, first_name="蒙村委", username="village"),
        "visitor": visitor,
        "visitor2": role_holder("visitor", village, first_name="李志愿者", username="visitor2"),
        "fire": role_holder("department_staff", "兴宁区", department="fire_rescue", username="fire"),
        "fire_other_county": role_holder("department_staff", "青秀区", department="fire_rescue",
                                         username="fire_qx"),
        "health": role_holder("department_staff", "兴宁区", department="health", username="health"),
        "other_township": role_holder("township_officer", "三塘镇", username="santang"),
        "other_village": role_holder("village_worker", VillageFactory(parent=region_named("三塘镇")),
                                     username="santang_village"),
        "other_county": role_holder("township_officer", "新竹街道", username="xinzhu"),
    }


def open_task(case):
    """The one open task of ``case``."""
    return CaseTask.objects.open().get(process=case)


@pytest.fixture
def check_task(elder, people):
    """An unowned 入户核对 task, claimable by census_elders holders over the village."""
    return open_task(CheckFlow.start.run(elder=elder, user=people["township"]))


@pytest.fixture
def department_task(elder, people):
    return open_task(DepartmentFlow.start.run(elder=elder, user=people["township"]))


@pytest.fixture
def visit_task(elder, people):
    task = open_task(VisitFlow.start.run(elder=elder, user=people["township"]))
    assert task.status == STATUS.ASSIGNED
    return task
