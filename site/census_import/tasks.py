"""Background tasks of census imports (django-tasks): in-process in development, RQ workers in production."""

import logging

from django_tasks import task

from census_import.committing import commit_batch
from census_import.models import ImportBatch
from census_import.staging import read_batch
from printing.background import enqueue_job

logger = logging.getLogger(__name__)
FAILED = "处理名单时出错，请重新上传；如仍出错请联系管理员。"


def _run(work, batch_id):
    """Run ``work``; an unexpected error fails the batch with a message instead of leaving it running."""
    try:
        work(batch_id)
    except Exception:
        logger.exception("census import %s failed", batch_id)  # the traceback names no cell values
        ImportBatch.fail(batch_id, FAILED)


@task()
def read_census_batch(batch_id):
    """Read the files of ``ImportBatch`` ``batch_id`` into staged rows (``census_import.staging``)."""
    _run(read_batch, batch_id)


@task()
def commit_census_batch(batch_id):
    """Write the confirmed batch ``batch_id`` to the register (``census_import.committing``)."""
    _run(commit_batch, batch_id)


def enqueue(task_function, batch_id):
    enqueue_job(task_function, ImportBatch, batch_id)
