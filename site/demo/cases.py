"""Demo cases: work waiting in 我的待办 for the demo accounts after ``make run``.

Everything goes through the flows' own services, as in real use:

- two records of the first demo village (新联村) are marked 待核实 as if just entered: one waits
  for the village worker's 入户核实, the other (already verified by ``village``, so 已核实待审核)
  for the township officer's 审核;
- one elder of ``volunteer`` was not visited last month: the scheduler asks for that visit as it
  would have then, and, its grace period over, escalates it to the township (逾期探访督办). In the
  first days of a month, before last month's visits are overdue, the month before is used;
- the scheduler starts this period's visits for the other elders assigned to ``volunteer``.

The departments' referrals and the emergencies come from ``casework``. Running it again starts
nothing twice.
"""

from datetime import datetime, time

from django.utils import timezone

from registry import register
from registry.choices import ElderStatus
from registry.dates import CHINA_TZ
from registry.models import Assignment, Elder
from workflows import census, rollup, schedule, scheduler
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
        with rollup.tracking([elder.pk]), register.tracking([elder.pk]):  # an update the signals don't see
            Elder.objects.filter(pk=elder.pk).update(status=ElderStatus.PENDING)
        elder.refresh_from_db()
        case = census.open_census(elder, accounts["township"])
        if len(in_census) + started == 1:
            task = CaseTask.objects.open().get(process=case, flow_task=CensusFlow.verify)
            census.verify(accounts["village"], task, {**DEMO_CONSENT, "consent_date": timezone.localdate()},
                          notes="演示：已入户核实")
        started += 1
    return started


def overdue_month(now=None):
    """The latest month whose monthly visits are overdue by ``now``: last month once its grace period is over."""
    now = now or timezone.now()
    month = schedule.add_months(schedule.this_month(now), -1)
    if not schedule.is_overdue(schedule.due_at(schedule.month_end(month)), now):
        month = schedule.add_months(month, -1)
    return month


def _overdue_visit(visitor):
    """Escalate a visit that ``visitor`` missed in ``overdue_month``, unless one was escalated already.

    The scheduler runs as on that month's last day for the first of the visitor's elders whose
    period ends then; the visit is then really overdue, and the escalation runs as it does daily.
    """
    if VisitEscalation.objects.exists():
        return 0
    last_day = schedule.month_end(overdue_month())
    elders = Elder.objects.filter(pk__in=Assignment.objects.current().filter(visitor=visitor).values("elder_id"))
    intervals = schedule.intervals_for(elders, last_day)
    elder_id = next((pk for pk in sorted(intervals) if schedule.period_for(intervals[pk], last_day).end == last_day),
                    None)
    if elder_id is None:
        return 0
    then = datetime.combine(last_day, time(12), tzinfo=CHINA_TZ)
    return (scheduler.schedule_visits(now=then, elders=Elder.objects.filter(pk=elder_id))
            + scheduler.escalate_overdue_visits())


def create_demo_cases(accounts, village):
    """Start the demo cases not started yet; return how many were."""
    return (_census_cases(accounts, village) + _overdue_visit(accounts["volunteer"])
            + scheduler.schedule_visits())
