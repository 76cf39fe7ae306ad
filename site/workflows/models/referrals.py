"""Referrals: a need or hazard found on a visit, routed to a department or provider, then served
(附件2 六 关爱服务情况) and reviewed by someone other than the server (老年人服务满意度评价)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.text_limits import LONG_TEXT, REPORT_TEXT, BoundedTextField


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("已退回")
    COMPLETED = "completed", _("已办结")


OPEN_REFERRAL_STATUSES = [ReferralStatus.PENDING, ReferralStatus.ACCEPTED]


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_REFERRAL_STATUSES)

    def current(self, case):
        """The referral a case is working on: its latest (a rejected one is followed by a new row)."""
        return self.filter(case=case).order_by("-pk").first()


class Referral(models.Model):
    """A need or hazard found on a visit, routed to the department that can meet it (方案 六(三)).

    Department staff see an elder's file only through an open referral to their department in
    their region (``roles.access``), and only the part the referral needs. A referral goes to a
    department or to a non-government ``ServiceProvider`` (never both). Rerouting after a rejection
    adds a new row to the same case, so the rejected one stays as history.
    """

    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="referrals")
    department = models.ForeignKey("roles.Department", verbose_name=_("承办部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="referrals")
    provider = models.ForeignKey("workflows.ServiceProvider", verbose_name=_("服务机构"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey("workflows.Case", verbose_name=_("案件"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="referrals")
    flag = models.ForeignKey("visit_forms.FollowUpFlag", verbose_name=_("待跟进事项"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="referrals")
    need = models.CharField(_("转介事项"), max_length=100)
    detail = BoundedTextField(_("情况说明"), max_length=REPORT_TEXT, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.PENDING, db_index=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("转介人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("转介时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收或退回人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("接收或退回时间"), null=True, blank=True)
    reject_reason = BoundedTextField(_("退回原因"), max_length=LONG_TEXT, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(department__isnull=False, provider__isnull=True)
            | Q(department__isnull=True, provider__isnull=False),
            name="workflows_referral_one_recipient")]

    def __str__(self):
        return f"{self.need}（{self.recipient}）"

    @property
    def recipient(self):
        return self.department or self.provider

    @property
    def to_provider(self):
        return self.provider_id is not None

    @property
    def due_at(self):
        """The midnight ending the due date in Asia/Shanghai: when its accept and service tasks fall due."""
        from workflows.schedule import due_at

        return None if self.due_date is None else due_at(self.due_date)

    def accept(self, user):
        self._decide(user, ReferralStatus.ACCEPTED)

    def reject(self, user, reason):
        self.reject_reason = reason
        self._decide(user, ReferralStatus.REJECTED)

    def _decide(self, user, status):
        self.status, self.decided_by, self.decided_at = status, user, timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])

    def complete(self):
        self.status, self.completed_at = ReferralStatus.COMPLETED, timezone.now()
        self.save(update_fields=["status", "completed_at"])

    def latest_service(self):
        return self.services.order_by("-pk").first()


def provider_consent_error(elder):
    """Why ``elder`` may not be referred to a non-government provider, or None (方案 四: 尊重意愿)."""
    if elder.consents_to_visits and elder.consent_date:
        return None
    return _("该老年人未登记同意接受探访关爱服务，不能转介给非政府服务机构。请先在档案中登记本人（监护人）意愿。")


class CareService(models.Model):
    """One care service done for a referral (附件2 六: 第 n 次开展关爱, 关爱日期, 关爱服务情况, 服务人员).

    ``number`` counts the elder's care services; ``recorded_by`` is the account that filed it (the
    department's staff member who served, or the township officer for a provider), who may not
    review it.
    """

    referral = models.ForeignKey(Referral, verbose_name=_("转介"), on_delete=models.PROTECT, related_name="services")
    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="care_services")
    number = models.PositiveIntegerField(_("开展关爱（次）"))
    service_date = models.DateField(_("关爱日期"))
    content = BoundedTextField(_("关爱服务情况"), max_length=REPORT_TEXT)
    server_name = models.CharField(_("服务人员"), max_length=40)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关爱服务记录")
        verbose_name_plural = _("关爱服务记录")
        ordering = ["elder", "number"]
        constraints = [models.UniqueConstraint(fields=["elder", "number"], name="workflows_one_care_number")]

    def __str__(self):
        return f"第{self.number}次开展关爱（{self.service_date:%Y-%m-%d}）"

    @classmethod
    def record(cls, referral, user, **fields):
        """File a service for ``referral`` as 第 n 次 of the elder's care (``Elder.next_care_number``)."""
        from registry.models import Elder

        elder = Elder.objects.select_for_update().get(pk=referral.elder_id)
        return cls.objects.create(referral=referral, elder=elder, number=elder.next_care_number(),
                                  recorded_by=user, **fields)


class ReviewRating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIRLY_SATISFIED = "fairly_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class ReviewMethod(models.TextChoices):
    PHONE = "phone", _("电话回访")
    HOME = "home", _("上门回访")
    OTHER = "other", _("其他")


class SatisfactionReview(models.Model):
    """The elder's satisfaction with one care service (老年人服务满意度评价), asked by someone who did
    not serve (usually the township officer, by phone). 不满意 sends the referral back to service."""

    service = models.OneToOneField(CareService, verbose_name=_("关爱服务记录"), on_delete=models.PROTECT,
                                   related_name="review")
    rating = models.CharField(_("满意度"), max_length=20, choices=ReviewRating.choices)
    method = models.CharField(_("评价方式"), max_length=10, choices=ReviewMethod.choices)
    comments = BoundedTextField(_("老年人意见"), max_length=LONG_TEXT, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        ordering = ["-reviewed_at", "-id"]

    def __str__(self):
        return f"{self.get_rating_display()}（{self.get_method_display()}）"

    @property
    def satisfied(self):
        return self.rating != ReviewRating.DISSATISFIED

    @staticmethod
    def check_reviewer(user, service):
        """The one who recorded (and so served or spoke for) ``service`` may not review it: 403."""
        if service is None or service.recorded_by_id == user.pk:
            raise PermissionDenied("不能评价本人记录的关爱服务。")
