"""Referrals: a need or hazard found on a visit, routed to a department or provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("已退回")
    COMPLETED = "completed", _("已办结")


OPEN_REFERRAL_STATUSES = [ReferralStatus.PENDING, ReferralStatus.ACCEPTED]


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_REFERRAL_STATUSES)


class Referral(models.Model):
    """A need or hazard found on a visit, routed to the department that can meet it (方案 六(三)).

    Department staff see an elder's file only through an open referral to their department in
    their region (``roles.access``), and only the part the referral needs.
    """

    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="referrals")
    department = models.ForeignKey("roles.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT,
                                   related_name="referrals")
    need = models.CharField(_("转介事项"), max_length=100)
    detail = models.TextField(_("情况说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.PENDING, db_index=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("转介人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("转介时间"), auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.need}（{self.department}）"
