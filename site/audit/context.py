"""The request being served, for audit records written far from any view (model signals)."""

from contextvars import ContextVar

current_request = ContextVar("audit_current_request", default=None)


class AuditContextMiddleware:
    """Remember the current request (user, IP, path) while it is served.

    Goes after ``AuthenticationMiddleware``. Model changes saved outside a request (management
    commands, background tasks) find no request here and are recorded as "system".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
