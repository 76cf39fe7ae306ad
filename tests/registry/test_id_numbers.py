"""公民身份号码: check character, dates, length, builder, masking (no database needed)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from registry.dates import age_on, china_today
from registry.id_numbers import (
    birth_date_of,
    build_id_number,
    check_character,
    mask_id_number,
    normalize_id_number,
    sex_of,
    validate_id_number,
)


def error_code(value):
    with pytest.raises(ValidationError) as raised:
        validate_id_number(value)
    return raised.value.code, raised.value.messages[0]


@pytest.mark.parametrize("number", [
    "11010519491231002X",   # the example printed in GB 11643-1999
    "450103194805061238",   # 南宁 青秀区, 1948
    "452722193608150046",   # an old 河池地区 county code that no longer exists
    "450102195203081512",
    "450305196309010020",
    "452123193002145668",
])
def test_valid_numbers_of_people_born_1930_to_1965_pass(number):
    validate_id_number(number)


def test_check_character_matches_the_standard_examples():
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"


def test_lowercase_x_is_accepted_and_normalised():
    validate_id_number("11010519491231002x")
    assert normalize_id_number(" 11010519491231002x ") == "11010519491231002X"


def test_wrong_check_digit():
    code, message = error_code("450103194805061234")
    assert code == "id_number_check_digit"
    assert "校验码" in message


def test_impossible_date():
    first_17 = "45010319650230123"
    code, message = error_code(first_17 + check_character(first_17))
    assert code == "id_number_date"
    assert "19650230" in message and "不存在" in message


@pytest.mark.parametrize("born", [date(1889, 12, 31), china_today() + timedelta(days=1)])
def test_birth_date_before_1890_or_in_the_future(born):
    code, _message = error_code(build_id_number("450103", born, 12))
    assert code == "id_number_date"


def test_fifteen_digit_old_number_asks_for_conversion():
    code, message = error_code("450103480506123")
    assert code == "id_number_15_digits"
    assert "15位" in message and "18位" in message


@pytest.mark.parametrize("value", ["45010319480506123", "4501031948050612381"])
def test_wrong_length(value):
    code, message = error_code(value)
    assert code == "id_number_length"
    assert "18位" in message


def test_bad_characters():
    code, message = error_code("4501031948O506123X")
    assert code == "id_number_characters"
    assert "数字" in message


def test_implausible_province_code():
    first_17 = "99010319480506123"
    code, message = error_code(first_17 + check_character(first_17))
    assert code == "id_number_province"
    assert "99" in message


def test_messages_are_distinct():
    first_17 = "45010319650230123"
    values = ["450103480506123", "45010319480506123", "4501031948O506123X",
              first_17 + check_character(first_17), "450103194805061234"]
    assert len({error_code(value)[1] for value in values}) == len(values)


def test_builder_makes_valid_numbers_with_sex_from_the_sequence_parity():
    man = build_id_number("450102", date(1950, 3, 8), 151)
    woman = build_id_number("450102", date(1950, 3, 8), 152)
    validate_id_number(man)
    validate_id_number(woman)
    assert man[:14] == "45010219500308"
    assert (sex_of(man), sex_of(woman)) == ("male", "female")
    assert birth_date_of(man) == date(1950, 3, 8)


def test_builder_rejects_a_bad_area_code():
    with pytest.raises(ValueError):
        build_id_number("4501", date(1950, 1, 1), 1)


def test_mask_id_number():
    assert mask_id_number("450103194805061234") == "450103********1234"
    assert mask_id_number("") == ""


def test_age_counts_completed_years():
    assert age_on(date(1960, 6, 15), date(2020, 6, 14)) == 59
    assert age_on(date(1960, 6, 15), date(2020, 6, 15)) == 60
    assert age_on(date(1960, 2, 29), date(2020, 2, 28)) == 59
