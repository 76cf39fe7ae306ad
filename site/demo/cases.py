"""Demo cases: work waiting in 我的待办 for the demo accounts after ``make run``.

Everything goes through the flows' own services, as in real use:

- two records of the first demo village (新联村) are marked 待核实 as if just entered: one waits
  for the village worker's 入户核实, the other (already verified by ``village``) for the township
  officer's 审核;
- the scheduler starts this period's visits for the elders assigned to ``volunteer``;
- one of those visits is made overdue past its grace period and escalated to the township
  (逾期探访督办).

``fire`` gets nothing until a visit finds a fire hazard. Running it again starts nothing twice.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from registry.choices import ElderStatus
from registry.models import Assignment, Elder
from workflows import census, rollup, scheduler
from workflows.flows import CensusFlow
from workflows.models import CaseTask, VisitEscalation

CENSUS_RECORDS = 2
DEMO_CONSENT = {"consents_to_visits": True, "consent_given_by": "elder"}


def _census_cases(accounts, village):
    """Open the census cases still missing; the second one gets verified by the village worker."""
    elders = Elder.objects.within(village)
    in_census = list(elders.filter(cases__flow_class=CensusFlow).distinct().order_by("id"))
    unassigned = (elders.active().exclude(pk__in=Assignment.objects.current().values("elder_id"))
                  .order_by("id"))
    started = 0
    for elder in unassigned[:CENSUS_RECORDS - len(in_census)]:
        with rollup.tracking([elder.pk]):  # an update the rollup's signals don't see
            Elder.objects.filter(pk=elder.pk).update(status=ElderStatus.PENDING)
        elder.refresh_from_db()
        case = census.open_census(elder, accounts["township"])
        if len(in_census) + started == 1:
            task = CaseTask.objects.open().get(process=case, flow_task=CensusFlow.verify)
            census.verify(accounts["village"], task, {**DEMO_CONSENT, "consent_date": timezone.localdate()},
                          notes="演示：已入户核实")
        started += 1
    return started


def _escalated_visit():
    """Make one of the volunteer's open visits overdue and escalate it, unless one was already."""
    if VisitEscalation.objects.exists():
        return 0
    task = scheduler.open_visit_tasks().order_by("id").first()
    if task is None:
        return 0
    CaseTask.objects.filter(pk=task.pk).update(
        due_at=timezone.now() - timedelta(days=settings.TANFANG_VISIT_GRACE_DAYS + 1))
    return scheduler.escalate_overdue_visits()


def create_demo_cases(accounts, village):
    """Start the demo cases not started yet; return how many were."""
    return _census_cases(accounts, village) + scheduler.schedule_visits() + _escalated_visit()
