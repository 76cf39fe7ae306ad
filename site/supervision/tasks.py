"""Background tasks of the reports upward (django-tasks): in-process in development, RQ workers in production."""

import logging

from django_tasks import task

from printing.models import BatchStatus

from .jobs import run_job
from .models import ReportJob

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "任务队列暂时不可用，请稍后重新提交。"


@task()
def render_report(job_id):
    """Build ``ReportJob`` ``job_id`` into its file (see ``supervision.jobs``)."""
    run_job(job_id)


def enqueue_report(job_id):
    """Queue the job (called on commit); if the queue can't take it, the job fails with a message."""
    try:
        render_report.enqueue(job_id)
    except Exception:
        logger.exception("report job %s could not be queued", job_id)
        ReportJob.objects.filter(pk=job_id, status=BatchStatus.QUEUED).update(
            status=BatchStatus.FAILED, error=QUEUE_UNAVAILABLE)
