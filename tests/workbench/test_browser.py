"""The workbench on a phone, in Chromium: a volunteer logs in and opens an assigned elder."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from registry.dates import china_today
from registry.models import Assignment
from tests.workbench.visiting import GOOD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, site, username):
    page.goto(site.url + "/workbench/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def sign(page, key):
    """Draw a signature on the pad of field ``key``, scrolled to the middle (clear of the sticky buttons)."""
    canvas = page.locator(f"[data-signature]:has(#id_{key}__image) canvas")
    canvas.evaluate("canvas => canvas.scrollIntoView({block: 'center'})")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 90, steps=8)
    page.mouse.move(box["x"] + 220, box["y"] + 30, steps=8)
    page.mouse.up()


# The answers of section 五 that are one choice each (radio buttons), as in a good visit.
GOOD_CHOICES = {key: value for key, value in GOOD.items() if key != "visit_date" and "__" not in key}


def fill_visit_form(page, suggestions=None, **choices):
    """Fill section 五 with today's date and the good visit's choices but for ``choices`` (None
    leaves a question unanswered), write ``suggestions`` if given, and sign as the visitor."""
    page.locator("#id_visit_date").fill(china_today().isoformat())
    for name, value in {**GOOD_CHOICES, **choices}.items():
        if value is not None:
            page.locator(f"input[name={name}][value={value}]").check()
    if suggestions is not None:
        page.locator("#id_suggestions").fill(suggestions)
    sign(page, "visitor_signature")
    assert page.locator("#id_visitor_signature__image").input_value().startswith("data:image/png;base64,")


def test_volunteer_opens_an_assigned_elder_on_a_phone(demo_site, open_page, screenshot_dir):
    page = open_page(390, 844)
    log_in(page, demo_site, "volunteer")
    page.screenshot(path=screenshot_dir / "workbench-home-390.png", full_page=True)

    page.get_by_role("link", name="我的探访对象").first.click()
    page.wait_for_url("**/workbench/elders/")
    cards = page.locator(".elder-card")
    assert cards.count() == 10
    assert "********" not in page.content()  # visitors see no ID numbers, not even masked ones
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "workbench-elders-390.png", full_page=True)

    assigned = Assignment.objects.current().filter(visitor__username="volunteer").select_related("elder").first()
    page.get_by_role("link", name=assigned.elder.name).first.click()
    expect(page.get_by_role("heading", name=assigned.elder.name)).to_be_visible()
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
    expect(page.get_by_text("本次查看已记入审计日志")).to_be_visible()
    page.screenshot(path=screenshot_dir / "workbench-revealed-390.png", full_page=True)


def test_volunteer_fills_and_submits_a_visit_record_on_a_phone(demo_site, open_page, screenshot_dir, pdf_text):
    page = open_page(390, 844)
    page.goto(demo_site.url + "/accounts/login/?next=/workbench/")
    page.get_by_label("用户名").fill("volunteer")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")

    assigned = Assignment.objects.current().filter(visitor__username="volunteer").select_related("elder").first()
    page.goto(demo_site.url + "/workbench/elders/")
    page.get_by_role("link", name=assigned.elder.name).first.click()
    page.get_by_role("button", name="开始探访").click()
    page.wait_for_url(re.compile(r".*/workbench/visits/\d+/$"))
    assert page.locator("#id_name").input_value() == assigned.elder.name  # sections 一-四 prefilled

    fill_visit_form(page, visit_method=None, suggestions="每月上门探访一次")  # no method, on purpose
    assert not page.get_by_label("本人无法签字").is_checked()
    page.get_by_label("本人无法签字").check()
    page.get_by_label("无法签字的原因").fill("双手颤抖")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "workbench-visit-form-390.png", full_page=True)

    page.get_by_role("button", name="提交", exact=True).click()
    error = page.locator("#id_visit_method_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("此项为必填项")
    assert "有 1 处需要修改" in page.content()
    assert page.locator("input[name=mood][value=better]").is_checked()
    assert page.locator("#id_suggestions").input_value() == "每月上门探访一次"
    assert page.get_by_label("无法签字的原因").input_value() == "双手颤抖"
    assert page.get_by_label("本人无法签字").is_checked()
    assert page.locator("#id_visitor_signature__image").input_value().startswith("data:image/png;base64,")
    error.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "workbench-visit-error-390.png")

    page.locator("input[name=visit_method][value=home]").check()
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url(f"**/workbench/elders/{assigned.elder.pk}/")
    assert page.get_by_text(re.compile(r"探访记录已提交（第\d+次）")).is_visible()
    page.screenshot(path=screenshot_dir / "workbench-visit-submitted-390.png", full_page=True)

    # The record just submitted, printed from its page and read back as a PDF viewer would.
    page.locator(".visit-records a").first.click()
    print_link = page.get_by_role("link", name="打印探访记录")
    response = page.request.get(demo_site.url + print_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    for expected in ("特殊困难老年人探访关爱服务记录表", "探访方式", "燃气安全", "情绪状态", assigned.elder.name,
                     "每月上门探访一次", "双手颤抖"):
        assert expected in text, expected
    assert "☑ 上门探访" in text and "□ 电话问候" in text  # the chosen method ticked, the others not


def test_volunteer_edits_the_household_autosaves_and_sees_the_file_changes(demo_site, open_page, screenshot_dir):
    page = open_page(390, 844)
    log_in(page, demo_site, "volunteer")
    elder = Assignment.objects.current().filter(visitor__username="volunteer").select_related("elder").first().elder
    new_phone = "13912345678" if elder.phone != "13912345678" else "13987654321"
    page.goto(f"{demo_site.url}/workbench/elders/{elder.pk}/")
    page.get_by_role("button", name="开始探访").click()
    page.wait_for_url(re.compile(r".*/workbench/visits/\d+/$"))

    # 添加一行 in the household table; the draft is saved while typing, without a click.
    table = page.locator("[data-table]")
    rows_before = table.locator("[data-table-row]").count()
    page.get_by_role("button", name="添加一行").click()
    row = table.locator("[data-table-row]").last
    with page.expect_response(lambda r: r.url.endswith("/autosave/") and r.request.method == "POST") as saved:
        row.get_by_label("姓名").fill("李小明")
        row.get_by_label("性别").select_option("男")
        row.get_by_label("与户主关系").select_option("孙子女")
    assert saved.value.status == 200
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(re.compile(r"^已自动保存 \d\d:\d\d$"))  # the last save, not one in flight
    assert row.locator("legend").inner_text() == f"第 {rows_before + 1} 行"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "workbench-visit-household-390.png")

    page.reload()
    names = table.locator("[data-table-row] input[name$='-name']")
    assert names.count() == rows_before + 1 and names.last.input_value() == "李小明"

    # Submit with a changed phone: the changes to the file are listed first.
    page.locator("#id_phone").fill(new_phone)
    fill_visit_form(page)
    page.get_by_role("button", name="提交", exact=True).click()

    review = page.locator("#change-review")
    review.wait_for()
    text = review.inner_text()
    assert "联系电话（被探访人）" in text and new_phone in text and "李小明" in text
    assert page.locator("input[name=write_back]").count() == 0  # a visitor proposes, staff decide
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "workbench-visit-changes-390.png")
    review.get_by_role("button", name="确认提交").click()
    page.wait_for_url(f"**/workbench/elders/{elder.pk}/")
    assert page.get_by_text("档案变更已提交乡镇（街道）、村（社区）工作人员核实").is_visible()
