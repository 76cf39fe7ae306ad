"""Masking of ID and mobile numbers in free text (log lines, audit details).

Import-light on purpose: logging configuration loads it before Django's apps are ready.
"""

import re

# 18-character 公民身份号码 not inside a longer run of digits: keep area code and last four.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
# Mainland mobile numbers (1[3-9] + 9 digits), optionally written with +86 / 86 in front.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_personal_numbers(text):
    """450103194805061234 -> 450103********1234, 13812345678 -> 138****5678, anywhere in ``text``."""
    text = ID_NUMBER_IN_TEXT.sub(r"\1********\2", text)
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
