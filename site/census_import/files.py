"""Opening a census list as departments send it: an .xlsx workbook or a CSV in UTF-8 (BOM or not) or GBK.

THE contract: ``open_table(stored file, name, sheet, remembered)`` gives the chosen sheet's header
and data rows, each numbered as the spreadsheet shows it. The header is the first row among the
first ``HEADER_SCAN`` where at least two headings are recognised (``columns.field_for``), one of
them 姓名: title, 制表单位 and blank rows above it are skipped. Below it, blank rows are skipped and
signature and total rows (制表人, 审核人, 合计 ...) are returned in ``ignored`` with their reason,
not as data. ``FileUnreadable`` says, in Chinese, why a file can't be read at all.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook

from census_import import columns

MAX_ROWS = 50_000
HEADER_SCAN = 30
ENCODINGS = ["utf-8-sig", "gb18030"]  # GB 18030 contains GBK, which Excel on Chinese Windows writes
FOOTER = re.compile(r"^(制表人|填表人|审核人|审核|负责人|单位负责人|制表日期|填报日期|制表时间|合计|总计|小计|共计)")


class FileUnreadable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    sheet: str
    sheets: list
    header_row: int = 0
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (row number, [cells])
    ignored: list = field(default_factory=list)  # (row number, reason)


def is_workbook(name):
    return name.lower().endswith((".xlsx", ".xlsm"))


def _open_workbook(handle):
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileUnreadable("无法打开这个Excel文件，请确认是.xlsx格式（旧的.xls请另存为.xlsx）。") from error


def _sheet_rows(book, name):
    worksheet = book[name]
    worksheet.reset_dimensions()  # files from other programs often record wrong dimensions
    return (list(values) for values in worksheet.iter_rows(values_only=True))


def _csv_rows(handle):
    data = handle.read()
    if b"\x00" in data[:4096]:
        raise FileUnreadable("这不是CSV或.xlsx文件。请在表格软件中另存为.xlsx或CSV后再上传。")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileUnreadable("无法识别文件的文字编码，请另存为“CSV UTF-8”或.xlsx格式后再上传。")
    return csv.reader(io.StringIO(text, newline=""))


def _is_blank(cells):
    return not any(columns.heading_key(cell) for cell in cells)


def _header_score(cells, remembered):
    """How many wanted fields a row's cells name; a header needs two (a name column it may lack: mapped by hand)."""
    found = [columns.field_for(cell, remembered) for cell in cells if isinstance(cell, str)]
    return len([f for f in found if f and f != columns.IGNORE])


def footer_reason(cells):
    """Why a row below the header is not a person ("" when it may be one)."""
    filled = [columns.heading_key(cell) for cell in cells if columns.heading_key(cell)]
    if filled and FOOTER.match(filled[0]):
        return "签名或合计行，已忽略"
    return ""


def open_table(handle, name, sheet="", remembered=None):
    """The ``Table`` of an open binary file ``handle`` named ``name`` (see the module's contract).

    In a workbook, ``sheet`` when it names one, else the first sheet where a header is found.
    """
    if not is_workbook(name):
        table = Table(sheet="", sheets=[])
        try:
            _fill(table, _csv_rows(handle), remembered)
        except csv.Error as error:
            raise FileUnreadable(f"文件不是有效的CSV格式：{error}") from error
        return table
    book = _open_workbook(handle)
    try:
        names = book.sheetnames
        tried = [sheet] if sheet in names else names
        for index, chosen in enumerate(tried):
            table = Table(sheet=chosen, sheets=names)
            try:
                _fill(table, _sheet_rows(book, chosen), remembered)
                return table
            except FileUnreadable:
                if index == len(tried) - 1:
                    raise
    finally:
        book.close()


def _fill(table, rows, remembered):
    for number, cells in enumerate(rows, start=1):
        if not table.header_row:
            if _header_score(cells, remembered) >= 2:
                table.header_row, table.header = number, [columns.text_of(cell) for cell in cells]
            elif number >= HEADER_SCAN:
                break
            continue
        if _is_blank(cells):
            continue
        if reason := footer_reason(cells):
            table.ignored.append((number, reason))
            continue
        if len(table.rows) >= MAX_ROWS:
            raise FileUnreadable(f"一个文件最多{MAX_ROWS}行，请分成几个文件上传。")
        table.rows.append((number, cells))
    if not table.header_row:
        raise FileUnreadable(f"前{HEADER_SCAN}行中找不到表头（至少要有“姓名”和“公民身份号码”或“村(社区)”等列）。")
