"""Background tasks of census imports (django-tasks): in-process in development, RQ workers in production."""

from django_tasks import task

from census_import.committing import commit_batch
from census_import.models import ImportBatch
from census_import.staging import read_batch
from printing.background import enqueue_job


@task()
def read_census_batch(batch_id):
    """Read the files of ``ImportBatch`` ``batch_id`` into staged rows (``census_import.staging``)."""
    read_batch(batch_id)


@task()
def commit_census_batch(batch_id):
    """Write the confirmed batch ``batch_id`` to the register (``census_import.committing``)."""
    commit_batch(batch_id)


def enqueue(task_function, batch_id):
    enqueue_job(task_function, ImportBatch, batch_id)
