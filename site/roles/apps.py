from django.apps import AppConfig


class RolesConfig(AppConfig):
    """Who works where and in which role: the region tree, the 11 departments of 附件1, roles, scope."""

    name = "roles"
    verbose_name = "区划与部门"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import permissions
        from .defaults import ensure_standard_roles

        post_migrate.connect(ensure_standard_roles, dispatch_uid="roles.ensure_standard_roles")
        permissions.connect()

