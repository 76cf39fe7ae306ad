"""Reading one cell of a census list into a value, or a Chinese reason why it can't be read.

THE rules for numbers spreadsheets damage: an 18-digit ID number doesn't fit a spreadsheet's number
(15 significant digits), so a cell holding a number, scientific notation (4.50102E+17), a
decimal point (...123.0) or an 18-digit value ending 000 (the three digits a number loses) is
``DAMAGED_ID_NUMBER``: never imported as a person, even when its check character happens to pass.
Otherwise an ID number is normalised as the registration form does (``registry.id_numbers``).
Dates come in the usual Chinese and ISO forms or as Excel serial numbers.
"""

import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError

from registry.dates import age_on, china_today
from registry.digits import fold_digits
from registry.id_numbers import birth_date_of, normalize_id_number, sex_of, validate_id_number
from registry.models import MINIMUM_AGE
from registry.phones import normalize_phone, validate_phone

DAMAGED_ID_NUMBER = "疑似被表格软件转为数值，请核对原始号码"
_SCIENTIFIC = re.compile(r"^[0-9](?:\.[0-9]+)?E\+?[0-9]+$", re.IGNORECASE)
_DECIMAL = re.compile(r"^[0-9]+\.[0-9]*$")
_SERIAL = re.compile(r"^[0-9]{1,5}(?:\.[0-9]*)?$")
_DATE_FORMS = [
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 once Lotus's 1900-02-29 is accounted for
SEXES = {"男": "male", "男性": "male", "女": "female", "女性": "female"}


class CellError(ValueError):
    """A cell that can't be read; the message is for the row report (no personal data in it)."""


def text(cell):
    """A cell as trimmed text: integral numbers without ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return fold_digits(cell).strip()


def plain(cell):
    """Free text (a name, an address, a reason) as written, trimmed: its punctuation is not folded."""
    return "" if cell is None else str(cell).strip()


def id_number(cell):
    """The normalised ID number of a cell, "" for a blank one; ``CellError`` when damaged or invalid."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise CellError(DAMAGED_ID_NUMBER)
    raw = fold_digits(cell or "").strip()
    if not raw:
        return ""
    if _SCIENTIFIC.match(raw) or _DECIMAL.match(raw):
        raise CellError(DAMAGED_ID_NUMBER)
    number = normalize_id_number(raw)
    if len(number) == 18 and number.endswith("000") and number[:17].isdigit():
        raise CellError(DAMAGED_ID_NUMBER)
    try:
        validate_id_number(number)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return number


def a_date(cell):
    """A date from a date cell, an Excel serial, or text such as 2026年11月20日, 20261120, 2026-11-20."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and 1 <= cell < 100000:
        return EXCEL_EPOCH + timedelta(days=int(cell))
    raw = re.sub(r"\s+", "", text(cell))
    if _SERIAL.match(raw) and 1 <= float(raw):  # a serial that went through CSV
        return EXCEL_EPOCH + timedelta(days=int(float(raw)))
    for pattern in _DATE_FORMS:
        if found := pattern.match(raw):
            try:
                return date(*map(int, found.groups()))
            except ValueError:
                break
    raise CellError("日期无法识别，请写成如2026-11-20或2026年11月20日")


def sex(cell):
    value = text(cell)
    if value not in SEXES:
        raise CellError("性别应为“男”或“女”")
    return SEXES[value]


def phone(cell):
    value = text(cell)
    try:
        validate_phone(value)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return normalize_phone(value)


def sex_mismatch(number, stated_sex):
    """A reason when the sex written in the list contradicts the ID number's, else ""."""
    if number and stated_sex and sex_of(number) != stated_sex:
        return "性别与公民身份号码不一致"
    return ""


def birth_mismatch(number, stated_birth):
    if number and stated_birth and birth_date_of(number) != stated_birth:
        return "出生日期与公民身份号码不一致"
    return ""


def under_age(born, on=None):
    """A reason with the age when someone born on ``born`` is under 60 today, else ""."""
    if born is None:
        return ""
    age = age_on(born, on or china_today())
    return f"未满{MINIMUM_AGE}周岁（现年{age}岁），不属于探访关爱对象" if age < MINIMUM_AGE else ""
