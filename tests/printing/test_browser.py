"""批量打印 in Chromium on a phone: ask for a month, watch a queued batch finish, download link appears."""

import pytest

from printing.batches import run_batch
from printing.models import PrintBatch
from registry.dates import china_today
from tests.printing.conftest import submitted_record
from tests.roles.factories import DEFAULT_PASSWORD, region_named

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_township_officer_prints_a_month_on_a_phone(live_site, open_page, screenshot_dir, people, elder,
                                                    private_root):
    submitted_record(elder, people["visitor"])
    officer = people["township"]
    month = china_today().replace(day=1)
    queued = PrintBatch.objects.create(requested_by=officer, township=region_named("民生街道"), month=month)

    page = open_page(390, 844)
    page.goto(live_site.url + "/accounts/login/?next=/workbench/print/batches/")
    page.get_by_label("用户名").fill(officer.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/print/batches/")
    assert page.get_by_role("heading", name="批量打印探访记录").is_visible()
    assert page.locator("[data-batch-download]").count() == 0
    page.screenshot(path=screenshot_dir / "print-batches-queued-390.png", full_page=True)

    run_batch(queued.pk)  # a worker finishes it; the page's script notices
    page.get_by_role("link", name="下载PDF").wait_for()
    assert page.locator("progress").first.evaluate("bar => bar.value") == 100

    page.get_by_label("月份").fill(f"{month:%Y-%m}")
    page.get_by_role("button", name="生成PDF").click()
    page.wait_for_url("**/workbench/print/batches/")
    assert page.get_by_text("已提交").first.is_visible()
    assert page.get_by_role("link", name="下载PDF").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "print-batches-done-390.png", full_page=True)
    assert PrintBatch.objects.filter(status="done").count() == 2
