"""Reports upward generated in the background (``ReportJob``): a workbook or a PDF for a region and period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from printing.background import BackgroundJob
from printing.storage import private_storage

from .periods import ReportPeriod


class ReportFormat(models.TextChoices):
    WORKBOOK = "xlsx", _("Excel报表")
    PDF = "pdf", _("工作情况报告（PDF）")


CONTENT_TYPES = {
    ReportFormat.WORKBOOK: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}


def report_file_name(job, filename):
    """Where the file lies in private storage: by job, named without personal data."""
    return f"reports/{job.first:%Y}/report-{job.pk}-{filename}"


class ReportJob(BackgroundJob):
    """One request for a report upward (报表) of a region for a month or a year, in one format.

    An officer who reads reports over the region (``workflows.visit_rate.may_view_rate``) asks on
    the workbench; the background task ``supervision.tasks.render_report`` builds the figures month
    by month (``done_count`` of ``total`` steps, the progress bar) and leaves the file in private
    storage, downloadable by the requester only through an audited view (a ``BackgroundJob`` like
    the print batches).
    """

    status_view, download_view = "supervision:report_status", "supervision:report_download"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     related_name="report_jobs")
    region = models.ForeignKey("roles.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    first = models.DateField(_("期间开始"), help_text=_("月报为该月第一天，年报为1月1日"))
    annual = models.BooleanField(_("年报"), default=False)
    format = models.CharField(_("格式"), max_length=4, choices=ReportFormat.choices)
    total = models.PositiveIntegerField(_("步骤数"), default=0)
    done_count = models.PositiveIntegerField(_("已完成步骤"), default=0)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=report_file_name, blank=True,
                            max_length=200)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("报表任务")
        verbose_name_plural = _("报表任务")

    def __str__(self):
        return f"{self.region.name}{self.period.label}{self.get_format_display()}"

    @property
    def period(self):
        return ReportPeriod.year(self.first.year) if self.annual else ReportPeriod.month(self.first)

    @property
    def download_name(self):
        return f"探访关爱工作报表-{self.region.name}-{self.period.label}.{self.format}"

    @property
    def download_label(self):
        return f"下载{self.get_format_display()}"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]
