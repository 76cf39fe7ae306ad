"""Issue 11 on the demo data as ``county`` (武鸣区): the 监督看板's figures against direct counts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

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
