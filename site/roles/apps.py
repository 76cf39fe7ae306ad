from django.apps import AppConfig


class RolesConfig(AppConfig):
    """Who works where: the region tree, the 11 departments of 附件1 and staff placement."""

    name = "roles"
    verbose_name = "区划与部门"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import ensure_standard_groups

        # After every app's migrate, once all permissions exist.
        post_migrate.connect(ensure_standard_groups, dispatch_uid="roles.ensure_standard_groups")
