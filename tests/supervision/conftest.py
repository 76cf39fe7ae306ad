import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _forget_rollup_builds_asked_for():
    """``supervision.figures`` asks once per half hour for a month's rollup: each test's database starts empty."""
    cache.clear()
