"""View decorators for our own (workbench) views."""

from functools import wraps

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required as django_login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

LOGIN_URL_NAME = "accounts:login"


def login_required(view=None, redirect_field_name=REDIRECT_FIELD_NAME):
    """Django's ``login_required`` pointed at the workbench login page (``accounts:login``)."""
    decorator = django_login_required(redirect_field_name=redirect_field_name, login_url=LOGIN_URL_NAME)
    return decorator(view) if view is not None else decorator


def otp_required(view):
    """Logged in *and* verified with a TOTP code; anyone else is sent to log in or to enrol/verify."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified():
            from accounts.two_factor import confirmed_device

            target = "accounts:two_factor_verify" if confirmed_device(request.user) else "accounts:two_factor_enroll"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
