"""A township's month of visit records printed as one PDF in the background (``PrintBatch``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from printing.background import BackgroundJob
from printing.storage import private_storage


def batch_file_name(batch, filename):
    """Where the PDF lies in private storage: by month, named by the batch (no personal data)."""
    return f"print-batches/{batch.month:%Y-%m}/batch-{batch.pk}-{filename}"


class PrintBatch(BackgroundJob):
    """One request to print a township's submitted visit records of one month (附件2, one per page).

    Created by a township (or county and above) officer on the workbench; the background task
    ``printing.tasks.render_print_batch`` fills ``total`` and ``done_count`` as it renders and
    leaves the PDF in private storage (``printing.storage``), where only the requester may
    download it through an audited view. ``prune_print_batches`` deletes old batches and files.
    """

    status_view, download_view = "printing:batch_status", "printing:batch_download"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     related_name="print_batches")
    township = models.ForeignKey("roles.Region", verbose_name=_("乡镇(街道)"), on_delete=models.PROTECT,
                                 related_name="+")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    total = models.PositiveIntegerField(_("记录数"), default=0)
    done_count = models.PositiveIntegerField(_("已生成"), default=0)
    page_count = models.PositiveIntegerField(_("页数"), default=0)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=batch_file_name, blank=True, max_length=200)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("批量打印任务")
        verbose_name_plural = _("批量打印任务")

    def __str__(self):
        return f"{self.township.name}{self.month.year}年{self.month.month}月探访记录"

    @property
    def size_note(self):
        return "，".join(note for note in (self.total and f"共 {self.total} 条",
                                           self.page_count and f"{self.page_count} 页") if note)

    @property
    def download_name(self):
        return f"探访记录-{self.township.name}-{self.month.year}年{self.month.month:02d}月.pdf"
