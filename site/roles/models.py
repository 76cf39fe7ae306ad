"""The region tree, the departments of 附件1 and where each staff member works."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from config.text_limits import LONG_TEXT, REPORT_TEXT, BoundedTextField
from registry.fields import PhoneNumberField


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("自治区")
    CITY = "city", _("市")
    COUNTY = "county", _("县(市、区)")
    TOWNSHIP = "township", _("乡镇(街道)")
    VILLAGE = "village", _("村(社区)")


LEVEL_ORDER = list(RegionLevel.values)

# How many leading digits of the 12-digit statistical code a level owns (GB/T 2260 + 统计用区划代码).
CODE_PREFIX_LENGTH = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}


def region_path(code, parent_path=""):
    """The materialized path of a region: its ancestors' codes and its own, each closed by '/'."""
    return f"{parent_path}{code}/"


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """The region and everything under it: one indexed prefix query on the materialized path."""
        if region is None:
            return self.none()
        return self.filter(path__startswith=region.path)

    def of_level(self, level):
        return self.filter(level=level)


class Region(models.Model):
    """One administrative division, 自治区 > 市 > 县(市、区) > 乡镇(街道) > 村(社区).

    Cities, counties and townships come from the official codes (roles/data/guangxi_divisions.csv);
    villages are added by staff. ``path`` is the chain of codes from the root, so "everything
    under this county" is ``path LIKE '<county path>%'`` on an indexed column.
    """

    code = models.CharField(
        _("统计用区划代码"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{12}$", _("区划代码应为12位数字。"))],
    )
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=80, unique=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        # Granted on one region object per account (django-guardian): they hold in its subtree.
        permissions = [
            ("view_elders", _("查看辖区老年人档案")),
            ("manage_elders", _("登记和修改辖区老年人档案")),
            ("census_elders", _("入户核实（摸底排查）")),
            ("assign_visitors", _("分配探访人员和第一探访联系人")),
            ("export_elders", _("导出辖区老年人信息")),
            ("print_elders", _("打印辖区老年人档案")),
            ("reveal_personal_data", _("查看完整公民身份号码和电话（须说明理由）")),
            ("view_access_log", _("查看档案访问记录")),
            ("view_reports", _("查看辖区统计报表")),
            ("reassign_work", _("调整辖区工作分配")),
            ("manage_villages", _("维护辖区村(社区)")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = region_path(self.code, self.parent.path if self.parent_id else "")
        super().save(*args, **kwargs)

    def clean(self):
        expected_parent = LEVEL_ORDER[LEVEL_ORDER.index(self.level) - 1] if self.level != "province" else None
        if expected_parent is None:
            if self.parent_id:
                raise ValidationError({"parent": _("自治区不能有上级区划。")})
            return
        if self.parent is None or self.parent.level != expected_parent:
            raise ValidationError(
                {"parent": _("%(level)s的上级必须是%(parent)s。") % {
                    "level": self.get_level_display(), "parent": RegionLevel(expected_parent).label}}
            )
        shared = CODE_PREFIX_LENGTH[expected_parent]
        if self.code and self.code[:shared] != self.parent.code[:shared]:
            raise ValidationError(
                {"code": _("区划代码前%(n)d位应与上级“%(parent)s”的代码一致（%(prefix)s）。") % {
                    "n": shared, "parent": self.parent.name, "prefix": self.parent.code[:shared]}}
            )

    @property
    def is_whole_tree(self):
        """The province: a deployment serves one province, whose tree holds every region."""
        return self.parent_id is None and self.level == RegionLevel.PROVINCE

    def subtree(self, prefix=""):
        """A filter for rows whose region (reached through ``prefix``, e.g. ``"village__"``) is this region
        or under it. For the province, "has a region" (``village_id IS NOT NULL``): a query of the whole
        province needs no join to the regions. (Never an empty ``Q()``, which an OR would swallow.)"""
        if self.is_whole_tree:
            return models.Q(**{f"{prefix}isnull" if prefix else "pk__isnull": False})
        return models.Q(**{f"{prefix}path__startswith": self.path})

    @cached_property
    def child_regions(self):
        """The regions one level down, by path: read once per instance (a dashboard's panels share it)."""
        return list(self.children.order_by("path"))

    def ancestors(self):
        """From the root down to this region's parent, in one query."""
        codes = [code for code in self.path.split("/") if code][:-1]
        return Region.objects.filter(code__in=codes).order_by("path")

    def ancestor_of_level(self, level):
        if self.level == level:
            return self
        return next((region for region in self.ancestors() if region.level == level), None)

    @property
    def full_name(self):
        """Names from the city down, as written on the 附件2 address line."""
        names = [region.name for region in self.ancestors() if region.level != RegionLevel.PROVINCE]
        return "".join(names + [self.name])


class Department(models.Model):
    """One of the 11 departments of 附件1 (探访关爱服务部门职责分工), with its duty text.

    Administrators edit the text; the public departments page lists them in ``sort_order``.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    duties = BoundedTextField(_("职责"), max_length=REPORT_TEXT)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "id"]
        # Granted on the account's own department object (django-guardian).
        permissions = [("handle_referrals", _("办理转介到本部门的事项"))]

    def __str__(self):
        return self.name


class RoleKind(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("民政部门")
    TOWNSHIP_OFFICER = "township_officer", _("乡镇(街道)工作人员")
    VILLAGE_WORKER = "village_worker", _("村(社区)工作人员")
    VISITOR = "visitor", _("探访人员")
    DEPARTMENT_STAFF = "department_staff", _("部门工作人员")
    CMS_EDITOR = "cms_editor", _("网站编辑")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 三权分立: nobody holds two of these.
SEPARATED_ADMIN_KINDS = {RoleKind.SYSTEM_ADMIN, RoleKind.SECURITY_ADMIN, RoleKind.AUDIT_ADMIN}


def _permissions_of(model_name):
    return {"content_type__app_label": "roles", "content_type__model": model_name}


class Role(models.Model):
    """A job of the plan (县级民政, 乡镇干部, 志愿者, 消防救援 staff, ...), as data administrators adjust.

    ``group`` carries the model-level permissions of the job (e.g. Wagtail admin access), and
    every holder of the role is a member. ``region_permissions`` are granted on the holder's own
    region object and ``department_permissions`` on their department (django-guardian), so that
    they hold in that subtree or department only; ``roles.permissions`` keeps them in step.
    ``level`` is where holders are placed in the region tree.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=RoleKind.choices)
    level = models.CharField(_("所在层级"), max_length=10, choices=RegionLevel.choices, blank=True)
    group = models.OneToOneField(Group, verbose_name=_("用户组"), on_delete=models.PROTECT, related_name="role")
    region_permissions = models.ManyToManyField(
        Permission, verbose_name=_("在所属区划授予的权限"), blank=True, related_name="+",
        limit_choices_to=_permissions_of("region"),
    )
    department_permissions = models.ManyToManyField(
        Permission, verbose_name=_("在所属部门授予的权限"), blank=True, related_name="+",
        limit_choices_to=_permissions_of("department"),
    )
    description = BoundedTextField(_("说明"), max_length=LONG_TEXT, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """Where a staff account works and in which role: its region and, for department staff, department.

    Access is scoped by this placement (``roles.access``); an account without a profile sees no
    case data at all. Saving a profile re-grants the role's object permissions (``roles.permissions``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    role = models.ForeignKey(Role, verbose_name=_("角色"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="profiles")
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("职务"), max_length=40, blank=True)
    phone = PhoneNumberField(_("联系电话"), blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.region}）"

    def clean(self):
        if not self.role_id:
            return
        if self.role.level and self.region_id and self.region.level != self.role.level:
            raise ValidationError({"region": _("“%(role)s”应设在%(level)s一级。") % {
                "role": self.role.name, "level": RegionLevel(self.role.level).label}})
        if (self.role.kind == RoleKind.DEPARTMENT_STAFF) != bool(self.department_id):
            raise ValidationError({"department": _("部门工作人员须选择所属部门，其他角色不选部门。")})
