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
