"""Background tasks of the reports upward (django-tasks): in-process in development, RQ workers in production."""

from django_tasks import task

from printing.background import enqueue_job

from .jobs import run_job
from .models import ReportJob


@task()
def render_report(job_id):
    """Build ``ReportJob`` ``job_id`` into its file (see ``supervision.jobs``)."""
    run_job(job_id)


def enqueue_report(job_id):
    """Queue the job's rendering on commit (``printing.background.enqueue_job``)."""
    enqueue_job(render_report, ReportJob, job_id)
