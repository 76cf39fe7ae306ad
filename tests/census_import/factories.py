"""Census lists as departments send them, generated with the truth of what each row must become.

``CensusLists(villages, registered)`` writes three files of one township's people:
- ``disabled_xlsx``: 残联's workbook, a merged title row, 制表单位, a blank row, ID numbers stored as
  numbers (one of them damaged into a number that still passes the check character), a signature
  row and a total row, on the second of two sheets;
- ``health_csv``: 卫健's GBK CSV, a title line above the header, three date forms, a lowercase x,
  an ID number in scientific notation, someone already registered and a near-duplicate;
- ``grid_csv``: a village grid's UTF-8 CSV with a BOM, an under-60, a row without an ID number (with
  its reason), an ID number one digit off a registered one, a bad phone, and 卫健's 陆文光 under
  another number (a near-duplicate within the upload).
People overlap across files. ``truth`` counts the outcomes the preview must show; ``new_people``
names everyone who must end up registered new.
"""

import csv
import io
from collections import Counter
from datetime import date, timedelta

from openpyxl import Workbook

from registry.id_numbers import build_id_number, check_character

AREA = "450102"


def valid_when_damaged(sequence_digit=1):
    """(true number, the number a spreadsheet keeps) where the kept one passes the check character too."""
    day = date(1945, 1, 1)
    while not build_id_number(AREA, day, sequence_digit * 100).endswith("0"):
        day += timedelta(days=1)
    true = build_id_number(AREA, day, sequence_digit * 100 + 23)
    return true, int(true[:15] + "000")


def one_digit_off(number):
    """``number`` with its 10th-from-last digit changed and the check character recomputed."""
    first = number[:12] + str((int(number[12]) + 1) % 10) + number[13:17]
    return first + check_character(first)


