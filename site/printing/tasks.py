"""Background tasks of printing (django-tasks): in-process in development, RQ workers in production."""

from django_tasks import task

from printing.background import enqueue_job
from printing.batches import run_batch
from printing.models import PrintBatch


@task()
def render_print_batch(batch_id):
    """Render ``PrintBatch`` ``batch_id`` into its PDF (see ``printing.batches``)."""
    run_batch(batch_id)


def enqueue_print_batch(batch_id):
    """Queue the batch's rendering on commit (``printing.background.enqueue_job``)."""
    enqueue_job(render_print_batch, PrintBatch, batch_id)
