"""Emergencies found on a visit (方案 六(三)): who was called, what was done, the outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.text_limits import REPORT_TEXT, BoundedTextField
from registry.fields import ChoiceListField


class EmergencyCall(models.TextChoices):
    AMBULANCE = "120", _("120急救")
    POLICE = "110", _("110报警")
    FIRE = "119", _("119火警")
    FAMILY = "family", _("家庭成员")
    EMERGENCY_CONTACT = "emergency_contact", _("紧急联系人")
    OTHER = "other", _("其他")


class EmergencyReport(models.Model):
    """How the township handled an emergency flagged on a visit, filed with that visit record.

    One per emergency case (``EmergencyFlow``), written when the 紧急情况处置 task is done.
    """

    case = models.OneToOneField("workflows.Case", verbose_name=_("案件"), on_delete=models.CASCADE,
                                related_name="emergency_report")
    record = models.ForeignKey("visit_forms.VisitRecord", verbose_name=_("探访记录"), on_delete=models.PROTECT,
                               related_name="emergency_reports")
    called = ChoiceListField(_("已联系"), item_choices=EmergencyCall.choices)
    called_other = models.CharField(_("其他联系对象"), max_length=100, blank=True)
    actions = BoundedTextField(_("处置情况"), max_length=REPORT_TEXT)
    outcome = BoundedTextField(_("处置结果"), max_length=REPORT_TEXT)
    handled_at = models.DateTimeField(_("处置时间"))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处置人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("紧急情况处置记录")
        verbose_name_plural = _("紧急情况处置记录")
        ordering = ["-handled_at", "-id"]

    def __str__(self):
        return f"紧急情况处置（{self.handled_at:%Y-%m-%d %H:%M}）"

    def called_display(self):
        labels = dict(EmergencyCall.choices)
        names = [str(labels[code]) for code in self.called if code != EmergencyCall.OTHER]
        if EmergencyCall.OTHER in self.called:
            names.append(self.called_other or str(labels[EmergencyCall.OTHER]))
        return "、".join(names)
