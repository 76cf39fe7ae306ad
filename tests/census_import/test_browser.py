"""名单导入 in Chromium, on a phone and a desktop: upload an .xlsx, watch it read, preview, confirm, watch, report.

The tasks are queued (not run in the request) so the page's progress is seen; the test plays the worker.
"""

import pytest
from census_import import committing, staging
from census_import.models import ImportBatch
from playwright.sync_api import expect

from tests.roles.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def queued(monkeypatch):
    """Tasks wait for the test to run them, as they would for a worker."""
    jobs = []
    monkeypatch.setattr("census_import.tasks.enqueue", lambda task, pk: jobs.append(pk))
    return jobs


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_township_officer_imports_a_disabled_persons_workbook(live_site, open_page, screenshot_dir, officer, lists,
                                                              queued, viewport):
    page = open_page(*viewport)
    page.goto(live_site.url + "/accounts/login/?next=/workbench/elders/import/")
    page.get_by_label("用户名").fill(officer.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/elders/import/")

    page.get_by_label("名单文件（.xlsx 或 CSV）").set_input_files(
        {"name": "残联名单.xlsx", "mimeType": XLSX, "buffer": lists.disabled_xlsx()})
    page.get_by_label("名单来源").select_option(label="残联")
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("status")).to_contain_text("正在读取名单")
    fits(page, viewport[0])

    staging.read_batch(queued.pop())  # the worker reads; the page refreshes itself
    expect(page.get_by_role("heading", name="预览（尚未登记）")).to_be_visible(timeout=10_000)
    expect(page.locator('[data-count="new"]')).to_have_text("2")
    expect(page.locator('[data-count="correction"]')).to_have_text("3")
    expect(page.get_by_role("cell", name="疑似被表格软件转为数值，请核对原始号码").first).to_be_visible()
    fits(page, viewport[0])
    page.screenshot(path=screenshot_dir / f"census-import-preview-{viewport[0]}.png", full_page=True)

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("status")).to_contain_text("正在登记")
    committing.commit_batch(queued.pop())
    expect(page.get_by_role("heading", name="导入结果")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("link", name="下载未导入的行（.xlsx，含原因）")).to_be_visible()
    expect(page.get_by_role("heading", name="逐行情况")).to_be_visible()
    fits(page, viewport[0])
    page.screenshot(path=screenshot_dir / f"census-import-done-{viewport[0]}.png", full_page=True)
    assert ImportBatch.objects.get().committed_at is not None
