"""workflows.schedule: frequency rules, periods, due/overdue and the month semantics."""

from datetime import UTC, date, datetime, timedelta

import pytest

from registry.models import Category, Elder
from roles.models import Region
from workflows import schedule
from workflows.models import VisitFrequencyRule, VisitSurge
from workflows.schedule import Period, parse_month, period_for

from .visit_factories import assigned_elder, submitted_visit, village_in

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


def _category(code):
    return Category.objects.get(code=code)


class TestDefaultRules:
    def test_every_category_is_visited_monthly_by_default(self):
        rules = VisitFrequencyRule.objects.filter(active=True, region=None)
        assert sorted(rules.values_list("category__code", flat=True)) == sorted(
            Category.objects.values_list("code", flat=True))
        assert set(rules.values_list("interval_days", flat=True)) == {30}
        assert "不少于一次" in rules.get(category__code="disabled").note

    def test_an_elder_is_visited_monthly(self):
        assert schedule.interval_in_force(assigned_elder(), MARCH) == 30

    def test_no_rule_at_all_still_means_monthly(self):
        VisitFrequencyRule.objects.update(active=False)
        assert schedule.interval_in_force(assigned_elder(), MARCH) == 30


class TestRules:
    def test_category_rule_in_a_region_subtree(self):
        VisitFrequencyRule.objects.create(category=_category("disabled"), region=Region.objects.get(name="兴宁区"),
                                          interval_days=7)
        inside = assigned_elder(village_in("民生街道"), categories=["disabled"])
        other_category = assigned_elder(village_in("民生街道"), categories=["empty_nest"])
        outside = assigned_elder(village_in("新竹街道"), categories=["disabled"])
        assert schedule.interval_in_force(inside, MARCH) == 7
        assert schedule.interval_in_force(other_category, MARCH) == 30
        assert schedule.interval_in_force(outside, MARCH) == 30

    def test_the_most_frequent_rule_wins(self):
        VisitFrequencyRule.objects.create(category=None, region=None, interval_days=14)
        VisitFrequencyRule.objects.create(category=_category("empty_nest"), region=None, interval_days=91)
        assert schedule.interval_in_force(assigned_elder(categories=["empty_nest"]), MARCH) == 14

    def test_inactive_rules_do_not_count(self):
        VisitFrequencyRule.objects.create(category=None, region=None, interval_days=7, active=False)
        assert schedule.interval_in_force(assigned_elder(), MARCH) == 30

    def test_less_frequent_rule_applies_once_the_default_is_off(self):
        VisitFrequencyRule.objects.filter(category__code="empty_nest").update(active=False)
        VisitFrequencyRule.objects.create(category=_category("empty_nest"), interval_days=91)
        assert schedule.interval_in_force(assigned_elder(categories=["empty_nest"]), MARCH) == 91


class TestSurges:
    def _surge(self, **fields):
        values = {"region": Region.objects.get(name="民生街道"), "start_date": date(2026, 2, 10),
                  "end_date": date(2026, 2, 24), "interval_days": 7, "reason": "春节"}
        return VisitSurge.objects.create(**{**values, **fields})

    def test_surge_wins_in_its_subtree_while_it_lasts(self):
        self._surge()
        inside, outside = assigned_elder(village_in("民生街道")), assigned_elder(village_in("新竹街道"))
        assert schedule.interval_in_force(inside, date(2026, 2, 15)) == 7
        assert schedule.interval_in_force(inside, date(2026, 2, 25)) == 30
        assert schedule.interval_in_force(outside, date(2026, 2, 15)) == 30

    def test_a_less_frequent_surge_changes_nothing(self):
        self._surge(interval_days=91)
        assert schedule.interval_in_force(assigned_elder(village_in("民生街道")), date(2026, 2, 15)) == 30

    def test_end_before_start_is_refused(self):
        from django.core.exceptions import ValidationError

        surge = VisitSurge(region=Region.objects.get(name="民生街道"), start_date=date(2026, 2, 10),
                           end_date=date(2026, 2, 1), interval_days=7, reason="高温天气")
        with pytest.raises(ValidationError) as info:
            surge.full_clean()
        assert info.value.message_dict == {"end_date": ["结束日期不能早于开始日期。"]}


class TestOverride:
    def test_visits_per_month_raises_the_frequency(self):
        table = schedule.FrequencyTable(MARCH)
        assert table.interval(set(), "450000000000/", visits_per_month=4) == 7
        assert table.interval(set(), "450000000000/", visits_per_month=None) == 30
        assert schedule.override_interval(2) == 15

    def test_the_current_assignment_sets_it_for_its_elder(self):
        elder = assigned_elder()
        assert schedule.interval_in_force(elder, MARCH) == 30
        elder.assignments.current().update(visits_per_month=4)
        assert schedule.interval_in_force(elder, MARCH) == 7
        elder.assignments.current().update(visits_per_month=None)
        assert schedule.interval_in_force(elder, MARCH) == 30


