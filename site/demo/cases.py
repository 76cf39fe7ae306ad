"""Demo cases: open tasks for the demo accounts, so that 我的待办 has something in it after `make run`.

Each recipe names its flow by dotted path and is skipped while that flow doesn't exist; a case is
started only for an elder who has no case of that flow yet, so ``load_demo_data`` stays idempotent.
Elders are picked by position among the active elders of the first demo village (新联村), by id:
the first ten are the ones assigned to ``volunteer`` (``demo.elders.ensure_assignments``).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.utils import timezone

from registry.models import Elder
from workflows import inbox
from workflows.models import Case, CaseTask

CENSUS_FLOW = "workflows.flows.census.CensusFlow"
VISIT_FLOW = "workflows.flows.visits.VisitFlow"


@dataclass
class DemoCase:
    """A case of ``flow`` about the ``elder_index``-th elder, started by ``started_by``; then each
    username of ``steps`` claims (when unowned) and completes the open task in turn; ``overdue``
    moves the open task's due date into the past."""

    purpose: str
    flow: str
    elder_index: int
    started_by: str = "township"
    steps: list = field(default_factory=list)
    overdue: bool = False


DEMO_CASES = [
    DemoCase("village: a census verification (入户核实)", CENSUS_FLOW, 10),
    DemoCase("township: a census approval (审核)", CENSUS_FLOW, 11, steps=["village"]),
    DemoCase("volunteer: a due visit", VISIT_FLOW, 0, started_by=""),
    DemoCase("township: an overdue visit to escalate", VISIT_FLOW, 1, started_by="", overdue=True),
]


def flow_named(path):
    """The flow class at dotted ``path``, or None while that flow isn't built."""
    module_name, name = path.rsplit(".", 1)
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise  # the flow exists but is broken: say so
        return None
    return getattr(module, name, None)


def _run(recipe, flow_class, elder, accounts):
    case = flow_class.start.run(elder=elder, user=accounts.get(recipe.started_by))
    for username in recipe.steps:
        task = CaseTask.objects.open().filter(process=case).first()
        if task.owner_id is None:
            inbox.claim(accounts[username], task)
        inbox.complete(accounts[username], task)
    if recipe.overdue:
        CaseTask.objects.open().filter(process=case).update(due_at=timezone.now() - timedelta(days=3))
    return case


def create_demo_cases(accounts, village, recipes=None):
    """Start the cases of ``recipes`` (default ``DEMO_CASES``) not started yet; return how many were."""
    elders = list(Elder.objects.within(village).active().order_by("id"))
    started = 0
    for recipe in DEMO_CASES if recipes is None else recipes:
        flow_class = flow_named(recipe.flow)
        if flow_class is None or recipe.elder_index >= len(elders):
            continue
        elder = elders[recipe.elder_index]
        if Case.objects.filter(elder=elder, flow_class=flow_class).exists():
            continue
        _run(recipe, flow_class, elder, accounts)
        started += 1
    return started