class CensusLists:
    def __init__(self, villages, registered, near_name, one_digit_source):
        self.v1, self.v2 = villages
        self.truth = Counter()
        self.new_people = []
        self.registered = registered
        self._build(near_name, one_digit_source)

    def _person(self, name, born, sequence):
        return name, build_id_number(AREA, born, sequence)

    def _expect(self, outcome, name=None):
        self.truth[outcome] += 1
        if outcome == "new" and name:
            self.new_people.append(name)

    def _build(self, near_name, one_digit_source):
        self.p1 = self._person("韦美玲", date(1941, 2, 3), 242)
        self.p2 = self._person("黄德才", date(1943, 5, 6), 351)
        self.p6 = self._person("覃玉梅", date(1946, 7, 9), 82)  # its check character is X
        while not self.p6[1].endswith("X"):
            self.p6 = self._person("覃玉梅", date(1946, 7, 9), int(self.p6[1][14:17]) + 2)
        self.p7 = self._person("陆文光", date(1938, 11, 20), 113)
        self.p8 = self._person("莫桂珍", date(1944, 12, 1), 226)
        self.p13 = self._person("潘秀英", date(1950, 1, 15), 48)
        self.near_name, self.one_digit_source = near_name, one_digit_source

    # 残联 ----------------------------------------------------------------------------------
    def disabled_xlsx(self):
        book = Workbook()
        book.active.title = "说明"
        book.active.append(["本表为2026年12月残疾老年人名单"])
        sheet = book.create_sheet("残疾老人")
        sheet.append(["2026年12月民生街道残疾老年人名单"])
        sheet.merge_cells("A1:H1")
        sheet.append(["制表单位：兴宁区残疾人联合会"])
        sheet.append([])
        sheet.append(["序号", "姓名", "性别", "身份证号码", "村（社区）", "类别", "联系电话", "出生日期"])
        damaged_true, damaged_kept = valid_when_damaged()
        rows = [
            ("new", [1, *self._cells(self.p1, "女", self.v1, "失能", "13807710001"), date(1941, 2, 3)]),
            ("new", [2, *self._cells(self.p2, "男", self.v1, "失能", "13807710002"), "1943-05-06"]),
            ("correction", [3, "梁志强", "男", int(build_id_number(AREA, date(1942, 3, 4), 17)), self.v2.name, "失能",
                            "", None]),
            ("correction", [4, "罗金凤", "女", damaged_kept, self.v2.name, "失能", "", None]),
            ("correction", [5, *self._cells(self._person("韦建国", date(1940, 8, 8), 356), "男", self.v2, "失能",
                                            "13807710005"), None]),  # 356: even, a woman's number
        ]
        for outcome, cells in rows:
            sheet.append(cells)
            self._expect(outcome, cells[1])
        sheet.append([])
        sheet.append(["制表人：张三", None, "审核人：李四"])
        sheet.append(["合计：5人"])
        self.damaged_true = damaged_true
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    @staticmethod
    def _cells(person, sex, village, category, phone):
        return [person[0], sex, person[1], village.name, category, phone]

    # 卫健 ----------------------------------------------------------------------------------
    def health_csv(self):
        registered = self.registered
        rows = [
            ("duplicate", [self.p2[0], self.p2[1], "男", "1943年5月6日", self.v1.name, "13807710002", "空巢"]),
            ("registered", [registered.name, registered.id_number, "", "", registered.village.name, "", "独居"]),
            ("new", [self.p6[0], self.p6[1].lower(), "女", "1946年7月9日", self.v1.name, "", "独居"]),
            ("new", [self.p7[0], self.p7[1], "男", "19381120", self.v2.name, "0771-5851234", "独居老人"]),
            ("new", [self.p8[0], self.p8[1], "女", "1944-12-01", self.v2.name, "", "空巢"]),
            ("correction", ["廖春花", "4.50102E+17", "女", "", self.v2.name, "", "空巢"]),
            ("review", [self.near_name[0], build_id_number(AREA, self.near_name[1], 990), "",
                        self.near_name[1].isoformat(), self.v1.name, "", "空巢"]),
        ]
        lines = [["2026年卫健系统老年人健康管理名单"],
                 ["姓名", "身份证号", "性别", "出生日期", "所在村", "联系电话", "人员类别"]]
        for outcome, cells in rows:
            lines.append(cells)
            self._expect(outcome, cells[0])
        return self._csv(lines, "gbk")

    # 网格 ----------------------------------------------------------------------------------
    def grid_csv(self):
        young = self._person("黄晓东", date(1975, 4, 4), 19)
        rows = [
            ("refused", ["1", young[0], young[1], self.v1.name, "", "空巢", ""]),
            ("new", ["2", "农阿婆", "", self.v2.name, "", "独居", "户口未迁入，证件遗失"]),
            ("duplicate", ["3", self.p1[0], self.p1[1], self.v1.name, "13807710001", "独居", ""]),
            ("new", ["4", self.p13[0], self.p13[1], self.v2.name, "138 0771 0013", "空巢", ""]),
            ("correction", ["5", "甘丽华", build_id_number(AREA, date(1947, 6, 6), 66), self.v2.name, "12345", "空巢",
                            ""]),
            ("review", ["6", "卢新明", one_digit_off(self.one_digit_source), self.v1.name, "", "空巢", ""]),
            # 卫健's 陆文光 under another number: the same name and birth date within the upload
            ("review", ["7", self.p7[0], build_id_number(AREA, date(1938, 11, 20), 115), self.v2.name, "", "空巢", ""]),
        ]
        lines = [["序号", "姓名", "证件号码", "村/社区", "手机", "类别", "无身份证号原因"]]
        for outcome, cells in rows:
            lines.append(cells)
            self._expect(outcome, cells[1])
        return self._csv(lines, "utf-8-sig")

    @staticmethod
    def _csv(lines, encoding):
        out = io.StringIO()
        csv.writer(out).writerows(lines)
        return out.getvalue().encode(encoding)
