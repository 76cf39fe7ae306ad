"""What a phone (390×844, Chromium) shows of the workbench: the visit form, task cards, the visit rate."""

import pytest

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
