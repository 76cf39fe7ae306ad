"""公民身份号码 (GB 11643-1999): validation, the facts it encodes, building valid numbers, masking.

An 18-character number is a 6-digit area code, an 8-digit birth date, a 3-digit sequence (odd
for men, even for women) and a check character. We check the structure, the check character,
the date and the province part of the area code. We deliberately do not check the full area
code against today's list of counties (as python-stdnum does): counties have been renamed and
merged since the 1980s, and the numbers of people born before then keep their old codes.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.dates import china_today
from registry.digits import fold_digits, is_ascii_digits

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_DATE = date(1890, 1, 1)

# First two digits (GB/T 2260 provinces), plus 71 Taiwan, 81 Hong Kong, 82 Macao and 83, the
# code on residence permits of Taiwan residents.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

ID_NUMBER_PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")


def normalize_id_number(value):
    """Fold full-width digits to ASCII, strip blanks and upper-case a final x (...123x -> ...123X)."""
    return re.sub(r"\s+", "", fold_digits(value)).upper()


def check_character(first_17_digits):
    """The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17_digits, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def birth_date_of(id_number):
    """The birth date encoded in a valid number."""
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def sex_of(id_number):
    """'male' or 'female' from the parity of the 17th digit (odd = male)."""
    return "male" if int(id_number[16]) % 2 else "female"


def validate_id_number(value):
    """Raise a ValidationError with one precise Chinese message if ``value`` is not a valid number."""
    number = normalize_id_number(value)
    if is_ascii_digits(number, length=15):
        raise ValidationError(
            _("这是15位旧号码，请换算为18位公民身份号码后再填写。"), code="id_number_15_digits"
        )
    if len(number) != 18:
        raise ValidationError(
            _("公民身份号码应为18位，当前为%(length)d位。"),
            code="id_number_length", params={"length": len(number)},
        )
    if not ID_NUMBER_PATTERN.match(number):
        raise ValidationError(
            _("公民身份号码前17位应为数字，最后一位为数字或X。"), code="id_number_characters"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("公民身份号码前两位“%(code)s”不是有效的省级行政区划代码。"),
            code="id_number_province", params={"code": number[:2]},
        )
    _validate_birth_date(number)
    if check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("公民身份号码校验码不正确，请核对是否有数字录入错误。"), code="id_number_check_digit"
        )


def _validate_birth_date(number):
    try:
        born = birth_date_of(number)
    except ValueError:
        raise ValidationError(
            _("公民身份号码中的出生日期“%(digits)s”不存在。"),
            code="id_number_date", params={"digits": number[6:14]},
        ) from None
    if born < EARLIEST_BIRTH_DATE or born > china_today():
        raise ValidationError(
            _("公民身份号码中的出生日期%(date)s不合理。"),
            code="id_number_date", params={"date": born.isoformat()},
        )


def build_id_number(area_code, birth_date, sequence):
    """A valid number for an area code (6 digits), a birth date and a sequence (1-999).

    The sex follows the sequence's parity: odd for a man, even for a woman. Used by the demo
    data and the test factories; real numbers come from the people themselves.
    """
    area_code = str(area_code)
    if not re.fullmatch(r"\d{6}", area_code):
        raise ValueError(f"area code must be 6 digits, got {area_code!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be between 0 and 999, got {sequence}")
    first_17 = f"{area_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first_17 + check_character(first_17)


def mask_id_number(value):
    """450103194805061234 -> 450103********1234: the area code and the last four stay readable."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
