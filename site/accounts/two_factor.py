"""TOTP two-factor authentication (django-otp): who must use it, and the QR code to enrol.

Anyone may enrol a TOTP device from the account page; once enrolled, the account must enter a
code after every login. With ``TANFANG_REQUIRE_ADMIN_2FA`` on (production), an account that may
open the Wagtail admin is also sent to enrol before any ``/admin/`` page.
"""

from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

ADMIN_PERMISSION = "wagtailadmin.access_admin"


def two_factor_required_for_admin():
    return bool(getattr(settings, "TANFANG_REQUIRE_ADMIN_2FA", False))


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The unconfirmed device being enrolled, created on first use (one per account)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def qr_code_svg(text):
    """An inline <svg> of ``text`` as a QR code (no image file, no external service)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):]  # drop the XML declaration: it is invalid inside HTML


def _exempt(path):
    """Pages a half-signed-in account may still open: entering the code, signing out, assets."""
    pages = {reverse("accounts:two_factor_verify"), reverse("accounts:logout"), reverse("wagtailadmin_logout")}
    return path in pages or path.startswith((settings.STATIC_URL, settings.MEDIA_URL))


def _to(url_name, request):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


class TwoFactorMiddleware:
    """Send logged-in accounts that haven't entered their TOTP code to the verify (or enrol) page.

    Goes after ``django_otp.middleware.OTPMiddleware``. An account with a device can't reach the
    enrol page before entering a code, so a stolen password can't enrol the thief's device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _exempt(request.path):
            if user_has_device(user, confirmed=True):
                return _to("accounts:two_factor_verify", request)
            if (two_factor_required_for_admin() and request.path.startswith(reverse("wagtailadmin_home"))
                    and user.has_perm(ADMIN_PERMISSION)):
                return _to("accounts:two_factor_enroll", request)
        return self.get_response(request)
