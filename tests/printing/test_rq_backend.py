"""Production's queue: a batch goes through django_tasks_rq into Redis and a real RQ worker renders it.

Redis database 5 on 127.0.0.1:6379 (the suite's own). The worker is RQ's SimpleWorker in burst
mode: it takes the job from Redis and runs it in this process, inside the test's transaction (the
forking worker of ``manage.py rqworker`` would run it in a child on its own connection).
Skipped when Redis is unreachable, except in CI (``CI`` set), where it must run.
"""

import os

import pytest
import redis
from django.urls import reverse

from printing.models import PrintBatch
from printing.tasks import render_print_batch
from registry.dates import china_today
from tests.printing.conftest import submitted_record
from tests.roles.factories import region_named

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture
def rq_backend(settings):
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is unreachable at {REDIS_URL}; CI must run the RQ backend test")
        pytest.skip(f"Redis is unreachable at {REDIS_URL} (outside CI this test may be skipped)")
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    connection.flushdb()  # database 5 is the suite's alone
    yield connection
    connection.flushdb()


def work_off_the_queue():
    import django_rq
    from rq import SimpleWorker

    worker = django_rq.get_worker("default", worker_class=SimpleWorker)  # job class from settings.RQ
    return worker.work(burst=True)


def test_a_batch_asked_for_on_the_workbench_is_rendered_by_an_rq_worker(
        client, people, elder, rq_backend, private_root, django_capture_on_commit_callbacks, pdf_text):
    import django_rq

    submitted_record(elder, people["visitor"])
    client.force_login(people["township"])
    today = china_today()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("printing:batch_list"),
                               {"township": region_named("民生街道").pk, "month": f"{today.year}-{today.month:02d}"})
    assert response.status_code == 302
    batch = PrintBatch.objects.get()
    assert batch.status == "queued"  # in Redis, waiting for a worker
    assert django_rq.get_queue("default").count == 1

    assert work_off_the_queue()
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done_count, batch.page_count) == ("done", 1, 1, 1)
    assert "特殊困难老年人探访关爱服务记录表" in pdf_text(batch.file.read())
    assert django_rq.get_queue("default").count == 0


def test_the_task_result_is_kept_in_redis(people, rq_backend, private_root):
    batch = PrintBatch.objects.create(requested_by=people["township"], township=region_named("民生街道"),
                                      month=china_today().replace(day=1))
    result = render_print_batch.enqueue(batch.pk)
    assert result.status == "READY"
    work_off_the_queue()
    result.refresh()
    assert result.status == "SUCCESSFUL"
    batch.refresh_from_db()
    assert batch.status == "failed" and "没有已提交的探访记录" in batch.error  # an empty month, said in Chinese
