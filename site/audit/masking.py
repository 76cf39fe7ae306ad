"""Masking of ID and mobile numbers in free text (log lines, audit details).

Import-light on purpose: logging configuration loads it before Django's apps are ready.
"""

import re
from urllib.parse import unquote

from registry.digits import fold_digits  # import-light too: re and unicodedata only

# A digit of an 18-character 公民身份号码 as it may reach a log line: ASCII, full-width (０-９), or
# either percent-encoded in a URL; the last may be X. Between digits, blanks as people type them
# (space, full-width space, "+" or %20 in a query string, "-").
_DIGIT = r"[0-9\uff10-\uff19]|%EF%BC%9[0-9]"
_CHECK = rf"{_DIGIT}|[Xx\uff38\uff58]|%EF%BC%B8|%EF%BD%98"
_GAP = r"(?:[ \t\u3000+\-]|%20|%E3%80%80){0,2}"
ID_NUMBER_IN_TEXT = re.compile(rf"(?<![0-9\uff10-\uff19])(?:(?:{_DIGIT}){_GAP}){{17}}(?:{_CHECK})"
                               rf"(?![0-9\uff10-\uff19]|%EF%BC%9[0-9])", re.IGNORECASE)
_ONE_DIGIT = re.compile(rf"%20|%E3%80%80|({_CHECK})", re.IGNORECASE)  # gaps first: %20 isn't "2", "0"
# Mainland mobile numbers (1[3-9] + 9 digits), optionally written with +86 / 86 in front.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def _ascii(token):
    return fold_digits(unquote(token)).upper()


def _mask_id_number(match):
    digits = [_ascii(token) for token in _ONE_DIGIT.findall(match[0]) if token]
    return "".join(digits[:6]) + "********" + "".join(digits[-4:])


def mask_personal_numbers(text):
    """450103194805061234 -> 450103********1234, 13812345678 -> 138****5678, anywhere in ``text``.

    An ID number is found however it was typed (``ID_NUMBER_IN_TEXT``): "450103 19480506 1234",
    full-width digits, or percent-encoded in a logged URL.
    """
    text = ID_NUMBER_IN_TEXT.sub(_mask_id_number, text)
    return MOBILE_IN_TEXT.sub(r"\1****\2", text)


def mask_in(value):
    """``value`` with every string inside it (lists, dicts) masked; other values unchanged."""
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {key: mask_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_in(item) for item in value]
    return value
