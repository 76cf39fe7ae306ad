"""Opening lists (census_import.files): encodings, header detection, footers, sheets, column synonyms."""

import csv
import io

import pytest
from census_import import columns
from census_import.files import FileUnreadable, open_table
from openpyxl import Workbook


def csv_bytes(lines, encoding):
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return io.BytesIO(out.getvalue().encode(encoding))


LINES = [["某某社区网格员摸底名单"], [], ["姓名", "身份证号码", "村（社区）", "电话"], ["黄桂芳", "x", "长岗村", "1"],
         ["审核人：李四"], ["合计", "1"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_departments_use(encoding):
    table = open_table(csv_bytes(LINES, encoding), "名单.csv")
    assert (table.header_row, table.header[0], len(table.rows)) == (3, "姓名", 1)
    assert table.rows[0][0] == 4
    assert [number for number, _reason in table.ignored] == [5, 6]


def test_the_sheet_the_user_chose_is_read():
    book = Workbook()
    book.active.title = "甲"
    book.active.append(["姓名", "身份证号", "村"])
    book.active.append(["甲某", "", "长岗村"])
    other = book.create_sheet("乙")
    other.append(["姓名", "证件号码", "社区"])
    other.append(["乙某", "", "秀灵社区"])
    other.append(["丙某", "", "秀灵社区"])
    out = io.BytesIO()
    book.save(out)
    assert len(open_table(io.BytesIO(out.getvalue()), "名单.xlsx").rows) == 1
    table = open_table(io.BytesIO(out.getvalue()), "名单.xlsx", sheet="乙")
    assert (table.sheet, table.sheets, len(table.rows)) == ("乙", ["甲", "乙"], 2)


def test_an_old_xls_or_a_picture_is_refused_with_a_reason():
    with pytest.raises(FileUnreadable, match=".xlsx"):
        open_table(io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\x00" * 100), "名单.xlsx")
    with pytest.raises(FileUnreadable, match="不是CSV"):
        open_table(io.BytesIO(b"\x89PNG\x00\x00"), "名单.csv")


def test_no_header_in_the_first_rows():
    with pytest.raises(FileUnreadable, match="找不到表头"):
        open_table(csv_bytes([["a", "b"]] * 40, "utf-8"), "名单.csv")


@pytest.mark.parametrize(("heading", "field"), [
    ("身份证号", "id_number"), ("身份证号码", "id_number"), ("证件号码", "id_number"), ("电话", "phone"),
    ("联系电话", "phone"), ("手机", "phone"), ("村", "village"), ("社区", "village"), ("村（社区）", "village"),
    ("性别", "sex"), ("出生日期", "birth_date"), ("* 姓 名", "name"), ("序号", columns.IGNORE), ("户籍性质", None),
])
def test_synonyms(heading, field):
    assert columns.field_for(heading) == field


def test_a_remembered_heading_wins():
    assert columns.field_for("老人名字", {"老人名字": "name"}) == "name"
