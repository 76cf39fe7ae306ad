"""The audit trail: one append-only row per security-relevant action."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    LOGOUT = "logout", _("退出登录")
    LIST = "list", _("查看列表")
    VIEW = "view", _("查看")
    CREATE = "create", _("新增")
    CHANGE = "change", _("修改")
    DELETE = "delete", _("删除")
    EXPORT = "export", _("导出")
    PRINT = "print", _("打印")
    REVEAL = "reveal", _("查看完整信息")
    DENIED = "denied", _("拒绝访问")
    OTP_ENABLE = "otp_enable", _("启用双因素认证")
    OTP_DISABLE = "otp_disable", _("停用双因素认证")
    OTP_VERIFY = "otp_verify", _("双因素认证验证")
    PRUNE = "prune", _("清理审计日志")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    DENIED = "denied", _("拒绝")
    FAILURE = "failure", _("失败")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete audit events through the application."""


APPEND_ONLY_MESSAGE = "审计日志只能追加，不能修改或删除（过期记录请用 manage.py prune_audit_events 清理）。"


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        """Events about ``obj`` (who looked at or changed this record), newest first."""
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-occurred_at", "-id")

    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)

    delete.queryset_only = True

    def _prune(self):
        """Delete these rows, bypassing the guard; only ``prune_audit_events`` calls this."""
        return self._raw_delete(self.db)


class AuditEvent(models.Model):
    """One thing someone did: log in, open, change, export or reveal a record, or be refused.

    Who acted is kept twice: ``user`` (set to NULL if the account is deleted) and ``username``,
    ``role`` and ``region`` as they were at that moment. The object is named by its model label,
    primary key and a description without personal data ("老年人 #123"); ``detail`` holds
    reasons and field names, never field values. Rows can't be changed or deleted through the
    application (see ``prune_audit_events`` for the retention period).
    """

    # Not page content: keep it out of Wagtail's usage index (one insert per save otherwise).
    wagtail_reference_index_ignore = True

    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="audit_events",
                             db_index=False)  # audit_user_idx covers it
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=200, blank=True)
    region = models.CharField(_("所属区划"), max_length=60, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    path = models.CharField(_("访问路径"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-occurred_at", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["-occurred_at"], name="audit_occurred_idx"),
            models.Index(fields=["object_type", "object_id", "-occurred_at"], name="audit_object_idx"),
            models.Index(fields=["username", "-occurred_at"], name="audit_username_idx"),
            models.Index(fields=["user", "-occurred_at"], name="audit_user_idx"),
            models.Index(fields=["action", "-occurred_at"], name="audit_action_idx"),
        ]

    def __str__(self):
        when = timezone.localtime(self.occurred_at).strftime("%Y-%m-%d %H:%M:%S")
        return f"{when} {self.username or '-'} {self.get_action_display()} {self.object_repr}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)
