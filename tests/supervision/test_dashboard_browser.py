"""The 监督看板 on a phone (390×844, Chromium) as the demo's county officer: the chart, then taps down to a village."""

import re

import pytest
from playwright.sync_api import expect

from roles.models import Region
from tests.workbench.test_browser import log_in
from tests.workbench.test_phone_browser import PHONE, assert_tap_target, page_width
from workflows.schedule import this_month
from workflows.visit_rate import visit_rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fits(page, locator):
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], (locator, box)


def test_county_officer_drills_down_to_a_villages_not_visited_elders(demo_site, open_page, screenshot_dir):
    page = open_page(*PHONE)
    log_in(page, demo_site, "county")
    expect(page.locator(".dashboard-panel svg")).to_be_visible()  # the start page's panel
    assert page_width(page) <= PHONE[0]
    page.screenshot(path=screenshot_dir / "dashboard-start-page-390.png", full_page=True)
    page.get_by_role("link", name="监督看板", exact=True).click()
    page.wait_for_url("**/workbench/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("武鸣区监督看板")
    chart = page.get_by_role("img", name="武鸣区近12个月月探访率与100%目标")
    expect(chart).to_be_visible()
    fits(page, chart)
    assert page.locator(".trend-table tbody tr").count() == 12
    assert page_width(page) <= PHONE[0]
    page.screenshot(path=screenshot_dir / "dashboard-county-390.png", full_page=True)

    first = page.locator(".ranked__link").first
    assert_tap_target(first)
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{name}监督看板")
    assert page_width(page) <= PHONE[0]

    # The lowest village with someone not visited this month.
    month = this_month()
    township = Region.objects.get(name=name, level="township", parent__code="450110000000")
    target = min((line for line in visit_rate(township, month).by_child if line.not_visited),
                 key=lambda line: (line.rate, line.obj.path))
    link = page.locator(".ranked__link", has_text=re.compile(f"^{target.label}$"))
    assert_tap_target(link)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{target.label}监督看板")
    listed = page.locator("#not-visited .not-visited-card")
    expect(page.locator("#not-visited h2")).to_have_text(f"尚未探访（{target.not_visited}人）")
    assert listed.count() == min(target.not_visited, 50)
    fits(page, listed.first)
    assert page_width(page) <= PHONE[0]
    page.screenshot(path=screenshot_dir / "dashboard-village-390.png", full_page=True)
