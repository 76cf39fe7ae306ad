"""A year of past visits for the demo, so the 监督看板's 月探访率 line has a history.

For each of the ``HISTORY_MONTHS`` months before this one, most of the elders due a visit that
month (``workflows.schedule``) get one submitted visit record, the share rising over the year
from ``FIRST_RATE`` to ``LAST_RATE``; the villages of ``LAGGING_VILLAGES`` stay behind. This
month is left as it is: its visits are the demo cases' business.

The records are bulk-created (a few thousand ``submit_visit`` calls would make ``make setup``
slow) with the answers the typed columns are copied from, numbered 第 n 次 per elder in date
order; the visit rollup of those months is then rebuilt from them (``workflows.rollup.rebuild``).
The elders of ``volunteer`` are left unvisited in ``cases.overdue_month``: that is the visit the
demo escalates. Nothing is created when a submitted visit dated before this month exists already.
"""

import datetime
import random

from django.utils import timezone

from forms.choices import ChangeRating, RecordStatus, SafetyRating, VisitMethod
from forms.models import FormDefinition, VisitRecord
from registry.models import Assignment, Elder
from workflows import rollup, schedule

from .cases import overdue_month

HISTORY_MONTHS = 11
FIRST_RATE, LAST_RATE = 0.60, 0.95
# Village code -> how far its rate stays below the others'.
LAGGING_VILLAGES = {"450110100202": 0.25, "450102101202": 0.2}
METHOD_WEIGHTS = [(VisitMethod.HOME, 6), (VisitMethod.PHONE, 3), (VisitMethod.ONLINE, 1)]
RATINGS = ["expression", "mobility", "mood", "personal_hygiene", "home_hygiene", "indoor_environment"]
SAFETY = ["gas_safety", "water_heating_safety", "electricity_safety", "fire_safety"]


def history_months(now=None):
    """The first days of the ``HISTORY_MONTHS`` months before this one, oldest first."""
    this = schedule.this_month(now)
    return [schedule.add_months(this, -count) for count in range(HISTORY_MONTHS, 0, -1)]


def month_rate(index, village_code):
    """The share of due elders visited in the ``index``-th history month (0: the oldest)."""
    rate = FIRST_RATE + (LAST_RATE - FIRST_RATE) * index / max(HISTORY_MONTHS - 1, 1)
    return max(rate - LAGGING_VILLAGES.get(village_code, 0), 0)


class VisitPlanner:
    """Draws the visits from one seed, month by month."""

    def __init__(self, seed=2025):
        self.random = random.Random(seed)

    def visit_day(self, month):
        return month + datetime.timedelta(days=self.random.randint(0, schedule.month_end(month).day - 1))

    def answers(self, day):
        pick = self.random.random
        method = self.random.choices([code for code, _ in METHOD_WEIGHTS], [w for _, w in METHOD_WEIGHTS])[0]
        answers = {"visit_date": day.isoformat(), "visit_method": {"value": str(method)},
                   "family_change": {"value": "no_change"}, "illness": {"value": "no_change"},
                   "emergency": {"value": False}}
        for key in RATINGS:
            answers[key] = str(ChangeRating.WORSE if pick() < 0.08 else
                               ChangeRating.BETTER if pick() < 0.15 else ChangeRating.NO_CHANGE)
        for key in SAFETY:
            answers[key] = str(SafetyRating.UNSAFE if pick() < 0.03 else
                               SafetyRating.FAIRLY_SAFE if pick() < 0.2 else SafetyRating.SAFE)
        return answers


def _record(elder_id, visitor, definition, day, answers, number):
    submitted_at = datetime.datetime.combine(day, datetime.time(16), tzinfo=timezone.get_current_timezone())
    record = VisitRecord(elder_id=elder_id, visitor=visitor, definition=definition,
                         definition_revision_id=definition.live_revision_id, status=RecordStatus.SUBMITTED,
                         visit_number=number, answers=answers, created_by=visitor, submitted_by=visitor,
                         submitted_at=submitted_at, visit_date=day, emergency=False)
    for key in (*RATINGS, *SAFETY):
        setattr(record, key, answers[key])
    for key in ("visit_method", "family_change", "illness"):
        setattr(record, key, answers[key]["value"])
    return record


def ensure_visit_history(accounts, now=None):
    """Create the past months' visit records unless there are some; return how many were created."""
    months = history_months(now)
    if VisitRecord.objects.submitted().filter(visit_date__lt=schedule.this_month(now)).exists():
        return 0
    definition = FormDefinition.objects.visit_form()
    volunteer, village_worker = accounts["volunteer"], accounts["village"]
    volunteers_elders = set(Assignment.objects.filter(visitor=volunteer).values_list("elder_id", flat=True))
    missed = (overdue_month(now), volunteers_elders)
    village_codes = dict(Elder.objects.values_list("pk", "village__code"))
    facts = schedule.ElderFacts(Elder.objects.filter(pk__in=village_codes), months[0], months[-1])
    planner = VisitPlanner()
    numbers, records = {}, []
    for index, month in enumerate(months):
        for standing in sorted(facts.standings(month), key=lambda standing: standing.pk):
            if not standing.due or (month == missed[0] and standing.pk in missed[1]):
                continue
            if planner.random.random() >= month_rate(index, village_codes[standing.pk]):
                continue
            day = planner.visit_day(month)
            numbers[standing.pk] = numbers.get(standing.pk, 0) + 1
            visitor = volunteer if standing.pk in volunteers_elders else village_worker
            records.append(_record(standing.pk, visitor, definition, day, planner.answers(day),
                                   numbers[standing.pk]))
    VisitRecord.objects.bulk_create(records, batch_size=500)
    for month in months:  # the dashboard would otherwise ask for them in the background, and wait for a worker
        rollup.rebuild(month)
    return len(records)
