"""What background jobs with a downloadable file share: statuses, the abstract model, the task wrapper.

Print batches (``printing.models.PrintBatch``) and reports upward (``supervision.models.ReportJob``)
are both asked for on the workbench, rendered by a worker that moves ``done_count`` of ``total``,
and leave one file in private storage that only the requester downloads
(``printing.background_views``). The pages list them with ``printing/includes/job_list.html``
and ``static/js/print-batches.js``; ``prune_print_batches`` is the base of their pruning.
"""

import logging

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "任务队列暂时不可用，请稍后重新提交。"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


PENDING = (BatchStatus.QUEUED, BatchStatus.RUNNING)


class BackgroundJob(models.Model):
    """A job's progress and outcome. Concrete jobs add ``requested_by``, ``file`` (own ``upload_to``)
    and what they render, and name their URLs (``status_view``, ``download_view``)."""

    status_view = download_view = None
    content_type = "application/pdf"

    status = models.CharField(_("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done_count = models.PositiveIntegerField(_("已完成"), default=0)
    error = models.CharField(_("错误信息"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_pending(self):
        return self.status in PENDING

    @property
    def is_downloadable(self):
        return self.status == BatchStatus.DONE and bool(self.file)

    @property
    def percent(self):
        if self.status == BatchStatus.DONE:
            return 100
        return int(self.done_count * 100 / self.total) if self.total else 0

    @property
    def download_label(self):
        return "下载PDF"

    @property
    def size_note(self):
        """What the job's list row says of its size after the status ("" for nothing)."""
        return ""

    @classmethod
    def claim(cls, pk):
        """Mark job ``pk`` running if it is still queued; True for the one worker that got it."""
        return bool(cls.objects.filter(pk=pk, status=BatchStatus.QUEUED).update(
            status=BatchStatus.RUNNING, started_at=timezone.now(), done_count=0))

    @classmethod
    def fail(cls, pk, message):
        cls.objects.filter(pk=pk).update(status=BatchStatus.FAILED, error=message, finished_at=timezone.now())


def enqueue_job(task, model, pk):
    """Queue ``task`` for job ``pk`` of ``model``; if the queue can't take it, the job fails with a message.

    Called on commit, so a worker never looks for a job that isn't saved yet.
    """
    try:
        task.enqueue(pk)
    except Exception:
        logger.exception("%s %s could not be queued", model._meta.verbose_name, pk)
        model.objects.filter(pk=pk, status=BatchStatus.QUEUED).update(
            status=BatchStatus.FAILED, error=QUEUE_UNAVAILABLE)
