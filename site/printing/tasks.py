"""Background tasks of printing (django-tasks): in-process in development, RQ workers in production."""

import logging

from django_tasks import task

from printing.batches import run_batch
from printing.models import BatchStatus, PrintBatch

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = "任务队列暂时不可用，请稍后重新提交。"


@task()
def render_print_batch(batch_id):
    """Render ``PrintBatch`` ``batch_id`` into its PDF (see ``printing.batches``)."""
    run_batch(batch_id)


def enqueue_print_batch(batch_id):
    """Queue the batch's rendering; if the queue can't take it, the batch fails with a message.

    Called on commit, so a worker never looks for a batch that isn't saved yet.
    """
    try:
        render_print_batch.enqueue(batch_id)
    except Exception:
        logger.exception("print batch %s could not be queued", batch_id)
        PrintBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
            status=BatchStatus.FAILED, error=QUEUE_UNAVAILABLE)
