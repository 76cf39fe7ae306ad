from . import admin_routing  # noqa: F401
