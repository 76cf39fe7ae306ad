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


def test_volunteer_fills_and_submits_a_visit_record_on_a_phone(demo_site, open_page, screenshot_dir):
    import re

    from registry.dates import china_today

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

    # Everything but the visit method, which is left empty on purpose.
    page.locator("#id_visit_date").fill(china_today().isoformat())
    for name, value in [("family_change", "no_change"), ("expression", "no_change"), ("mobility", "no_change"),
                        ("illness", "no_change"), ("mood", "better"), ("gas_safety", "safe"),
                        ("water_heating_safety", "safe"), ("electricity_safety", "safe"), ("fire_safety", "safe"),
                        ("personal_hygiene", "no_change"), ("home_hygiene", "no_change"),
                        ("indoor_environment", "no_change"), ("emergency", "false")]:
        page.locator(f"input[name={name}][value={value}]").check()
    page.locator("#id_suggestions").fill("每月上门探访一次")
    sign(page, "visitor_signature")
    assert page.locator("#id_visitor_signature__image").input_value().startswith("data:image/png;base64,")
    page.get_by_label("本人无法签字").check()
    page.get_by_label("无法签字的原因").fill("双手颤抖")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "workbench-visit-form-390.png", full_page=True)

    page.get_by_role("button", name="提交", exact=True).click()
    error = page.locator("#id_visit_method_error")
    assert error.is_visible() and "此项为必填项" in error.inner_text()
    assert "有 1 处需要修改" in page.content()
    assert page.locator("input[name=mood][value=better]").is_checked()
    assert page.locator("#id_suggestions").input_value() == "每月上门探访一次"
    assert page.get_by_label("无法签字的原因").input_value() == "双手颤抖"
    assert page.locator("#id_visitor_signature__image").input_value().startswith("data:image/png;base64,")
    error.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "workbench-visit-error-390.png")

    page.locator("input[name=visit_method][value=home]").check()
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url(f"**/workbench/elders/{assigned.elder.pk}/")
    assert page.get_by_text(re.compile(r"探访记录已提交（第\d+次）")).is_visible()
    page.screenshot(path=screenshot_dir / "workbench-visit-submitted-390.png", full_page=True)


def test_volunteer_edits_the_household_autosaves_and_sees_the_file_changes(demo_site, open_page, screenshot_dir):
    import re

    from registry.dates import china_today

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
        row.get_by_label("性别").fill("男")
        row.get_by_label("与户主关系").fill("孙子女")
    assert saved.value.status == 200
    status = page.locator("[data-autosave-status]")
    assert re.fullmatch(r"已自动保存 \d\d:\d\d", status.inner_text())
    assert row.locator("legend").inner_text() == f"第 {rows_before + 1} 行"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "workbench-visit-household-390.png")

    page.reload()
    names = table.locator("[data-table-row] input[name$='-name']")
    assert names.count() == rows_before + 1 and names.last.input_value() == "李小明"

    # Submit with a changed phone: the changes to the file are listed first.
    page.locator("#id_phone").fill(new_phone)
    page.locator("#id_visit_date").fill(china_today().isoformat())
    for name, value in [("visit_method", "home"), ("family_change", "no_change"), ("expression", "no_change"),
                        ("mobility", "no_change"), ("illness", "no_change"), ("mood", "better"),
                        ("emergency", "false")]:
        page.locator(f"input[name={name}][value={value}]").check()
    sign(page, "visitor_signature")
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
