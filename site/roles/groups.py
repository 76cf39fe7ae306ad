"""The standard staff groups and their model permissions, kept in step after every migrate.

Region and department scope is not a permission here: it comes from each account's
StaffProfile (see ``roles.scope``). These groups only say what kind of work a role does.
Administrators may add permissions to a group; ``ensure_standard_groups`` never removes any.
"""

from django.contrib.auth.models import Group, Permission

REGISTRY_ADMIN = ["registry.view_elder", "registry.add_elder", "registry.change_elder"]
VILLAGE_ADMIN = ["roles.view_region", "roles.add_region", "roles.change_region"]

# name -> permissions ("app_label.codename")
STANDARD_GROUPS = {
    "自治区民政管理员": [
        "wagtailadmin.access_admin", *REGISTRY_ADMIN, *VILLAGE_ADMIN,
        "roles.view_department", "roles.change_department",
    ],
    "市级民政管理员": ["wagtailadmin.access_admin", *REGISTRY_ADMIN, *VILLAGE_ADMIN],
    "县级民政管理员": ["wagtailadmin.access_admin", *REGISTRY_ADMIN, *VILLAGE_ADMIN],
    # Township, village, visitor and department staff work in the workbench, not the Wagtail admin.
    "乡镇(街道)工作人员": [],
    "村(社区)工作人员": [],
    "探访人员": [],
    "部门工作人员": [],
}


def _existing_permissions(dotted_names):
    wanted = {tuple(dotted.split(".", 1)) for dotted in dotted_names}
    candidates = Permission.objects.filter(codename__in={codename for _, codename in wanted})
    return [p for p in candidates.select_related("content_type") if (p.content_type.app_label, p.codename) in wanted]


def ensure_standard_groups(**kwargs):
    """Create the standard groups and grant their permissions.

    Connected to post_migrate, which fires once per app: permissions of apps migrated later
    don't exist yet on the early calls and are granted on the later ones.
    """
    for name, permissions in STANDARD_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_existing_permissions(permissions))
