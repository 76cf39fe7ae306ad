"""Delete print batches and their PDFs after the retention period; fail batches a worker left behind."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

import audit
from printing.background import PENDING, BatchStatus
from printing.models import PrintBatch

# Longer than any batch renders (the RQ job timeout is an hour): such a batch's worker is gone.
STUCK_AFTER = timedelta(hours=6)
STUCK = "生成超时未完成，请重新提交。"


class Command(BaseCommand):
    """Also the base of other background jobs' pruning (same statuses, ``file`` and ``created_at``)."""

    help = "删除超过保留天数的批量打印任务及其PDF文件，并把长时间未完成的任务标记为失败。"
    model = PrintBatch
    label = "批量打印任务"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="保留天数（默认 TANFANG_PRINT_BATCH_RETENTION_DAYS）")

    def handle(self, *args, days=None, **options):
        days = settings.TANFANG_PRINT_BATCH_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("保留天数不能为负数。")
        now = timezone.now()
        old = self.model.objects.filter(created_at__lt=now - timedelta(days=days))
        files = 0
        for batch in old.exclude(file=""):
            batch.file.delete(save=False)
            files += 1
        deleted, _ = old.delete()
        stuck = self.model.objects.filter(status__in=PENDING, created_at__lt=now - STUCK_AFTER).update(
            status=BatchStatus.FAILED, error=STUCK, finished_at=now)
        if deleted or stuck:
            audit.record_for_user(None, "delete", self.model, deleted=deleted, files=files, stuck=stuck)
        self.stdout.write(f"已删除{deleted}个{self.label}（{files}个文件），{stuck}个超时任务标记为失败。")
