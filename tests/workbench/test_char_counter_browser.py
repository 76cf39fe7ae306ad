"""The phone counts characters against each text box's maximum (issue 9 item 4), at 390×844."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.roles.factories import DEFAULT_PASSWORD, VillageFactory, region_named, role_holder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_text_boxes_show_a_counter_driven_by_maxlength(live_site, open_page, screenshot_dir):
    VillageFactory(parent=region_named("民生街道"))
    user = role_holder("township_officer", "民生街道")
    page = open_page(390, 844)
    page.goto(live_site.url + reverse("workbench:elder_create"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**" + reverse("workbench:elder_create"))

    measures = page.locator("#id_assistance_measures")
    counter = page.locator("#id_assistance_measures_counter")
    expect(counter).to_have_text("已输入0/500字")
    measures.fill("每周电话问候")
    expect(counter).to_have_text("已输入6/500字")
    measures.evaluate("box => { box.value = '帮'.repeat(500); box.dispatchEvent(new Event('input')); }")
    expect(counter).to_have_text("已达到最多500字")
    counter.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "char-counter-390.png")

    name_counter = page.locator("#id_name_counter")  # a one-line box: counted once it is 80% full
    expect(name_counter).to_be_hidden()
    page.locator("#id_name").fill("名" * 32)
    expect(name_counter).to_have_text("已输入32/40字")
