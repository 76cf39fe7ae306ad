"""``demo.cases``: open tasks for the demo accounts, started once, skipping flows not built yet.

Run here on the throwaway flows; ``DEMO_CASES`` names the real ones."""

import pytest
from django.core.management import call_command

from demo.accounts import ensure_accounts, ensure_villages
from demo.cases import DEMO_CASES, DemoCase, create_demo_cases, flow_named
from workflows import inbox

pytestmark = pytest.mark.django_db

FLOWS = "tests.workflows.flows_for_tests"
RECIPES = [
    DemoCase("village: a check", f"{FLOWS}.CheckFlow", 10),
    DemoCase("township: an approval", f"{FLOWS}.CheckFlow", 11, steps=["village"]),
    DemoCase("volunteer: a visit", f"{FLOWS}.VisitFlow", 0, started_by=""),
    DemoCase("volunteer: an overdue visit", f"{FLOWS}.VisitFlow", 1, started_by="", overdue=True),
    DemoCase("a flow not built yet", "workflows.flows.not_built_yet.NotBuiltYetFlow", 2),
]


@pytest.fixture
def accounts(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    settings.DEBUG = False
    return ensure_accounts()


def titles(user):
    return [(task.flow_task.task_title, task.is_overdue) for task in inbox.inbox(user)]


def test_demo_accounts_get_open_tasks_once(accounts):
    village = ensure_villages()[0]
    assert create_demo_cases(accounts, village, RECIPES) == 4
    assert titles(accounts["village"]) == [("入户核对", False)]
    assert sorted(titles(accounts["township"])) == [("乡镇审核", False), ("入户核对", False)]
    assert titles(accounts["volunteer"]) == [("上门探访", True), ("上门探访", False)]
    assert titles(accounts["fire"]) == []
    assert create_demo_cases(accounts, village, RECIPES) == 0


def test_flows_not_built_yet_are_skipped():
    assert flow_named("workflows.flows.not_built_yet.NotBuiltYetFlow") is None
    assert flow_named(f"{FLOWS}.CheckFlow").__name__ == "CheckFlow"
    assert {recipe.flow for recipe in DEMO_CASES} == {"workflows.flows.census.CensusFlow",
                                                      "workflows.flows.visits.VisitFlow"}
