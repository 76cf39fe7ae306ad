"""Sign-in and TOTP code forms, labelled in Chinese for the workbench's phone-first pages."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(AuthenticationForm):
    """Django's authentication form (it passes the request, which django-axes needs)."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意区分大小写；连续输错5次，账号将被锁定30分钟。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = "密码"
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class AdminLoginForm(WagtailLoginForm):
    """The Wagtail admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM): Wagtail declares its password field
    without a label, so Django would print the field name, "Password"."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = "密码"


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app."""

    token = forms.RegexField(
        label="6位验证码", regex=r"^\s*\d{6}\s*$", max_length=10,
        error_messages={"invalid": "请输入身份验证器显示的6位数字。", "required": "请输入6位验证码。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"\d{6}"}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()
