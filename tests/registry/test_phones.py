"""Phone numbers: what is accepted, how it is stored, how it is masked."""

import pytest
from django.core.exceptions import ValidationError

from registry.phones import mask_phone, normalize_phone, validate_phone


@pytest.mark.parametrize(("typed", "stored"), [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("8613812345678", "13812345678"),
    ("19912345678", "19912345678"),
    ("0771-1234567", "0771-1234567"),
    ("0771 1234567", "0771-1234567"),
    ("(0771)1234567", "0771-1234567"),
    ("010-12345678", "010-12345678"),
    ("0771-1234567-801", "0771-1234567-801"),
    ("0771-1234567转801", "0771-1234567-801"),
])
def test_valid_numbers_are_normalised(typed, stored):
    validate_phone(typed)
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", [
    "12812345678",    # no 12x mobile prefix
    "1381234567",     # 10 digits
    "138123456789",   # 12 digits
    "1234567",        # landline without area code
    "0771-0234567",   # local numbers don't start with 0
    "0771-12345",     # too short
    "电话13812345678",
    "",
])
def test_invalid_numbers_get_the_chinese_message(typed):
    with pytest.raises(ValidationError) as raised:
        validate_phone(typed)
    assert "手机号码" in raised.value.messages[0] and "固定电话" in raised.value.messages[0]


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
