"""Cell rules (census_import.values): damaged ID numbers, the usual date forms, sex, phones, age."""

from datetime import date, datetime

import pytest
from census_import import values

from registry.id_numbers import build_id_number
from tests.census_import.factories import valid_when_damaged

NUMBER = build_id_number("450102", date(1946, 7, 9), 248)


@pytest.mark.parametrize("cell", [
    int(NUMBER[:17] + "0"), float(NUMBER[:17]), "4.50102E+17", "4.50102194607092E+17", f"{NUMBER[:17]}0.0",
    NUMBER[:15] + "000", valid_when_damaged()[1], str(valid_when_damaged()[1]),
])
def test_numbers_a_spreadsheet_damaged_are_flagged(cell):
    with pytest.raises(values.CellError, match=values.DAMAGED_ID_NUMBER):
        values.id_number(cell)


def test_the_damaged_number_in_the_generator_really_passes_the_check_character():
    from registry.id_numbers import validate_id_number

    validate_id_number(str(valid_when_damaged()[1]))


FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in NUMBER)


@pytest.mark.parametrize("cell", [NUMBER, f" {NUMBER[:6]} {NUMBER[6:]} ", FULL_WIDTH])
def test_id_numbers_are_normalised_as_the_form_does(cell):
    assert values.id_number(cell) == NUMBER


def test_a_lowercase_x_is_upper_cased():
    number = next(n for n in (build_id_number("450102", date(1946, 7, 9), s) for s in range(1, 999)) if n[-1] == "X")
    assert values.id_number(number.lower()) == number


def test_a_wrong_check_character_is_reported_as_such():
    with pytest.raises(values.CellError, match="校验码"):
        values.id_number(NUMBER[:17] + ("1" if NUMBER[17] != "1" else "2"))


@pytest.mark.parametrize("cell", ["2026年11月20日", "20261120", "2026-11-20", "2026/11/20", "2026.11.20",
                                  datetime(2026, 11, 20, 0, 0), date(2026, 11, 20), 46346, 46346.0, "46346"])
def test_dates(cell):
    assert values.a_date(cell) == date(2026, 11, 20)


@pytest.mark.parametrize("cell", ["2026年13月1日", "明年", "2026-02-30"])
def test_bad_dates(cell):
    with pytest.raises(values.CellError):
        values.a_date(cell)


def test_sex_is_checked_against_the_id_number():
    assert values.sex_mismatch(NUMBER, values.sex("女")) == ""  # 248: even, a woman
    assert values.sex_mismatch(NUMBER, values.sex("男")) == "性别与公民身份号码不一致"


def test_phones():
    assert values.phone("138 0771 2345") == "13807712345"
    assert values.phone(13807712345) == "13807712345"
    with pytest.raises(values.CellError):
        values.phone("12345")


def test_under_sixty_is_refused_with_the_age():
    assert values.under_age(date(1975, 4, 4), on=date(2026, 12, 3)) == "未满60周岁（现年51岁），不属于探访关爱对象"
    assert values.under_age(date(1966, 12, 3), on=date(2026, 12, 3)) == ""
