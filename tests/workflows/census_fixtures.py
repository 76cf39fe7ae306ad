"""Personas and helpers of the census and assignment tests (民生街道, 兴宁区; the outsider in 新竹街道)."""

import pytest
from django.urls import reverse
from viewflow.workflow.status import STATUS

from registry.dates import china_today
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory, region_named, role_holder
from workflows.models import Case, CaseTask

VERIFY_POST = {"confirmed": "on", "consents_to_visits": "True", "consent_date": china_today().isoformat(),
               "consent_given_by": "elder", "lacks_capacity": "False", "guardian_name": "", "guardian_relation": "",
               "guardian_phone": "", "notes": "本人在家，情况与登记一致"}


@pytest.fixture
def village(db):
    return VillageFactory(parent=region_named("民生街道"))


@pytest.fixture
def people(village):
    return {
        "officer": role_holder("township_officer", "民生街道", first_name="陆干部"),
        "worker": role_holder("village_worker", village, first_name="蒙村委"),
        "neighbour_worker": role_holder("village_worker", VillageFactory(parent=village.parent)),
        "visitor": role_holder("visitor", village, first_name="莫志愿者"),
        "second_visitor": role_holder("visitor", VillageFactory(parent=village.parent), first_name="韦志愿者"),
        "outsider": role_holder("township_officer", "新竹街道"),
        "outside_visitor": role_holder("visitor", "新竹街道", first_name="覃志愿者"),
    }


@pytest.fixture
def pending_elder(village):
    """Saved new with status 待核实: its census opens by itself."""
    return ElderFactory(village=village, status="pending", name="黄桂芳")


def case_of(elder):
    return Case.objects.get(elder=elder)


def open_task(elder):
    return CaseTask.objects.open().get(process__case__elder=elder)


def tasks_of(elder):
    """(step, owner, status) of every human step of the elder's cases, in order."""
    return [(task.flow_task.name, task.owner, task.status)
            for task in CaseTask.objects.filter(process__case__elder=elder).order_by("pk")
            if task.flow_task.name in ("verify", "approve", "assign")]


def screen(step, task):
    return reverse(f"workflows:census_{step}", args=[task.pk])


def as_user(client, user):
    client.force_login(user)
    return client


DONE = STATUS.DONE
