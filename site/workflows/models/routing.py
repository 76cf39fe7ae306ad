"""How a follow-up found on a visit becomes a case: the routing table and the flag-to-case link.

``ReferralRoute`` rows (edited by administrators in the back office) say which department or
non-government ``ServiceProvider`` receives a follow-up flag, and in how many days it must be
dealt with. ``FollowUpCase`` ties each flag to the one case started for it (``workflows.follow_ups``).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choice_prompts import PromptedAdminModelForm
from forms.choices import FollowUpKind
from registry.fields import PhoneNumberField

DEFAULT_DUE_DAYS = 7


def due_date_in(days):
    """The due date of a referral made today with ``days`` to deal with it."""
    return timezone.localdate() + timedelta(days=days)


class ProviderKind(models.TextChoices):
    """The social forces of 方案 六(四) that take on care services."""

    CARE_INSTITUTION = "care_institution", _("养老服务机构")
    SOCIAL_WORK = "social_work", _("社会工作服务机构")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    ENTERPRISE = "enterprise", _("企业")
    PROPERTY_SERVICE = "property_service", _("物业服务企业")
    VOLUNTEER = "volunteer", _("志愿服务组织")
    OTHER = "other", _("其他")


class ServiceProvider(models.Model):
    """A non-government provider that takes referrals (方案 六(四)): it has no account.

    The township records its acceptance and its service on its behalf, and a referral to it needs
    the elder's recorded consent (``provider_consent_error``).
    """

    base_form_class = PromptedAdminModelForm  # 请选择, not ---------, in the back office
    name = models.CharField(_("名称"), max_length=80, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=ProviderKind.choices)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = PhoneNumberField(_("联系电话"), blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReferralRouteQuerySet(models.QuerySet):
    def for_flag(self, flag):
        """The first active route (in 排序 order) that matches ``flag`` of a visit to its elder, or None."""
        elder = flag.record.elder
        routes = self.filter(active=True).select_related("region", "department", "provider")
        return next((route for route in routes if route.matches(flag, elder)), None)


class ReferralRoute(models.Model):
    """One row of the routing table: a kind of follow-up → the department or provider that handles it.

    A row matches a ``forms.FollowUpFlag`` on every criterion it fills in: the follow-up rule, the
    kind, the field key, keywords found in what the visitor wrote (e.g. 康复 in 老年人服务需求), and
    the region the elder lives in. The first matching row in ``sort_order`` wins, so rows with
    keywords go before a catch-all row for the same field.
    """

    base_form_class = PromptedAdminModelForm  # 请选择, not ---------, in the back office
    rule = models.ForeignKey("visit_forms.FollowUpRule", verbose_name=_("跟进规则"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="routes")
    kind = models.CharField(_("跟进类型"), max_length=12, choices=FollowUpKind.choices, blank=True)
    field_key = models.CharField(_("字段标识"), max_length=50, blank=True, help_text=_("如 fire_safety"))
    keywords = models.CharField(
        _("关键词"), max_length=200, blank=True,
        help_text=_("填写后，仅当填写内容包含其中一个词时适用，多个用逗号分隔，如：康复,护理"))
    region = models.ForeignKey("roles.Region", verbose_name=_("适用区域"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("留空则全区适用；填写后只适用于该区域内的老年人"))
    department = models.ForeignKey("roles.Department", verbose_name=_("承办部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="referral_routes")
    provider = models.ForeignKey(ServiceProvider, verbose_name=_("服务机构"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="referral_routes")
    due_days = models.PositiveSmallIntegerField(_("办理期限（天）"), default=DEFAULT_DUE_DAYS)
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ReferralRouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("转介路由")
        verbose_name_plural = _("转介路由")
        ordering = ["sort_order", "id"]

    def __str__(self):
        what = self.rule or (self.field_key and self.field_label) or self.get_kind_display()
        if self.keywords:
            what = f"{what}（{self.keywords}）"
        return f"{what} → {self.recipient}"

    @property
    def recipient(self):
        return self.department or self.provider

    @property
    def field_label(self):
        from forms.rules import field_label

        return field_label(self.field_key)

    @property
    def keyword_list(self):
        return [word.strip() for word in self.keywords.replace("，", ",").split(",") if word.strip()]

    def matches(self, flag, elder):
        return ((self.rule_id is None or self.rule_id == flag.rule_id)
                and (not self.kind or self.kind == flag.kind)
                and (not self.field_key or self.field_key == flag.field_key)
                and (not self.keyword_list or any(word in flag.detail for word in self.keyword_list))
                and (self.region_id is None or elder.village.path.startswith(self.region.path)))

    def due_date(self):
        return due_date_in(self.due_days)

    def clean(self):
        super().clean()
        if bool(self.department_id) == bool(self.provider_id):
            raise ValidationError({"department": _("请选择承办部门或服务机构（二者选一）。")})
        if not (self.rule_id or self.kind or self.field_key):
            raise ValidationError({"kind": _("请至少填写跟进规则、跟进类型或字段标识中的一项。")})
        if self.kind == FollowUpKind.EMERGENCY or (self.rule_id and self.rule.kind == FollowUpKind.EMERGENCY):
            raise ValidationError({"kind": _("紧急情况直接由乡镇（街道）处置，不转介。")})


class FollowUpCase(models.Model):
    """The one case started for a follow-up flag: a referral or an emergency (``workflows.follow_ups``).

    The unique flag makes starting follow-ups idempotent; the case's end closes the flag.
    """

    flag = models.OneToOneField("visit_forms.FollowUpFlag", verbose_name=_("待跟进事项"),
                                on_delete=models.PROTECT, related_name="follow_up_case")
    case = models.OneToOneField("workflows.Case", verbose_name=_("案件"), on_delete=models.CASCADE,
                                related_name="follow_up")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("跟进案件")
        verbose_name_plural = _("跟进案件")

    def __str__(self):
        return f"{self.flag} → {self.case_id}"
