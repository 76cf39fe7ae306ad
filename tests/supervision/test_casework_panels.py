"""The dashboard's casework panels: Chinese tables, names of visitors from the township down only."""

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from registry.dates import china_today
from roles.models import Region
from tests.roles.factories import UserFactory
from tests.workflows.visit_factories import assigned_elder, submitted_visit, village_in

from .builders import china, emergency, referral

pytestmark = pytest.mark.django_db
TAG = Template("{% load casework_panels %}{% casework_panels region month %}")


@pytest.fixture
def this_month_work():
    today = china_today()
    visitor = UserFactory(first_name="莫志愿者")
    elder = assigned_elder(village_in("民生街道", "民乐村"), visitor=visitor)
    submitted_visit(elder, today, visitor=visitor)
    referral(elder, "health", timezone.now() - timedelta(minutes=5), today + timedelta(days=3))
    emergency(elder, china(today, 0, 5), outcome="已送医，情况稳定")


def _render(name, level):
    return TAG.render(Context({"region": Region.objects.get(name=name, level=level), "month": china_today()}))


def test_a_township_sees_its_visitors_by_name(this_month_work):
    html = _render("民生街道", "township")
    assert "转介办理" in html and "承办部门" in html and "满意" in html
    assert "莫志愿者" in html and "民乐村" in html and "已送医，情况稳定" in html
    assert "共 1 起：已处置 1 起" in html


def test_a_county_sees_counts_only(this_month_work):
    html = _render("兴宁区", "county")
    assert "民生街道" in html and "人均对象" in html
    assert "莫志愿者" not in html and "民乐村" not in html and "已送医" not in html
    assert "共 1 起：已处置 1 起" in html


def test_an_empty_month_renders(db):
    html = TAG.render(Context({"region": Region.objects.get(name="新竹街道"), "month": date(2020, 1, 1)}))
    assert "辖区内暂无探访人员" in html and "共 0 起" in html
