"""How long the visit scheduler and the monthly visit rate take for a county of N elders.

    .venv/bin/python bench/schedule.py [--elders 5000] [--visited 0.5] [--runs 5]

Standalone: test settings on a throwaway database (in-memory SQLite, or a test database next
to TEST_DATABASE_URL's on PostgreSQL, dropped at the end), migrated here with the official
region tree; invented elders spread over the villages of 兴宁区, one visitor per 20 elders, a
share of them visited this month. Prints the scheduler's first run (creates the tasks), its
second run (idempotent: creates nothing), the overdue escalation, and the county's visit rate
(median of several runs, and its number of queries).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

ELDERS_PER_VISITOR = 20
VILLAGES_PER_TOWNSHIP = 5


def seconds(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def create_county(elder_count, visited_share):
    """Elders in 兴宁区 with current visitors; ``visited_share`` of them visited today."""
    from forms.choices import RecordStatus
    from forms.models import VisitRecord
    from forms.services import start_visit
    from registry.dates import china_today
    from registry.models import Assignment
    from roles.models import Region
    from tests.registry.factories import ElderFactory
    from tests.roles.factories import UserFactory, VillageFactory

    county = Region.objects.get(name="兴宁区", level="county")
    villages = [VillageFactory(parent=township) for township in county.children.all()
                for _ in range(VILLAGES_PER_TOWNSHIP)]
    visitors = UserFactory.create_batch(max(1, elder_count // ELDERS_PER_VISITOR))
    categories = [["living_alone"], ["empty_nest", "disabled"], ["left_behind"], ["severely_handicapped"]]
    elders = [ElderFactory(village=villages[n % len(villages)], categories=categories[n % len(categories)],
                           registered_on=china_today().replace(year=2020), consent_date=china_today().replace(
                               year=2020)) for n in range(elder_count)]
    Assignment.objects.bulk_create([Assignment(elder=elder, visitor=visitors[n % len(visitors)],
                                               start_date=elder.registered_on) for n, elder in enumerate(elders)])
    template = start_visit(elders[0], visitors[0])
    VisitRecord.objects.bulk_create([
        VisitRecord(elder=elder, visitor=template.visitor, definition=template.definition,
                    definition_revision=template.definition_revision, status=RecordStatus.SUBMITTED,
                    visit_date=china_today(), answers={})
        for elder in elders[:int(elder_count * visited_share)]])
    return county


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=5000, help="elders in the county (default 5000)")
    parser.add_argument("--visited", type=float, default=0.5, help="share visited this month (default 0.5)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the visit rate (default 5)")
    options = parser.parse_args()

    import django
    from django.db import connection

    django.setup()
    took, _ = seconds(lambda: connection.creation.create_test_db(verbosity=0, autoclobber=True))
    print(f"setup: migrated {connection.vendor} test database in {took:.1f} s")
    try:
        run(options)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def run(options):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from workflows import schedule
    from workflows.scheduler import escalate_overdue_visits, schedule_visits
    from workflows.visit_rate import visit_rate

    took, county = seconds(lambda: create_county(options.elders, options.visited))
    print(f"setup: {options.elders} elders, {int(options.elders * options.visited)} visited, in {took:.1f} s")

    took, created = seconds(schedule_visits)
    print(f"scheduler, first run:  {took:6.2f} s, {created} visit tasks created "
          f"({took / max(created, 1) * 1000:.1f} ms per task)")
    took, created = seconds(schedule_visits)
    print(f"scheduler, second run: {took:6.2f} s, {created} visit tasks created")

    overdue = schedule.overdue_at(schedule.due_at(schedule.month_end(schedule.this_month())))
    took, escalated = seconds(lambda: escalate_overdue_visits(now=overdue))
    print(f"escalation:            {took:6.2f} s, {escalated} overdue visits escalated")

    month = schedule.this_month(timezone.now())
    with CaptureQueriesContext(connection) as queries:
        report = visit_rate(county, month)
    timings = [seconds(lambda: visit_rate(county, month))[0] for _ in range(options.runs)]
    print(f"visit rate of {county.name}: median {statistics.median(timings) * 1000:.0f} ms of {options.runs} runs, "
          f"{len(queries)} queries; due {report.total.due}, visited {report.total.visited} ({report.total.rate}%)")


if __name__ == "__main__":
    main()
