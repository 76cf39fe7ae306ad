"""A township's month of visit records printed as one PDF in the background (``PrintBatch``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from printing.storage import private_storage


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


PENDING = (BatchStatus.QUEUED, BatchStatus.RUNNING)


def batch_file_name(batch, filename):
    """Where the PDF lies in private storage: by month, named by the batch (no personal data)."""
    return f"print-batches/{batch.month:%Y-%m}/batch-{batch.pk}-{filename}"


class PrintBatch(models.Model):
    """One request to print a township's submitted visit records of one month (附件2, one per page).

    Created by a township (or county and above) officer on the workbench; the background task
    ``printing.tasks.render_print_batch`` fills ``total`` and ``done_count`` as it renders and
    leaves the PDF in private storage (``printing.storage``), where only the requester may
    download it through an audited view. ``prune_print_batches`` deletes old batches and files.
    """

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     related_name="print_batches")
    township = models.ForeignKey("roles.Region", verbose_name=_("乡镇(街道)"), on_delete=models.PROTECT,
                                 related_name="+")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    status = models.CharField(_("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("记录数"), default=0)
    done_count = models.PositiveIntegerField(_("已生成"), default=0)
    page_count = models.PositiveIntegerField(_("页数"), default=0)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=batch_file_name, blank=True, max_length=200)
    error = models.CharField(_("错误信息"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量打印任务")
        verbose_name_plural = _("批量打印任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.township.name}{self.month.year}年{self.month.month}月探访记录"

    @property
    def is_pending(self):
        return self.status in PENDING

    @property
    def percent(self):
        if self.status == BatchStatus.DONE:
            return 100
        return int(self.done_count * 100 / self.total) if self.total else 0

    @property
    def download_name(self):
        return f"探访记录-{self.township.name}-{self.month.year}年{self.month.month:02d}月.pdf"
