"""Session limits: 30 minutes idle (settings) and 12 hours after login at most (this middleware).

The idle limit moves on with use: a request more than ``RENEW_SECONDS`` after the session was last
written writes it again (and so pushes its expiry back 30 minutes). Writing it on every request
(``SESSION_SAVE_EVERY_REQUEST``) cost every page three queries for a minute's precision.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

LOGIN_AT_KEY = "tanfang_login_at"
RENEWED_AT_KEY = "tanfang_renewed_at"
RENEW_SECONDS = 60


def absolute_limit_seconds():
    return int(getattr(settings, "TANFANG_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))


def remember_login_time(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = int(time.time())


class AbsoluteSessionLimitMiddleware:
    """Log out a session 12 hours after its login, however active it has been; renew the idle limit.

    Goes after ``AuthenticationMiddleware`` and ``MessageMiddleware``. The logout is recorded in
    the audit trail with the reason ``absolute_timeout``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.setdefault(LOGIN_AT_KEY, now)
            if now - request.session.get(RENEWED_AT_KEY, 0) >= RENEW_SECONDS:
                request.session[RENEWED_AT_KEY] = now  # a modified session is saved with a new expiry
            if now - login_at > absolute_limit_seconds():
                request.audit_logout_reason = "absolute_timeout"
                logout(request)
                messages.info(request, "登录已超过12小时，请重新登录。")
        return self.get_response(request)
