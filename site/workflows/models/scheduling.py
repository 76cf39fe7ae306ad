"""Visit scheduling: how often elders are visited (rules an administrator edits, temporary surges)
and the visits the scheduler has asked for.

``workflows.schedule`` reads the rules and surges to decide what is due; the scheduler
(``workflows.scheduler``) records each visit it asks for as a ``ScheduledVisit`` whose case runs
``VisitFlow``; an overdue one gets a ``VisitEscalation`` for the township officer.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choice_prompts import PromptedAdminModelForm
from config.text_limits import LONG_TEXT, BoundedTextField


class VisitInterval(models.IntegerChoices):
    """How often, in days. Monthly and longer intervals run on calendar months (see ``workflows.schedule``)."""

    WEEKLY = 7, _("每周")
    FORTNIGHTLY = 14, _("每两周")
    MONTHLY = 30, _("每月")
    BIMONTHLY = 61, _("每两个月")
    QUARTERLY = 91, _("每季度")


class VisitFrequencyRule(models.Model):
    """How often elders of a category (or all elders) must be visited, everywhere or in one region's subtree.

    Of all active rules that apply to an elder (category among theirs or blank, region above
    their village or blank), the most frequent wins: a city or county adds a rule to visit more
    often, never less often than the region-wide default (方案 五(二): 失能 at least monthly).
    """

    base_form_class = PromptedAdminModelForm  # 请选择, not ---------, in the back office
    category = models.ForeignKey("registry.Category", verbose_name=_("对象类别"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+", help_text=_("留空表示所有对象"))
    region = models.ForeignKey("roles.Region", verbose_name=_("适用区域"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+",
                               help_text=_("本区域及下辖区域适用；留空表示全区适用"))
    interval_days = models.PositiveSmallIntegerField(_("探访频次"), choices=VisitInterval.choices,
                                                     default=VisitInterval.MONTHLY)
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("依据或说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("探访频次规则")
        verbose_name_plural = _("探访频次规则")
        ordering = ["region__path", "category__sort_order", "id"]

    def __str__(self):
        scope = self.region.name if self.region_id else _("全区")
        category = self.category.name if self.category_id else _("所有对象")
        return f"{scope} · {category} · {self.get_interval_days_display()}"


class VisitSurge(models.Model):
    """A temporary rise in visit frequency for a region and period, e.g. 高温天气 or 春节."""

    base_form_class = PromptedAdminModelForm  # 请选择, not ---------, in the back office
    region = models.ForeignKey("roles.Region", verbose_name=_("适用区域"), on_delete=models.CASCADE,
                               related_name="+", help_text=_("本区域及下辖区域适用"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    interval_days = models.PositiveSmallIntegerField(_("探访频次"), choices=VisitInterval.choices,
                                                     default=VisitInterval.WEEKLY)
    reason = models.CharField(_("原因"), max_length=100, help_text=_("如：高温天气、春节"))

    class Meta:
        verbose_name = _("临时加密探访")
        verbose_name_plural = _("临时加密探访")
        ordering = ["-start_date", "id"]

    def __str__(self):
        return f"{self.region} · {self.reason}（{self.start_date}至{self.end_date}）"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


class ScheduledVisit(models.Model):
    """One visit the scheduler asked for: an elder, the period it covers, its due date and its case.

    ``(elder, period_start)`` is unique, which makes the scheduler idempotent. ``record`` is the
    submitted visit record that completed it, ``completed_by`` who submitted it (not always the
    assigned visitor).
    """

    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="scheduled_visits")
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    due_date = models.DateField(_("应探访日期"))
    case = models.OneToOneField("workflows.Case", verbose_name=_("案件"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="scheduled_visit")
    record = models.ForeignKey("visit_forms.VisitRecord", verbose_name=_("探访记录"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("完成人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计划探访")
        verbose_name_plural = _("计划探访")
        ordering = ["-period_start", "id"]
        constraints = [models.UniqueConstraint(fields=["elder", "period_start"],
                                               name="workflows_scheduledvisit_one_per_period")]

    def __str__(self):
        return f"{self.elder}（{self.period_start}至{self.period_end}）"


class EscalationOutcome(models.TextChoices):
    URGED = "urged", _("已督促探访人员")
    VISITOR_CHANGED = "visitor_changed", _("已更换探访人员")
    ELDER_AWAY = "elder_away", _("老年人外出或住院")
    OTHER = "other", _("其他")
    # Set by the system, not chosen: submitting the visit closes its escalation (scheduler.complete_visit_task).
    VISITED = "visited", _("已完成探访")


class VisitEscalation(models.Model):
    """An overdue scheduled visit reported to the township officer (逾期探访督办), and what they did."""

    scheduled_visit = models.OneToOneField(ScheduledVisit, verbose_name=_("计划探访"), on_delete=models.CASCADE,
                                           related_name="escalation")
    case = models.OneToOneField("workflows.Case", verbose_name=_("案件"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="visit_escalation")
    outcome = models.CharField(_("处理结果"), max_length=20, choices=EscalationOutcome.choices, blank=True)
    note = BoundedTextField(_("处理情况"), max_length=LONG_TEXT, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("上报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("逾期探访督办")
        verbose_name_plural = _("逾期探访督办")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.scheduled_visit}：{self.get_outcome_display() or _('待处理')}"

    def mark_handled(self, user):
        """Save the outcome and note as handled by ``user`` now."""
        self.handled_by = user
        self.handled_at = timezone.now()
        self.save()
