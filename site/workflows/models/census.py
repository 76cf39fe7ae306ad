"""What a census case (摸底排查) found and decided: ``CensusReview``, one per census ``Case``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.text_limits import REPORT_TEXT, BoundedTextField


class CensusDecision(models.TextChoices):
    APPROVE = "approve", _("核实通过，纳入探访对象")
    MERGE = "merge", _("与已有档案为同一人，合并")
    REJECT = "reject", _("不予通过")


class CensusReview(models.Model):
    """The door-step verification and the township's decision on one newly registered elder.

    Written by ``workflows.census``: the village worker's verification (who, when, notes), then
    the township officer's decision. A merged record points at the record that is kept
    (``merged_into``); the pending record itself stays, with status 重复登记已合并, so its history
    stays too.
    """

    case = models.OneToOneField("workflows.Case", verbose_name=_("案件"), on_delete=models.CASCADE,
                                related_name="census_review")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核实人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verification_notes = BoundedTextField(_("核实情况"), max_length=REPORT_TEXT, blank=True)
    decision = models.CharField(_("审核结果"), max_length=10, choices=CensusDecision.choices, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    merged_into = models.ForeignKey("registry.Elder", verbose_name=_("合并到"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("摸底排查核实")
        verbose_name_plural = _("摸底排查核实")

    def __str__(self):
        return f"{self.case.elder}：{self.get_decision_display() or _('待审核')}"
