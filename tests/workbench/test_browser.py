"""The workbench on a phone, in Chromium: a volunteer logs in and opens an assigned elder."""

import pytest
from django.core.management import call_command

from demo.accounts import DEMO_PASSWORD
from registry.models import Assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_site(live_site, settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    settings.DEBUG = False
    return live_site


def log_in(page, site, username):
    page.goto(site.url + "/workbench/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def test_volunteer_opens_an_assigned_elder_on_a_phone(demo_site, open_page, screenshot_dir):
    page = open_page(390, 844)
    log_in(page, demo_site, "volunteer")
    page.screenshot(path=screenshot_dir / "workbench-home-390.png", full_page=True)

    page.get_by_role("link", name="我的探访对象").first.click()
    cards = page.locator(".elder-card")
    assert cards.count() == 10
    assert "********" not in page.content()  # visitors see no ID numbers, not even masked ones
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "workbench-elders-390.png", full_page=True)

    assigned = Assignment.objects.current().filter(visitor__username="volunteer").select_related("elder").first()
    page.get_by_role("link", name=assigned.elder.name).first.click()
    assert page.get_by_role("heading", name=assigned.elder.name).is_visible()
    assert page.get_by_text(assigned.elder.first_contact_phone).first.is_visible()
    assert assigned.elder.id_number not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "workbench-elder-390.png", full_page=True)


def test_township_officer_reveals_an_id_number_with_a_reason(demo_site, open_page, screenshot_dir):
    page = open_page(390, 844)
    log_in(page, demo_site, "township")
    page.goto(demo_site.url + "/workbench/elders/")
    page.locator(".elder-card a").first.click()
    page.get_by_text("查看完整身份证号和电话").click()
    page.get_by_label("查看理由").fill("核对身份办理救助")
    page.get_by_role("button", name="确认查看").click()
    assert page.get_by_text("本次查看已记入审计日志").is_visible()
    page.screenshot(path=screenshot_dir / "workbench-revealed-390.png", full_page=True)
