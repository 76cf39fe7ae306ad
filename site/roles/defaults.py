"""The standard roles of the plan, created after every migrate and then adjusted by administrators.

``ensure_standard_roles`` creates what is missing and grants a new role its default permissions;
it never takes a permission away from an existing role, so administrators' changes stay.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission

from .models import Role, RoleKind

READ_SUBTREE = ["view_elders", "export_elders", "print_elders", "reveal_personal_data", "view_access_log",
                "view_reports", "reassign_work"]
ADMIN_ACCESS = ["wagtailadmin.access_admin"]
VILLAGE_ADMIN = ["roles.view_region", "roles.add_region", "roles.change_region"]
# The visit record form and its follow-up rules are configuration, not case data.
FORM_CONFIGURATION = [f"visit_forms.{action}_{model}" for model in ("formdefinition", "followuprule")
                      for action in ("view", "add", "change")] + [
    "visit_forms.publish_formdefinition", "visit_forms.lock_formdefinition", "visit_forms.unlock_formdefinition",
    "visit_forms.delete_followuprule"]
# Where follow-ups are referred to: the routing table and the non-government providers.
REFERRAL_ROUTING = [f"workflows.{action}_{model}" for model in ("referralroute", "serviceprovider")
                    for action in ("view", "add", "change", "delete")]
# So are the visit frequency rules and temporary surges (workflows.schedule reads them).
VISIT_SCHEDULE_CONFIGURATION = [f"workflows.{action}_{model}" for model in ("visitfrequencyrule", "visitsurge")
                                for action in ("view", "add", "change", "delete")]


@dataclass
class RoleDefault:
    code: str
    name: str
    kind: str
    level: str = ""
    group_permissions: list = field(default_factory=list)
    region_permissions: list = field(default_factory=list)
    department_permissions: list = field(default_factory=list)
    description: str = ""


STANDARD_ROLES = [
    RoleDefault("province_civil_affairs", "自治区民政管理员", RoleKind.CIVIL_AFFAIRS, "province",
                [*ADMIN_ACCESS, *VILLAGE_ADMIN, *FORM_CONFIGURATION, *REFERRAL_ROUTING,
                 *VISIT_SCHEDULE_CONFIGURATION, "roles.view_department", "roles.change_department"],
                [*READ_SUBTREE, "manage_villages"],
                description="查阅全区档案和报表，调整工作分配，维护部门职责、探访记录表、跟进规则和探访频次等配置。"),
    RoleDefault("city_civil_affairs", "市级民政管理员", RoleKind.CIVIL_AFFAIRS, "city",
                [*ADMIN_ACCESS, *VILLAGE_ADMIN], [*READ_SUBTREE, "manage_villages"],
                description="查阅本市档案和报表，调整工作分配。"),
    RoleDefault("county_civil_affairs", "县级民政管理员", RoleKind.CIVIL_AFFAIRS, "county",
                [*ADMIN_ACCESS, *VILLAGE_ADMIN], [*READ_SUBTREE, "manage_villages"],
                description="统筹指导本县摸底排查，查阅档案和报表，调整工作分配。"),
    RoleDefault("township_officer", "乡镇(街道)工作人员", RoleKind.TOWNSHIP_OFFICER, "township", [],
                [*READ_SUBTREE, "manage_elders", "census_elders", "assign_visitors", "manage_villages"],
                description="管理本乡镇(街道)的老年人档案、探访分配和工作任务。"),
    RoleDefault("village_worker", "村(社区)工作人员", RoleKind.VILLAGE_WORKER, "village", [],
                ["view_elders", "census_elders", "print_elders"],
                description="在本村(社区)入户核实（摸底排查）并开展探访。"),
    RoleDefault("visitor", "探访人员", RoleKind.VISITOR, "",
                description="志愿者、社会工作者、家庭医生、物业人员、老年协会成员等，只探访分配给本人的老年人。"),
    RoleDefault("department_staff", "部门工作人员", RoleKind.DEPARTMENT_STAFF, "", [], [], ["handle_referrals"],
                description="只办理本辖区转介到本部门的事项，只看到事项所需的档案内容。"),
    RoleDefault("cms_editor", "网站编辑", RoleKind.CMS_EDITOR, "",
                description="编辑公开网站页面，不接触老年人档案。"),
    RoleDefault("system_admin", "系统管理员", RoleKind.SYSTEM_ADMIN, "",
                [*ADMIN_ACCESS, "auth.add_user", "auth.change_user", "auth.view_user", "roles.view_role",
                 "roles.change_role", "roles.add_staffprofile", "roles.change_staffprofile",
                 "roles.view_staffprofile"],
                description="管理账号、角色和配置，不查看老年人档案。"),
    RoleDefault("security_admin", "安全管理员", RoleKind.SECURITY_ADMIN, "", [*ADMIN_ACCESS],
                description="管理安全策略、登录锁定和双因素认证。"),
    RoleDefault("audit_admin", "审计管理员", RoleKind.AUDIT_ADMIN, "", [*ADMIN_ACCESS],
                description="查阅审计记录，不能修改或删除。"),
]


def _permissions(dotted_names, default_app=None):
    """Existing permissions named "app.codename" (or bare codenames of ``default_app``)."""
    wanted = {tuple(name.split(".", 1)) if "." in name else (default_app, name) for name in dotted_names}
    candidates = Permission.objects.filter(codename__in={codename for _, codename in wanted})
    return [p for p in candidates.select_related("content_type") if (p.content_type.app_label, p.codename) in wanted]


def ensure_standard_roles(**kwargs):
    """Create missing roles with their default permissions (a post_migrate receiver).

    post_migrate fires once per app, so permissions of apps migrated later appear on later calls:
    group permissions are topped up each time, and a role's object-permission sets are filled
    while it has none.
    """
    for order, default in enumerate(STANDARD_ROLES, start=1):
        group, _ = Group.objects.get_or_create(name=default.name)
        group.permissions.add(*_permissions(default.group_permissions))
        role, _ = Role.objects.get_or_create(code=default.code, defaults={
            "name": default.name, "kind": default.kind, "level": default.level, "group": group,
            "description": default.description, "sort_order": order})
        if not role.region_permissions.exists():
            role.region_permissions.add(*_permissions(default.region_permissions, "roles"))
        if not role.department_permissions.exists():
            role.department_permissions.add(*_permissions(default.department_permissions, "roles"))
