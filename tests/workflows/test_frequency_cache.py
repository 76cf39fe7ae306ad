"""The frequency rules and surges cached between transactions (``workflows.schedule.frequency_settings``).

Transactional (the cache is used outside transactions), so in a file of its own: pytest-django runs
transactional tests after the others, and pytest-xdist hands out whole files (``--dist loadfile``).
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction

from roles.models import Region
from workflows import schedule
from workflows.models import VisitFrequencyRule, VisitSurge


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestFrequencySettingsCache:
    """Rules and surges are read once and cached outside transactions; writing one drops the copy."""

    def test_cached_until_a_rule_or_surge_is_written(self, django_assert_num_queries):
        cache.clear()
        with django_assert_num_queries(2):
            rules, surges = schedule.frequency_settings()
        with django_assert_num_queries(0):
            assert schedule.frequency_settings() == (rules, surges)
        rule = VisitFrequencyRule.objects.create(category=None, region=Region.objects.get(name="兴宁区"),
                                                 interval_days=14)
        assert schedule.Rule(14, None, rule.region.path) in schedule.frequency_settings()[0]
        surge = VisitSurge.objects.create(region=Region.objects.get(name="民生街道"), start_date=date(2026, 7, 1),
                                          end_date=date(2026, 8, 31), reason="高温天气")
        assert [s.path for s in schedule.frequency_settings()[1]] == [surge.region.path]
        rule.delete()
        assert schedule.Rule(14, None, rule.region.path) not in schedule.frequency_settings()[0]

    def test_a_transaction_that_wrote_a_rule_reads_the_database(self, django_assert_num_queries):
        cache.clear()
        schedule.frequency_settings()
        with transaction.atomic():
            with django_assert_num_queries(0):
                schedule.frequency_settings()
            VisitFrequencyRule.objects.create(category=None, region=None, interval_days=7)
            with django_assert_num_queries(2):
                assert schedule.Rule(7, None, "") in schedule.frequency_settings()[0]
            with django_assert_num_queries(2):
                schedule.frequency_settings()  # and caches nothing
            transaction.set_rollback(True)
        with django_assert_num_queries(2):
            assert schedule.Rule(7, None, "") not in schedule.frequency_settings()[0]
        with transaction.atomic(), django_assert_num_queries(0):
            schedule.frequency_settings()  # the next transaction reads the cache again
