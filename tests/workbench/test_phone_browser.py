"""What a phone (390×844, Chromium) shows of the workbench: the visit form, task cards, the visit rate."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from forms.models import VisitRecord
from registry.dates import china_today
from registry.id_numbers import build_id_number
from registry.models import Assignment, Elder
from tests.workbench.test_browser import fill_visit_form, log_in

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
    file_link = card.get_by_role("link", name="档案").get_attribute("href")
    elder = Elder.objects.get(pk=re.search(r"/elders/(\d+)/", file_link)[1])
    assert title.inner_text() == elder.name
    for target in (title, card.get_by_role("link", name="档案"), card.get_by_role("link", name="办理")):
        assert_tap_target(target)
    assert page_width(page) <= 390
    page.screenshot(path=screenshot_dir / "inbox-cards-390.png", full_page=True)
    card.get_by_role("link", name="档案").click()
    page.wait_for_url(f"**/workbench/elders/{elder.pk}/")
    call = page.locator(f'a[href="tel:{elder.first_contact_phone}"]').first
    assert_tap_target(call)


def start_visit_on_a_phone(page, site, username="volunteer"):
    """Log in, open the first elder assigned to ``username`` and start (or reopen) a visit."""
    log_in(page, site, username)
    elder = Assignment.objects.current().filter(visitor__username=username).select_related("elder").first().elder
    page.goto(f"{site.url}/workbench/elders/{elder.pk}/")
    page.get_by_role("button", name="开始探访").click()
    page.wait_for_url(re.compile(r".*/workbench/visits/\d+/$"))
    return elder, VisitRecord.objects.drafts().get(elder=elder, created_by__username=username)


def in_view(locator):
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < PHONE[1]


def test_the_visit_form_has_an_index_marks_and_a_banner_that_leads_to_each_error(demo_site, open_page,
                                                                                 screenshot_dir):
    page = open_page(*PHONE)
    start_visit_on_a_phone(page, demo_site)
    assert page.locator("#id_visit_date").input_value() == china_today().isoformat()
    index = page.get_by_role("navigation", name="表格目录")
    assert index.get_by_role("link").all_inner_texts() == [
        "一、探访对象基本情况", "二、家庭基本情况", "三、家庭生活条件", "四、已享受帮扶情况", "五、探访情况"]
    assert page.locator("#section-6").count() == 0 and page.get_by_text("关爱服务情况").count() == 0
    assert page.locator("label[for=id_name] .required-mark").is_visible()
    sexes = page.locator("[data-table-row] select[name$='-sex']").first.locator("option").all_inner_texts()
    assert sexes == ["请选择", "男", "女"]
    assert page_width(page) <= 390
    page.screenshot(path=screenshot_dir / "visit-form-index-390.png")

    index.get_by_role("link", name="五、探访情况").click()
    expect(page.locator("#section-5 > legend")).to_be_in_viewport()
    page.get_by_role("button", name="提交", exact=True).click()  # nothing of section 五 answered
    banner = page.locator("#error-summary")
    expect(banner).to_be_in_viewport()  # the page opens at the list, not where the index had jumped to
    links = banner.get_by_role("link")
    assert links.count() == 8  # each required question of section 五 left blank (探访日期 is today's)
    assert links.first.inner_text().startswith("探访方式：此项为必填项")
    page.screenshot(path=screenshot_dir / "visit-form-errors-390.png")
    links.first.click()
    expect(page.locator("#id_visit_method_0")).to_be_in_viewport()
    assert page_width(page) <= 390


def local_storage(page):
    return page.evaluate("JSON.stringify(window.localStorage)")


def test_what_is_typed_offline_stays_on_the_phone_until_it_is_submitted(demo_site, open_page, screenshot_dir):
    page = open_page(*PHONE)
    context = page.context
    elder, record = start_visit_on_a_phone(page, demo_site)
    id_number = build_id_number("450110", date(2016, 5, 4), 17)
    page.locator("#id_suggestions").fill("每月上门探访一次")
    page.get_by_role("button", name="添加一行").click()
    row = page.locator("[data-table-row]").last
    row.get_by_label("姓名").fill("李小明")
    row.get_by_label("性别").select_option("男")
    id_cell = row.get_by_label("公民身份号码")
    if id_cell.count():  # where the visitor is shown the column at all
        id_cell.fill(id_number)

    context.set_offline(True)
    page.get_by_role("button", name="提交", exact=True).click()
    notice = page.locator("[data-local-notice]")
    expect(notice).to_have_text("网络已断开，内容已保存在本机，恢复网络后再提交")
    assert re.search(rf"/workbench/visits/{record.pk}/$", page.url)  # still the form, not the offline page
    assert page.locator("#id_suggestions").input_value() == "每月上门探访一次"
    page.screenshot(path=screenshot_dir / "visit-form-offline-390.png")
    stored = local_storage(page)
    assert "每月上门探访一次" in stored and "李小明" in stored
    assert id_number not in stored and not re.search(r"\d{17}[\dX]", stored)  # never an ID number
    assert page.evaluate("""() => {  // leaving now would lose input: the browser asks first
        const event = new Event("beforeunload", {cancelable: true});
        window.dispatchEvent(event);
        return event.defaultPrevented;
    }""")

    # Back online, but nothing reaches the server before the page is reloaded (the beacon sent
    # as the page goes is lost too): the copy comes back.
    context.route("**/autosave/", lambda route: route.abort())
    page.evaluate("navigator.sendBeacon = () => true")
    context.set_offline(False)
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(notice).to_contain_text("已恢复本机保存的内容")
    assert page.locator("#id_suggestions").input_value() == "每月上门探访一次"
    names = page.locator("[data-table-row] input[name$='-name']")
    assert names.last.input_value() == "李小明"
    restored = page.locator("[data-table-row]").last
    assert restored.get_by_label("性别").input_value() == "男"
    if id_cell.count():
        assert restored.get_by_label("公民身份号码").input_value() == ""  # not kept, so not restored
    record.refresh_from_db()
    assert not record.plain_answers().get("suggestions")  # it came from the phone, not the server
    page.screenshot(path=screenshot_dir / "visit-form-restored-390.png")

    context.unroute("**/autosave/")
    fill_visit_form(page)
    page.get_by_role("button", name="提交", exact=True).click()
    page.locator("#change-review").get_by_role("button", name="确认提交").click()
    page.wait_for_url(f"**/workbench/elders/{elder.pk}/")
    assert "tanfang.visit." not in local_storage(page)  # submitted: the copy is gone
