"""The report upward as files: the workbook read back with openpyxl, the PDF read back as text."""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from roles.models import Region
from supervision.annual_report import report_pdf
from supervision.periods import ReportPeriod
from supervision.report import build_report
from supervision.workbook import workbook_bytes
from tests.roles.factories import role_holder
from tests.workflows.visit_factories import assigned_elder, submitted_visit, village_in

from .builders import china, emergency, referral

pytestmark = pytest.mark.django_db
MARCH = ReportPeriod.month(date(2026, 3, 1))
NOW = datetime(2026, 4, 10, 4, 0, tzinfo=UTC)


@pytest.fixture
def dataset():
    """民生街道: three elders due in March 2026, two visited in March, one in February too; a referral."""
    village = village_in("民生街道", "民乐村")
    visitor = role_holder("visitor", village, first_name="莫志愿者")
    elders = [assigned_elder(village, visitor=visitor) for _ in range(3)]
    submitted_visit(elders[0], date(2026, 3, 2), visitor=visitor)
    submitted_visit(elders[1], date(2026, 3, 20), visitor=visitor)
    submitted_visit(elders[2], date(2026, 2, 5), visitor=visitor)
    referral(elders[0], "health", china(date(2026, 3, 3)), date(2026, 3, 9), "completed",
             decided=china(date(2026, 3, 4)), completed=china(date(2026, 3, 6)))
    emergency(elders[1], china(date(2026, 3, 20)), outcome="已送医")
    return elders


def _report(name, level, period=MARCH):
    return build_report(Region.objects.get(name=name, level=level), period, now=NOW)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _book(report):
    return load_workbook(BytesIO(workbook_bytes(report)))


def test_the_county_workbook_has_every_table_and_counts_only(dataset):
    book = _book(_report("兴宁区", "county"))
    assert book.sheetnames == ["说明", "月探访率", "按下级区域", "按对象类别", "近12个月", "转介办理", "探访人员",
                               "紧急情况"]
    assert _rows(book["月探访率"])[1:] == [
        ["名称", "应探访", "已探访", "探访率（%）", "未分配探访人员", "不同意探访", "逾期未访"],
        ["兴宁区", 3, 2, 66.7, 0, 0, 1]]
    by_child = {row[0]: row for row in _rows(book["按下级区域"])[1:]}
    assert by_child["民生街道"] == ["民生街道", 3, 2, 66.7, 0, 0, 1]
    trend = _rows(book["近12个月"])
    assert trend[1][0] == "2025-04" and trend[-1][:4] == ["2026-03", 3, 2, 66.7]
    assert trend[-2][:3] == ["2026-02", 3, 1]
    health = next(row for row in _rows(book["转介办理"]) if row[0].startswith("卫生"))
    assert health[1:7] == [1, 1, 0, 1, 0, 1.0]
    visitors = _rows(book["探访人员"])
    assert visitors[0] == ["区域", "探访人员", "分配对象", "人均对象", "已探访人数", "逾期探访任务"]
    assert ["民生街道", 1, 3, 3.0, 2, 0] in visitors
    assert not any("莫志愿者" in str(cell) for sheet in book for row in _rows(sheet) for cell in row)
    assert ["合计", 1, 1, 0] == _rows(book["紧急情况"])[-1]
    notes = dict((row[0], row[1]) for row in _rows(book["说明"])[2:])
    assert "按时接收" in notes and "不计入应探访" in notes["不同意探访"]


def test_the_township_workbook_names_its_visitors(dataset):
    visitors = _rows(_book(_report("民生街道", "township"))["探访人员"])
    assert visitors[0] == ["探访人员", "分配对象", "本期探访次数", "逾期探访任务"]
    assert visitors[1] == ["莫志愿者", 3, 3, 0]  # two March visits and the emergency's


def test_a_year_adds_up_its_months(dataset):
    book = _book(_report("民生街道", "township", ReportPeriod.year(2026)))
    total = _rows(book["月探访率"])
    assert "4个月合计" in total[0][0]  # January to April 2026, the month of NOW
    assert total[2][1:3] == [12, 3]  # 3 due in each of four months; visited: Feb 1, Mar 2
    assert [row[0] for row in _rows(book["近12个月"])[1:]] == ["2026-01", "2026-02", "2026-03", "2026-04"]


def test_the_pdf_has_the_chart_and_the_figures(dataset, pdf_text):
    text = pdf_text(report_pdf(_report("兴宁区", "county")))
    assert "兴宁区2026年3月特殊困难老年人探访关爱工作情况报告" in text.replace(" ", "")
    assert "目标100%" in text and "66.7" in text
    for heading in ("月探访率", "转介办理", "探访人员", "紧急情况", "指标说明"):
        assert heading in text
    assert "莫志愿者" not in text
