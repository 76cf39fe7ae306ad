"""报表 on a phone (390×844, Chromium) as the demo's county officer: from the 监督看板 to a downloaded workbook."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from supervision import report_views
from supervision.jobs import run_job
from supervision.models import ReportJob
from tests.workbench.test_browser import log_in
from tests.workbench.test_phone_browser import PHONE, assert_tap_target, page_width
from workflows.schedule import this_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_county_officer_exports_a_workbook_from_the_dashboard(demo_site, open_page, screenshot_dir, settings,
                                                              tmp_path, monkeypatch):
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "private"
    queued = []
    monkeypatch.setattr(report_views, "enqueue_report", queued.append)  # a worker takes it later, below
    page = open_page(*PHONE)
    log_in(page, demo_site, "county")
    page.get_by_role("link", name="监督看板", exact=True).click()
    page.wait_for_url("**/workbench/reports/")
    export = page.get_by_role("link", name="导出报表")
    assert_tap_target(export)
    export.click()
    page.wait_for_url("**/workbench/reports/exports/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("武鸣区探访关爱工作报表")
    month = f"{this_month():%Y-%m}"
    expect(page.get_by_label("月份")).to_have_value(month)
    expect(page.get_by_label("Excel报表")).to_be_checked()
    page.get_by_role("button", name="生成报表").click()
    expect(page.get_by_text("已提交").first).to_be_visible()
    progress = page.locator("[data-batch-progress]")
    expect(progress).to_be_visible()
    assert page_width(page) <= PHONE[0]
    page.screenshot(path=screenshot_dir / "reports-queued-390.png", full_page=True)

    job = ReportJob.objects.get(pk__in=queued)
    run_job(job.pk)  # the worker; the page's script follows the progress to the end
    link = page.get_by_role("link", name="下载Excel报表")
    expect(link).to_be_visible()
    assert progress.evaluate("bar => bar.value") == 100
    assert page_width(page) <= PHONE[0]
    page.screenshot(path=screenshot_dir / "reports-done-390.png", full_page=True)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"探访关爱工作报表-武鸣区-{job.period.label}.xlsx"
    with open(download.path(), "rb") as handle:
        book = load_workbook(BytesIO(handle.read()))
    assert book["月探访率"]["A3"].value == "武鸣区"
