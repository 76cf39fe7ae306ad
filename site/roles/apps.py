from django.apps import AppConfig


class RolesConfig(AppConfig):
    """Who works where: the region tree, the 11 departments of 附件1 and staff placement."""

    name = "roles"
    verbose_name = "区划与部门"
