"""Password rules, every message in Chinese (Django's own Chinese catalogue misses some of them).

Django's length, similarity, common-password and all-digits checks, with our wording, plus a
rule of our own: at least three of four character classes.
"""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要{self.min_length}个字符。"

    def get_help_text(self):
        return f"密码至少需要{self.min_length}个字符。"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与%(verbose_name)s太相似。"

    def get_help_text(self):
        return "密码不能与用户名、姓名、邮箱等个人信息相似。"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，容易被猜中。"

    def get_help_text(self):
        return "不能使用常见密码。"


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全部是数字。"

    def get_help_text(self):
        return "密码不能全部是数字。"


CHARACTER_CLASSES = {
    "大写字母": lambda c: c.isascii() and c.isupper(),
    "小写字母": lambda c: c.isascii() and c.islower(),
    "数字": lambda c: c.isdigit(),
    "符号": lambda c: c in string.punctuation or not (c.isalnum() or c.isspace()),
}


class CharacterClassesValidator:
    """At least ``min_classes`` of upper-case letters, lower-case letters, digits and symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, test in CHARACTER_CLASSES.items() if any(test(c) for c in password)]
        if len(present) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"
