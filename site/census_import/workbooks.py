"""Workbooks the import hands out: the template of a list, and the rows sent back to the department."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from census_import.models import NOT_IMPORTED, StagedRow
from config.csv_cells import safe_cell

TEMPLATE_HEADINGS = ["姓名", "公民身份号码", "村(社区)", "对象类别", "性别", "出生日期", "联系电话", "详细地址",
                     "无身份证号原因"]


def _saved(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_workbook(example_village=""):
    """Headings and one invented row; the ID number column is text, so a spreadsheet keeps all 18 digits."""
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(TEMPLATE_HEADINGS)
    sheet.append(["黄桂芳", "450102194607092483", safe_cell(example_village), "独居、空巢", "女", "1946-07-09",
                  "13807712345", "3组12号", ""])
    for cell in sheet["B"]:
        cell.number_format = "@"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return _saved(book)


def rejected_workbook(batch):
    """Every refused or uncorrected row of ``batch`` as the department sent it, after a 原因 column."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("未导入")
    rows = StagedRow.objects.filter(file__batch=batch, outcome__in=NOT_IMPORTED).select_related("file")
    current = None
    for row in rows.order_by("file_id", "row_number").iterator(chunk_size=1000):
        if row.file_id != current:
            current = row.file_id
            sheet.append(["文件", "工作表", "行号", "原因", *row.file.header])
        reasons = "；".join(f"{column}：{reason}" if column else reason for column, reason in row.reasons)
        sheet.append([row.file.name, row.file.sheet, row.row_number, reasons,
                      *map(safe_cell, row.data.get("cells", []))])
    return _saved(book)
