"""Back office: province administrators edit the visit frequency rules and surges; nobody else does."""

import pytest
from django.urls import reverse

from roles.models import Region
from tests.roles.factories import role_holder
from workflows.models import VisitFrequencyRule, VisitSurge

pytestmark = pytest.mark.django_db
RULES = "wagtailsnippets_workflows_visitfrequencyrule"
SURGES = "wagtailsnippets_workflows_visitsurge"


def test_province_administrator_edits_rules_and_adds_a_surge(client):
    client.force_login(role_holder("province_civil_affairs", "广西壮族自治区"))
    response = client.get(reverse(f"{RULES}:list"))
    assert response.status_code == 200 and "不少于一次" in response.content.decode()
    rule = VisitFrequencyRule.objects.get(category__code="disabled")
    response = client.post(reverse(f"{RULES}:edit", args=[rule.pk]), {
        "category": rule.category_id, "region": "", "interval_days": 14, "active": "on", "note": rule.note})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.interval_days == 14
    township = Region.objects.get(name="民生街道")
    response = client.post(reverse(f"{SURGES}:add"), {
        "region": township.pk, "start_date": "2026-07-01", "end_date": "2026-06-01", "interval_days": 7,
        "reason": "高温天气"})
    assert response.status_code == 200 and "结束日期不能早于开始日期。" in response.content.decode()
    response = client.post(reverse(f"{SURGES}:add"), {
        "region": township.pk, "start_date": "2026-07-01", "end_date": "2026-08-31", "interval_days": 7,
        "reason": "高温天气"})
    assert response.status_code == 302 and VisitSurge.objects.get().reason == "高温天气"


@pytest.mark.parametrize("role, region", [("county_civil_affairs", "兴宁区"), ("system_admin", "广西壮族自治区")])
def test_others_cannot_reach_them(client, role, region):
    client.force_login(role_holder(role, region))
    for name in (RULES, SURGES):
        response = client.get(reverse(f"{name}:list"))
        assert response.status_code in (302, 403)
