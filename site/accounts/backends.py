"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


class TestClientAxesBackend(AxesStandaloneBackend):
    """For the test settings only: lets Django's ``Client.login()``, which passes no request, through.

    django-axes refuses ``authenticate()`` without a request. Every login page passes one, so
    lockout is still tested through the real pages; production uses ``AxesStandaloneBackend``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
