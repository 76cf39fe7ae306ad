"""The casework figures (``supervision.casework``) on a known dataset: each equals the count by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.models import Region
from supervision.casework import PROVIDERS_LABEL, casework, referral_figures, visitor_figures
from supervision.periods import ReportPeriod
from tests.roles.factories import UserFactory, role_holder
from tests.workflows.visit_factories import assigned_elder, submitted_visit, village_in

from .builders import china, emergency, referral, review, visit_task

pytestmark = pytest.mark.django_db
MARCH = ReportPeriod.month(date(2026, 3, 1))
NOW = datetime(2026, 4, 10, 4, 0, tzinfo=UTC)


def _township(name="民生街道"):
    return Region.objects.get(name=name, level="township")


def _county():
    return Region.objects.get(name="兴宁区")


@pytest.fixture
def referrals():
    """Referrals of 民生街道 elders in March 2026 (and two that must not count there)."""
    elder = assigned_elder(village_in("民生街道"))
    made = {
        # Made just after midnight on 1 March in China (28 February in UTC); accepted in a day, done in three.
        "on_time": referral(elder, "health", china(date(2026, 3, 1), 0, 30), date(2026, 3, 9), "completed",
                            decided=china(date(2026, 3, 2), 0, 30), completed=china(date(2026, 3, 4), 0, 30)),
        # Accepted at 01:00 the day after its due date in China (still the due date in UTC): late.
        "late": referral(elder, "health", china(date(2026, 3, 10), 1), date(2026, 3, 12), "completed",
                         decided=china(date(2026, 3, 13), 1), completed=china(date(2026, 3, 20), 1)),
        "returned": referral(elder, "health", china(date(2026, 3, 20)), date(2026, 3, 25), "rejected",
                             decided=china(date(2026, 3, 21))),
        "overdue": referral(elder, "health", china(date(2026, 3, 25)), date(2026, 3, 31)),
        "no_due_date": referral(elder, "fire_rescue", china(date(2026, 3, 15)), None, "accepted",
                                decided=china(date(2026, 3, 16))),
        "february": referral(elder, "health", china(date(2026, 2, 28), 23), date(2026, 3, 31)),
        "santang": referral(assigned_elder(village_in("三塘镇")), "health", china(date(2026, 3, 5)),
                            date(2026, 3, 6)),
    }
    review(made["on_time"], "satisfied", china(date(2026, 3, 5)))
    review(made["late"], "dissatisfied", china(date(2026, 3, 21)))
    review(made["late"], "fairly_satisfied", china(date(2026, 3, 28)))
    review(made["february"], "satisfied", china(date(2026, 4, 2)))  # April: not in March
    return made


def _by_label(lines):
    return {line.label: line for line in lines}


class TestReferrals:
    def test_per_department(self, referrals):
        lines = {line.obj.code: line for line in referral_figures(_township(), MARCH, now=NOW)}
        health, fire = lines["health"], lines["fire_rescue"]
        assert (health.received, health.accepted_in_time, health.returned, health.done_in_time, health.overdue) == (
            4, 1, 1, 1, 1)
        assert (health.median_accept_days, health.median_complete_days) == (2.0, 6.5)
        assert (health.satisfied, health.fairly_satisfied, health.dissatisfied) == (1, 1, 1)
        assert (fire.received, fire.accepted_in_time, fire.overdue, fire.median_accept_days) == (1, 1, 0, 1.0)
        assert fire.median_complete_days is None

    def test_every_department_is_listed_and_providers_only_when_used(self, referrals):
        lines = referral_figures(_township(), MARCH, now=NOW)
        assert len(lines) == 11 and PROVIDERS_LABEL not in _by_label(lines)
        assert sum(line.received for line in lines) == 5

    def test_the_county_adds_its_townships(self, referrals):
        health = next(line for line in referral_figures(_county(), MARCH, now=NOW) if line.obj.code == "health")
        assert (health.received, health.overdue) == (5, 2)

    def test_an_empty_region(self, referrals):
        lines = referral_figures(_township("新竹街道"), MARCH, now=NOW)
        assert all(line.received == 0 and line.median_accept_days is None for line in lines)

    def test_queries_do_not_grow_with_referrals(self, referrals):
        with CaptureQueriesContext(connection) as few:
            referral_figures(_county(), MARCH, now=NOW)
        elder = referrals["overdue"].elder
        for day in range(1, 20):
            referral(elder, "health", china(date(2026, 3, day)), date(2026, 3, 28),
                     "completed", decided=china(date(2026, 3, day), 12), completed=china(date(2026, 3, day), 18))
        with CaptureQueriesContext(connection) as many:
            referral_figures(_county(), MARCH, now=NOW)
        assert len(many) == len(few) <= 8


@pytest.fixture
def workload():
    """In 民生街道: 甲 visits two elders (one more ended, unassigned since), 乙 one; in 三塘镇 丙 visits one.

    All three are 探访人员 placed in their village.
    """
    east, santang = village_in("民生街道", "东村"), village_in("三塘镇")
    jia, yi = role_holder("visitor", east, first_name="甲"), role_holder("visitor", east, first_name="乙")
    bing = role_holder("visitor", santang, first_name="丙")
    first, second = assigned_elder(east, visitor=jia), assigned_elder(east, visitor=jia)
    ended = assigned_elder(east, visitor=jia)
    ended.assignments.update(end_date=date(2026, 1, 31))
    third = assigned_elder(east, visitor=yi)
    elsewhere = assigned_elder(santang, visitor=bing)
    for day in (2, 9, 30):
        submitted_visit(first, date(2026, 3, day), visitor=jia)
    submitted_visit(second, date(2026, 2, 27), visitor=jia)  # February
    submitted_visit(third, date(2026, 3, 3), visitor=yi)
    submitted_visit(elsewhere, date(2026, 3, 3), visitor=bing)
    long_ago = NOW - timedelta(days=30)
    visit_task(second, jia, long_ago)
    visit_task(third, yi, long_ago)
    visit_task(third, yi, NOW + timedelta(days=3))  # not yet due
    visit_task(elsewhere, bing, long_ago, status="DONE")  # done: not overdue
    return {"甲": jia, "乙": yi}


class TestVisitors:
    def test_by_visitor_in_a_township(self, workload):
        lines, total = visitor_figures(_township(), MARCH, now=NOW)
        assert [(line.label, line.elders, line.visits, line.overdue) for line in lines] == [
            ("甲", 2, 3, 1), ("乙", 1, 1, 1)]
        assert (total.visitors, total.elders, total.visits, total.overdue, total.elders_per_visitor) == (
            2, 3, 4, 2, 1.5)

    def test_by_township_in_a_county_without_names(self, workload):
        """Visitors placed there; elders due with a visitor and elders visited, from the rollup."""
        lines, total = visitor_figures(_county(), MARCH, now=NOW)
        by_name = _by_label(lines)
        assert (by_name["民生街道"].visitors, by_name["民生街道"].elders, by_name["民生街道"].visits,
                by_name["民生街道"].overdue) == (2, 3, 2, 2)
        assert (by_name["三塘镇"].visitors, by_name["三塘镇"].elders, by_name["三塘镇"].visits,
                by_name["三塘镇"].overdue) == (1, 1, 1, 0)
        assert (total.visitors, total.elders, total.visits, total.elders_per_visitor) == (3, 4, 3, 1.3)
        assert not any(line.label in ("甲", "乙", "丙") for line in lines)


class TestEmergencies:
    def test_counts_and_outcomes(self):
        elder = assigned_elder(village_in("民生街道", "东村"))
        emergency(elder, china(date(2026, 3, 3)), outcome="已送医，情况稳定")
        emergency(elder, china(date(2026, 3, 20)))
        emergency(elder, china(date(2026, 2, 20)), outcome="二月的")
        emergency(assigned_elder(village_in("三塘镇")), china(date(2026, 3, 8)), outcome="已处理")
        township = casework(_township(), MARCH, now=NOW).emergencies
        assert (township.total, township.handled, township.pending) == (2, 1, 1)
        assert [case.emergency_report.outcome if hasattr(case, "emergency_report") else None
                for case in township.listed] == [None, "已送医，情况稳定"]
        county = casework(_county(), MARCH, now=NOW).emergencies
        assert (county.total, county.handled) == (3, 2) and county.listed == []
        assert {line.label: (line.total, line.handled) for line in county.by_child if line.total} == {
            "民生街道": (2, 1), "三塘镇": (1, 1)}


def test_the_casework_costs_the_same_queries_with_more_people(workload):
    def queries(region):
        with CaptureQueriesContext(connection) as captured:
            casework(region, MARCH, now=NOW)
        return len(captured)

    queries(_county())  # builds March's rollup once
    before = {"county": queries(_county()), "township": queries(_township())}
    for _ in range(4):
        visitor = UserFactory()
        elder = assigned_elder(village_in("民生街道"), visitor=visitor)
        submitted_visit(elder, date(2026, 3, 12), visitor=visitor)
        visit_task(elder, visitor, NOW - timedelta(days=30))
        emergency(elder, china(date(2026, 3, 12)), outcome="已处理")
    assert {"county": queries(_county()), "township": queries(_township())} == before
