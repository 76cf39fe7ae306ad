"""Password rules: 10+ characters, 3 of 4 character classes, not common, not like the account; in Chinese."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.roles.factories import UserFactory

pytestmark = pytest.mark.django_db


def problems(password, user=None):
    try:
        with translation.override("zh-hans"):
            validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize("password", ["Tanfang-2024x", "guangxi#Care9", "ABCdef123456", "探访关爱Ab12345!"])
def test_good_passwords_pass(password):
    assert problems(password) == ""


@pytest.mark.parametrize("password, message", [
    ("Ab1!short", "密码太短，至少需要10个字符"),
    ("alllowercaseletters", "至少3类"),
    ("lowercase123456", "至少3类"),
    ("UPPERlowercase", "至少3类"),
    ("Password123", "这个密码太常见"),
    ("1234567890", "密码不能全部是数字"),
])
def test_bad_passwords_are_refused_in_chinese(password, message):
    assert message in problems(password)


def test_a_password_like_the_account_name_is_refused():
    user = UserFactory(username="wuming_chengxiang", first_name="Wuming")
    assert "相似" in problems("Wuming_chengxiang1", user)
