"""Issue 10 on the demo data: 城厢镇's monthly visit rate counts every elder due, 未分配 shown, on every screen."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registry.models import Elder
from roles.models import Region
from tests.supervision.direct import counted_directly
from workflows import schedule
from workflows.visit_rate import elders_listed, visit_rate

pytestmark = pytest.mark.django_db


def test_chengxiang_counts_every_elder_due_on_every_screen(client, demo_data):
    township = Region.objects.get(code="450110100000")
    month = schedule.this_month()
    expected = counted_directly(township, month)
    assert expected["due"] + expected["declined"] == Elder.objects.within(township).active().count() == 92
    assert expected["unassigned"] > 70  # 10 of them have a visitor in the demo

    total = visit_rate(township, month).total
    assert {name: getattr(total, name) for name in expected} == expected

    users = get_user_model().objects
    client.force_login(users.get(username="township"))
    card = client.get(reverse("workbench:home")).content.decode()
    assert f"已探访 {expected['visited']} / 应探访 {expected['due']}" in card
    assert f"未分配探访人员 {expected['unassigned']}" in card
    page = client.get(reverse("workflows:visit_rate"), {"region": township.pk}).content.decode()
    assert f"已探访 {expected['visited']} / 应探访 {expected['due']}" in page
    assert "未分配探访人员" in page and f"未分配探访人员（{expected['unassigned']}人）" in page
    assert f"不同意探访（{expected['declined']}人）" in page

    client.force_login(users.get(username="county"))
    county_page = client.get(reverse("workflows:visit_rate"), {"region": township.parent_id}).content.decode()
    row = county_page.split(f'>{township.name}</a></td>')[1].split("</tr>")[0]
    assert row.startswith(f"<td>{expected['due']}</td><td>{expected['visited']}</td>")

    listed, after = [], None
    while True:
        elders, after = elders_listed(township, month, "not_visited", after)
        listed += elders
        if after is None:
            break
    assert len(listed) == len({elder.pk for elder in listed}) == expected["due"] - expected["visited"]
