"""The 审计管理员 group: may open the Wagtail admin and read the audit trail, nothing else."""

from django.contrib.auth.models import Group, Permission

AUDIT_ADMIN_GROUP = "审计管理员"
AUDIT_ADMIN_PERMISSIONS = [("wagtailadmin", "access_admin"), ("audit", "view_auditevent")]


def ensure_audit_group(**kwargs):
    """Create the group and grant its permissions; connected to post_migrate (fires once per app)."""
    group, _ = Group.objects.get_or_create(name=AUDIT_ADMIN_GROUP)
    for app_label, codename in AUDIT_ADMIN_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


def may_read_audit_trail(user):
    """三权分立: only a member of the 审计管理员 group reads the audit trail.

    Superuser status grants nothing here (the system administrator must not read the trail of
    his own actions), not even to a superuser who is also put in the group.
    """
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and not user.is_superuser
        and user.has_perm("audit.view_auditevent") and user.groups.filter(name=AUDIT_ADMIN_GROUP).exists()
    )
