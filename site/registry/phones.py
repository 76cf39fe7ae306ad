"""Mainland phone numbers: normalising what people type, validating it, masking it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.digits import fold_digits

# After blanks and hyphens are removed: an optional 86 / +86 country code and 1[3-9] + 9 digits.
TYPED_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$", re.ASCII)
# 0 + a 2-3 digit area code, a 7-8 digit number not starting with 0, an optional extension:
# 0771-1234567, (0771)1234567, 010 12345678, 0771-1234567转801.
TYPED_LANDLINE = re.compile(
    r"^\(?(0\d{2,3})\)?[\s-]?([1-9]\d{6,7})(?:\s*(?:-|转|ext\.?)\s*(\d{1,6}))?$", re.IGNORECASE | re.ASCII
)
CANONICAL = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-[1-9]\d{6,7}(?:-\d{1,6})?)$", re.ASCII)


def normalize_phone(value):
    """The canonical form of a valid number: 13812345678, 0771-1234567 or 0771-1234567-801.

    Full-width digits and punctuation are folded to ASCII first (``registry.digits``). Anything
    else comes back with only its outer blanks removed, so the validator can reject it and the
    form shows what was typed.
    """
    text = fold_digits(value).strip()
    mobile = TYPED_MOBILE.match(re.sub(r"[\s-]", "", text))
    if mobile:
        return mobile.group(1)
    landline = TYPED_LANDLINE.match(text)
    if landline:
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    return text


def validate_phone(value):
    if not CANONICAL.match(normalize_phone(value)):
        raise ValidationError(
            _("请输入有效的手机号码（11位）或带区号的固定电话（如0771-1234567）。"), code="phone"
        )


def mask_phone(value):
    """13812345678 -> 138****5678: the first three and the last four characters stay readable."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
