"""What a phone (390×844, Chromium) shows of the workbench: the visit form, task cards, the visit rate."""

import pytest

from registry.models import Elder
from tests.workbench.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = (390, 844)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_monthly_visit_rate_fits_a_phone(demo_site, open_page, screenshot_dir):
    page = open_page(*PHONE)
    log_in(page, demo_site, "county")
    page.goto(demo_site.url + "/workbench/cases/visits/rate/")
    categories = page.locator("table").filter(has_text="类别")
    categories.wait_for()
    assert categories.locator("tbody tr").count() >= 4
    page.screenshot(path=screenshot_dir / "visit-rate-390.png", full_page=True)
    assert page_width(page) <= 390
    # Every column is on screen: nothing is left to a sideways scroll inside the page either.
    box = categories.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def assert_tap_target(locator):
    box = locator.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, (locator, box)


def test_task_cards_lead_with_the_elders_name_in_tap_sized_targets(demo_site, open_page, screenshot_dir):
    page = open_page(*PHONE)
    log_in(page, demo_site, "volunteer")
    first = page.locator(".next-tasks .task-card").first
    name = first.locator(".task-card__title")
    assert Elder.objects.filter(name=name.inner_text()).exists()  # the name, not 上门探访
    assert "上门探访" in first.locator(".task-card__meta").inner_text()
    assert_tap_target(name)

    page.get_by_role("link", name="我的待办").click()
    page.wait_for_url("**/workbench/cases/")
    card = page.locator(".task-list .task-card").first
    title = card.locator(".task-card__title")
    elder = Elder.objects.get(name=title.inner_text())
    for target in (title, card.get_by_role("link", name="档案"), card.get_by_role("link", name="办理")):
        assert_tap_target(target)
    assert page_width(page) <= 390
    page.screenshot(path=screenshot_dir / "inbox-cards-390.png", full_page=True)
    card.get_by_role("link", name="档案").click()
    page.wait_for_url(f"**/workbench/elders/{elder.pk}/")
    call = page.locator(f'a[href="tel:{elder.first_contact_phone}"]').first
    assert_tap_target(call)

