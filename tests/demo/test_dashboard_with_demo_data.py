"""Issue 11 on the demo data as ``county`` (武鸣区): the 监督看板's figures against direct counts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.cases import overdue_month
from demo.history import history_months
from forms.models import VisitRecord
from registry.models import Elder
from roles.models import Region
from tests.supervision.direct import census_directly, counted_directly
from workflows import schedule

pytestmark = pytest.mark.django_db
URL = reverse("supervision:dashboard")


def test_county_dashboard_on_the_demo(client, demo_data):
    client.force_login(get_user_model().objects.get(username="county"))
    county = Region.objects.get(code="450110000000")
    month = schedule.this_month()
    response = client.get(URL)
    assert response.status_code == 200 and response.context["region"] == county
    direct = counted_directly(county, month)
    total = response.context["report"].total
    assert {name: getattr(total, name) for name in direct} == direct
    assert len(response.context["trend"]) == 12 and response.context["trend"][-1].due == direct["due"]

    ranked = response.context["ranked"]
    assert {item.line.obj for item in ranked} == set(county.children.all())
    for item in ranked:
        assert {name: getattr(item.line, name) for name in direct} == counted_directly(item.line.obj, month)
    rates = [item.line.rate for item in ranked if item.line.rate is not None]
    assert rates == sorted(rates)

    census = response.context["census"]
    assert {name: getattr(census.total, name) for name in census_directly(county)} == census_directly(county)
    for line in census.by_child:
        assert {name: getattr(line, name) for name in census_directly(line.obj)} == census_directly(line.obj)

    township = Region.objects.get(code="450110100000")  # 城厢镇
    html = client.get(URL, {"region": township.pk}).content.decode()
    village = township.children.order_by("path").first()
    assert f"?region={village.pk}&amp;month={month:%Y-%m}" in html
    page = client.get(URL, {"region": village.pk})
    direct = counted_directly(village, month)
    assert f"尚未探访（{direct['due'] - direct['visited']}人）" in page.content.decode()
    assert len(page.context["rows"]) == min(direct["due"] - direct["visited"], 50)


def test_county_trend_on_the_demo_has_a_rising_history(client, demo_data):
    """The 11 months before this one read the demo's past visits, as counted on the raw tables."""
    client.force_login(get_user_model().objects.get(username="county"))
    county = Region.objects.get(code="450110000000")
    trend = client.get(URL).context["trend"]
    past = trend[:-1]
    assert [line.obj for line in past] == history_months()
    for line in past:
        assert line.built
        assert {name: getattr(line, name) for name in counted_directly(county, line.obj)} == counted_directly(
            county, line.obj)
        assert 0 < line.visited < line.due
    # The month the demo escalates leaves the volunteer's elders unvisited: the rise is read beside it.
    latest = [line for line in past if line.obj != overdue_month()][-1]
    assert past[0].rate < 75 < 80 < latest.rate  # the demo's share rises from 60 % to 95 % over the year


def test_past_visits_leave_out_the_escalated_month_and_lagging_villages(demo_data):
    volunteers = Elder.objects.filter(assignments__visitor__username="volunteer")
    month = overdue_month()
    assert not VisitRecord.objects.filter(elder__in=volunteers, visit_date__range=(month, schedule.month_end(month)))
    last = [first for first in history_months() if first != month][-1]  # 新联村's volunteer skipped ``month``
    lagging = counted_directly(Region.objects.get(code="450110100202"), last)  # 太平村
    others = counted_directly(Region.objects.get(code="450110100201"), last)  # 新联村
    assert lagging["visited"] / lagging["due"] < others["visited"] / others["due"]
