"""A report upward as an Excel workbook (openpyxl): one sheet per table, Chinese headers, a notes sheet.

Above the township the sheets hold counts only (by child region); the visitors' sheet names
visitors from the township down, as the dashboard does (``casework.NAMED_LEVELS``). Cells that
begin with = + - @ are written as text, never as formulas (``config.csv_cells``).
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from config.csv_cells import safe_cell

from .casework import FIGURE_NOTES

RATE_HEADERS = ["名称", "应探访", "已探访", "探访率（%）", "未分配探访人员", "不同意探访", "逾期未访"]
HEADER_FONT = Font(bold=True)


def _rate_row(line, overdue_counted):
    return [line.label, line.due, line.visited, line.rate, line.unassigned, line.declined,
            line.not_visited if overdue_counted else None]


def _sheet(book, title, headers, rows, intro=None):
    sheet = book.create_sheet(title)
    if intro:
        sheet.append([intro])
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
    for row in rows:
        sheet.append([safe_cell(value) if isinstance(value, str) else value for value in row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, 2 * len(header) + 4)
    return sheet


def _rate_sheets(book, report):
    rate, counted = report.rate, report.rate.overdue_counted
    span = f"{report.period.label}（{rate.months}个月合计，人次）" if rate.months > 1 else report.period.label
    _sheet(book, "月探访率", RATE_HEADERS, [_rate_row(rate.total, counted)], f"{report.region.name} {span}")
    if rate.by_child:
        _sheet(book, "按下级区域", RATE_HEADERS, [_rate_row(line, counted) for line in rate.by_child])
    _sheet(book, "按对象类别", RATE_HEADERS, [_rate_row(line, counted) for line in rate.by_category],
           "一人可属多个类别，各类别人数之和可能大于总数。")
    _sheet(book, "近12个月", ["月份", "应探访", "已探访", "探访率（%）", "未分配探访人员", "不同意探访"],
           [[f"{month:%Y-%m}", line.due, line.visited, line.rate, line.unassigned, line.declined]
            for month, line in report.trend])


def _casework_sheets(book, report):
    work = report.work
    _sheet(book, "转介办理", ["承办部门", "收到", "按时接收", "退回", "按时办结", "逾期未办结",
                          "接收用时（天，中位数）", "办结用时（天，中位数）", "满意", "基本满意", "不满意"],
           [[line.label, line.received, line.accepted_in_time, line.returned, line.done_in_time, line.overdue,
             line.median_accept_days, line.median_complete_days, line.satisfied, line.fairly_satisfied,
             line.dissatisfied] for line in work.departments])
    total = work.visitor_total
    if work.named:
        headers = ["探访人员", "分配对象", "本期探访次数", "逾期探访任务"]
        rows = [[line.label, line.elders, line.visits, line.overdue] for line in work.visitors]
    else:
        headers = ["区域", "探访人员", "分配对象", "人均对象", "已探访人数", "逾期探访任务"]
        rows = [[line.label, line.visitors, line.elders, line.elders_per_visitor, line.visits, line.overdue]
                for line in work.visitors]
    rows.append(["合计"] + ([total.elders, total.visits, total.overdue] if work.named else
                          [total.visitors, total.elders, total.elders_per_visitor, total.visits, total.overdue]))
    _sheet(book, "探访人员", headers, rows)
    emergencies = work.emergencies
    rows = [[line.label, line.total, line.handled, line.pending] for line in emergencies.by_child]
    rows.append(["合计", emergencies.total, emergencies.handled, emergencies.pending])
    _sheet(book, "紧急情况", ["区域", "紧急情况", "已处置", "处置中"], rows)


def _notes(book, report):
    sheet = _sheet(book, "说明", ["指标", "定义"], FIGURE_NOTES,
                   f"{report.region.name}{report.period.label}探访关爱工作报表"
                   f"（生成于{report.generated_at:%Y-%m-%d %H:%M}）")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=3):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(report):
    """The .xlsx bytes of ``report`` (a ``supervision.report.Report``)."""
    book = Workbook()
    book.remove(book.active)
    _notes(book, report)
    _rate_sheets(book, report)
    _casework_sheets(book, report)
    output = BytesIO()
    book.save(output)
    return output.getvalue()
