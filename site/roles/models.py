"""The region tree, the departments of 附件1 and where each staff member works."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    duties = models.TextField(_("职责"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """Where a staff account works: its region and, for department staff, its department.

    Access is scoped by this placement (the roles issue builds the permission model on it);
    an account without a profile sees no case data at all.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("职务"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.region}）"