class TestPeriods:
    def test_monthly(self):
        assert period_for(30, date(2026, 2, 14)) == Period(date(2026, 2, 1), date(2026, 2, 28))
        assert period_for(30, date(2024, 2, 29)) == Period(date(2024, 2, 1), date(2024, 2, 29))

    def test_weekly_is_monday_to_sunday(self):
        assert period_for(7, date(2026, 3, 4)) == Period(date(2026, 3, 2), date(2026, 3, 8))

    def test_two_monthly_and_quarterly_are_calendar_blocks(self):
        assert period_for(61, date(2026, 4, 30)) == Period(date(2026, 3, 1), date(2026, 4, 30))
        assert period_for(91, date(2026, 11, 29)) == Period(date(2026, 10, 1), date(2026, 12, 31))

    def test_parse_month(self):
        assert parse_month("2026-03") == MARCH
        for bad in ("2026-13", "2026", "三月", "2026-03-01", ""):
            with pytest.raises(ValueError, match="月份格式不正确"):
                parse_month(bad)


class TestDueAndOverdue:
    def test_due_moment_is_midnight_after_the_due_date_in_shanghai(self):
        moment = schedule.due_at(date(2026, 1, 31))
        assert moment == datetime(2026, 1, 31, 16, 0, tzinfo=UTC)

    def test_overdue_after_the_grace_period(self, settings):
        moment = schedule.due_at(date(2026, 1, 31))
        assert not schedule.is_overdue(moment, now=moment + timedelta(days=3) - timedelta(seconds=1))
        assert schedule.is_overdue(moment, now=moment + timedelta(days=3))
        settings.TANFANG_VISIT_GRACE_DAYS = 0
        assert schedule.is_overdue(moment, now=moment)

    def test_this_month_is_counted_in_shanghai(self):
        # 2026-01-31 16:30 UTC is already 1 February in Guangxi.
        assert schedule.this_month(datetime(2026, 1, 31, 16, 30, tzinfo=UTC)) == date(2026, 2, 1)
        assert schedule.this_month(datetime(2026, 1, 31, 15, 59, tzinfo=UTC)) == date(2026, 1, 1)

    def test_next_due_date(self):
        elder = assigned_elder()
        assert schedule.next_due_date(elder, date(2026, 3, 10)) == date(2026, 3, 31)
        submitted_visit(elder, date(2026, 3, 5))
        assert schedule.next_due_date(elder, date(2026, 3, 10)) == date(2026, 4, 30)


class TestMonths:
    def test_visited_in_month_counts_the_visit_date(self):
        elder = assigned_elder()
        submitted_visit(elder, date(2026, 1, 31))
        assert schedule.visited_in(elder, date(2026, 1, 1))
        assert not schedule.visited_in(elder, date(2026, 2, 1))

    def test_a_draft_is_not_a_visit(self):
        from forms.services import start_visit

        elder = assigned_elder()
        start_visit(elder, elder.assignments.get().visitor)
        assert not schedule.visited_in(elder, schedule.this_month())

    def test_due_every_month_when_monthly(self):
        elder = assigned_elder()
        assert all(schedule.due_in(elder, date(2026, month, 1)) for month in range(1, 13))

    def test_quarterly_is_due_in_the_last_month_and_any_visit_of_the_quarter_counts(self):
        VisitFrequencyRule.objects.filter(category__code="empty_nest").update(interval_days=91)
        elder = assigned_elder(categories=["empty_nest"])
        assert [schedule.due_in(elder, date(2026, month, 1)) for month in (1, 2, 3)] == [False, False, True]
        submitted_visit(elder, date(2026, 1, 20))
        assert schedule.visited_in(elder, MARCH)

    def test_due_without_a_visitor_not_outside_the_register(self):
        unassigned = assigned_elder()
        unassigned.assignments.update(end_date=date(2026, 1, 31))
        assert schedule.due_in(unassigned, date(2026, 1, 1))
        assert schedule.due_in(unassigned, date(2026, 2, 1))
        [standing] = schedule.month_standing(Elder.objects.filter(pk=unassigned.pk), date(2026, 2, 1))
        assert standing.unassigned and not standing.declined
        late = assigned_elder(since=date(2026, 3, 15))
        assert not schedule.due_in(late, date(2026, 2, 1))
        assert schedule.due_in(late, MARCH)

    def test_declined_is_not_due_but_counted_apart(self):
        elder = assigned_elder(consents_to_visits=False)
        [standing] = schedule.month_standing(Elder.objects.filter(pk=elder.pk), MARCH)
        assert standing.declined and not standing.due

    @pytest.mark.parametrize("status", ["pending", "rejected", "merged"])
    def test_records_the_census_has_not_accepted_are_never_due(self, status):
        assert not schedule.due_in(assigned_elder(status=status), MARCH)

    def test_left_the_register_during_a_month_stays_due_for_it(self):
        elder = assigned_elder()
        elder.status, elder.status_date = "deceased", date(2026, 3, 10)
        elder.save()
        assert schedule.due_in(elder, date(2026, 2, 1))
        assert schedule.due_in(elder, MARCH)
        assert not schedule.due_in(elder, date(2026, 4, 1))
