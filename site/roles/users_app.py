"""The app config that stands in for ``wagtail.users`` (see ``roles.users``).

Kept apart from the viewset so that INSTALLED_APPS can import it before models are ready.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    """``wagtail.users`` with the 三权分立 check on user forms."""

    user_viewset = "roles.users.UserViewSet"
