"""Delete census imports after ``KEPT_FOR`` (run daily): their uploads, staged rows and refused rows' data.

What a list brought stays on the register (the elders, their categories and ``ElderSource``);
only the working copy of the lists goes. A batch a worker left running is failed.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

import audit
from census_import.models import KEPT_FOR, ImportBatch, ImportFile
from printing.background import PENDING, BatchStatus
from printing.management.commands.prune_print_batches import STUCK, STUCK_AFTER


class Command(BaseCommand):
    help = "删除超过保留期的名单导入（上传的文件、逐行数据），并把长时间未完成的任务标记为失败。"

    def handle(self, *args, **options):
        now = timezone.now()
        old = ImportBatch.objects.filter(created_at__lt=now - KEPT_FOR)
        files = 0
        for import_file in ImportFile.objects.filter(batch__in=old).exclude(upload=""):
            import_file.upload.delete(save=False)
            files += 1
        deleted = old.count()
        old.delete()
        stuck = ImportBatch.objects.filter(status__in=PENDING, created_at__lt=now - STUCK_AFTER).update(
            status=BatchStatus.FAILED, error=STUCK, finished_at=now)
        if deleted or stuck:
            audit.record_for_user(None, "delete", ImportBatch, deleted=deleted, files=files, stuck=stuck)
        self.stdout.write(f"已删除{deleted}个名单导入（{files}个文件），{stuck}个超时任务标记为失败。")
