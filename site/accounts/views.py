"""Workbench sign-in and sign-out, the account page, and TOTP enrolment, verification and removal."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

import audit
from accounts.decorators import login_required
from accounts.forms import LoginForm, TokenForm
from accounts.two_factor import confirmed_device, pending_device, qr_code_svg, two_factor_required_for_admin
from audit.models import Action, Outcome


def home_url():
    """The workbench home once the workbench app is mounted, the site's home until then."""
    try:
        return reverse("workbench:home")
    except NoReverseMatch:
        return "/"


def safe_next(request, default):
    """The ``next`` parameter if it points inside this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    """The workbench's sign-in page; django-axes answers 429 after 5 failures of one username."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_default_redirect_url(self):
        return home_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "admin_2fa_required": two_factor_required_for_admin()}

    def form_valid(self, form):
        response = super().form_valid(form)
        if confirmed_device(form.get_user()):
            return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': self.get_success_url()})}")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the rules of AUTH_PASSWORD_VALIDATORS apply, the change is audited."""

    template_name = "accounts/password_change.html"

    def get_success_url(self):
        return reverse("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request, Action.CHANGE, self.request.user, fields=["password"])
        messages.success(self.request, "密码已修改。")
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link can't sign anyone out."""

    next_page = "accounts:login"


@login_required
def account(request):
    return render(request, "accounts/account.html", {
        "device": confirmed_device(request.user), "admin_2fa_required": two_factor_required_for_admin(),
    })


@login_required
def two_factor_enroll(request):
    """Show a new secret as a QR code and as text; a correct code from the app confirms it."""
    if confirmed_device(request.user):
        return redirect("accounts:account")
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record(request, Action.OTP_ENABLE)
            return redirect(safe_next(request, reverse("accounts:account")))
        form.add_error("token", "验证码不正确，请确认手机时间准确后重新输入。")
    return render(request, "accounts/two_factor_enroll.html", {
        "form": form, "qr_svg": qr_code_svg(device.config_url), "secret": _grouped_secret(device),
        "next": safe_next(request, ""),
    })


def _grouped_secret(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor_verify(request):
    """After the password: the code from the enrolled app (django-otp throttles wrong codes)."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("accounts:two_factor_enroll")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            audit.record(request, Action.OTP_VERIFY)
            return redirect(safe_next(request, home_url()))
        audit.record(request, Action.OTP_VERIFY, outcome=Outcome.FAILURE)
        form.add_error("token", "验证码不正确或尝试过于频繁，请稍后重新输入。")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request, "")})


@require_POST
@login_required
def two_factor_disable(request):
    """Remove the account's devices; needs a current code, so a borrowed session can't do it."""
    device = confirmed_device(request.user)
    form = TokenForm(request.POST)
    if device is None:
        return redirect("accounts:account")
    if not (form.is_valid() and device.verify_token(form.cleaned_data["token"])):
        return render(request, "accounts/account.html", {
            "device": device, "disable_form": form, "disable_error": "验证码不正确，双因素认证未停用。",
            "admin_2fa_required": two_factor_required_for_admin(),
        }, status=400)
    TOTPDevice.objects.devices_for_user(request.user, confirmed=None).delete()
    audit.record(request, Action.OTP_DISABLE)
    return redirect("accounts:account")
