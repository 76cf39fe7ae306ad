"""Delete audit events older than a cut-off; never younger than the retention period (>= 180 days)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.recording import record_for_user

MINIMUM_RETENTION_DAYS = 180


def retention_days():
    """The configured retention period, never less than the legal minimum of 180 days."""
    return max(int(getattr(settings, "TANFANG_AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)), MINIMUM_RETENTION_DAYS)


class Command(BaseCommand):
    help = "删除早于指定日期的审计日志（不得晚于保存期限：至少180天前）。"

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--before", help="删除此日期（YYYY-MM-DD，北京时间0点）之前的记录")
        when.add_argument("--older-than-days", type=int, help="删除早于N天前的记录")

    def handle(self, *args, before=None, older_than_days=None, **options):
        cutoff = self._cutoff(before, older_than_days)
        earliest_allowed = timezone.now() - timedelta(days=retention_days())
        if cutoff > earliest_allowed:
            raise CommandError(
                f"拒绝执行：审计日志至少保存{retention_days()}天，截止时间不得晚于"
                f"{timezone.localtime(earliest_allowed):%Y-%m-%d %H:%M}。"
            )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The append-only trigger lets rows go only while this transaction-local flag is on.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('tanfang.audit_prune', 'on', true)")
            deleted = AuditEvent.objects.filter(occurred_at__lt=cutoff)._prune()
        record_for_user(None, Action.PRUNE, cutoff=cutoff.isoformat(), deleted=deleted)
        self.stdout.write(f"已删除{deleted}条{timezone.localtime(cutoff):%Y-%m-%d %H:%M}之前的审计日志。")

    def _cutoff(self, before, older_than_days):
        if older_than_days is not None:
            return timezone.now() - timedelta(days=older_than_days)
        try:
            day = datetime.strptime(before, "%Y-%m-%d").date()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        return timezone.make_aware(datetime.combine(day, time.min))
