"""The public site in Chromium: reach the departments page from the menu on a phone and a desktop.

``live_server`` needs committed data, so these tests are transactional. ``serialized_rollback``
restores what migrations created (root page, default Site, regions, departments) at the start of
each test, and pytest-django runs transactional tests after all the others, so the flush at the
end of a test takes no rows away from a test that expects them.
"""

import pytest
from wagtail.models import Page, Site

from policy_pages.setup import load_site_pages
from roles.models import Department, Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = [(375, 812), (1280, 800)]
BODY_FONT_SIZE = "parseFloat(getComputedStyle(document.body).fontSize)"


@pytest.fixture
def site(live_site):
    load_site_pages()
    return live_site


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=["phone", "desktop"])
def test_menu_leads_to_departments_and_large_text_enlarges_type(
    site, open_page, screenshot_dir, width, height
):
    page = open_page(width, height)
    page.goto(site.url + "/")
    assert page.locator("h1").inner_text() == "探访关爱"
    assert page.evaluate(BODY_FONT_SIZE) >= 18
    page.screenshot(path=screenshot_dir / f"home-{width}.png", full_page=True)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="部门职责").click()
    page.wait_for_url("**/departments/")
    assert page.get_by_role("heading", name="消防救援机构").is_visible()
    assert page.locator("a[aria-current=page]").inner_text() == "部门职责"
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_dir / f"departments-{width}.png", full_page=True)

    toggle = page.get_by_role("button", name="大字")
    normal_size = page.evaluate(BODY_FONT_SIZE)
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate(BODY_FONT_SIZE) >= max(22, normal_size + 4)
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_dir / f"departments-large-text-{width}.png", full_page=True)

    page.reload()  # the choice is remembered
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    assert page.evaluate(BODY_FONT_SIZE) >= 22


@pytest.mark.parametrize("path", ["/policy/", "/record-form/", "/news/", "/search/?query=探访"])
def test_other_pages_fit_a_phone_screen(site, open_page, screenshot_dir, path):
    page = open_page(375, 812)
    page.goto(site.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    name = path.strip("/").split("/")[0].split("?")[0]
    page.screenshot(path=screenshot_dir / f"{name}-375.png", full_page=True)


def test_rows_from_migrations_are_back_after_the_browser_tests():
    """Runs after the tests above: the flush each of them ends with has been undone."""
    assert Page.get_first_root_node() is not None
    assert Site.objects.get(is_default_site=True).root_page.title == "Welcome to your new Wagtail site!"
    assert Department.objects.count() == 11
    assert Region.objects.filter(level="county").exists()
