"""The back office's dashboard: a province or county officer sees their region's key figures, in Chinese."""

import pytest
from django.urls import reverse

from registry.dates import china_today
from roles.models import Region
from tests.roles.factories import role_holder
from tests.workflows.visit_factories import assigned_elder, submitted_visit, village_in

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("wagtailadmin_home")


@pytest.fixture
def month_in_xingning():
    """兴宁区 this month: two elders of 民生街道 due, one visited; one of 三塘镇 due, not visited."""
    visited = assigned_elder(village_in("民生街道"))
    assigned_elder(village_in("民生街道"))
    assigned_elder(village_in("三塘镇"))
    submitted_visit(visited, china_today())


def test_a_province_officer_sees_the_province(client, month_in_xingning):
    client.force_login(role_holder("province_civil_affairs", Region.objects.get(level="province")))
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    today = china_today()
    assert f"广西壮族自治区探访关爱工作（{today.year}年{today.month}月）" in page.text
    assert "月探访率：<strong>33.3%</strong>（目标100%）；已探访 1 / 应探访 3" in page.text
    assert "探访率最低的下级区域" in page.text and "南宁市" in page.text
    assert reverse("supervision:reports") in page.text


def test_a_county_officer_sees_its_townships_lowest_first(client, month_in_xingning):
    client.force_login(role_holder("county_civil_affairs", "兴宁区"))
    text = client.get(DASHBOARD).text
    assert "已探访 1 / 应探访 3" in text
    assert text.index("三塘镇") < text.index("民生街道")


def test_an_administrator_without_a_region_gets_no_panel(client, month_in_xingning):
    client.force_login(role_holder("system_admin", "兴宁区"))
    page = client.get(DASHBOARD)
    assert page.status_code == 200 and "探访关爱工作（" not in page.text
