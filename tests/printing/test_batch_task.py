"""printing.batches and printing.tasks: parts, progress, merged pages, failures that end as messages."""

import base64
import io

import pytest
from PIL import Image

from printing import batches
from printing.background import QUEUE_UNAVAILABLE
from printing.models import PrintBatch
from printing.rendering import PrintingUnavailable
from printing.tasks import enqueue_print_batch, render_print_batch
from registry.dates import china_today
from registry.models import Elder
from tests.printing.conftest import submitted_record
from tests.registry.factories import ElderFactory
from tests.roles.factories import region_named

pytestmark = pytest.mark.django_db


def signature(color):
    """A small PNG signature of one colour (each record signs differently)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 16), color).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def five_records(elder, people):
    elders = [elder] + [ElderFactory(village=elder.village, registered_on=elder.registered_on, name=name)
                        for name in ["黄德明", "覃秀兰", "莫春花", "蓝志强"]]
    colours = ["red", "green", "blue", "black", "purple"]
    return [submitted_record(each, people["township"], visitor_signature={"image": signature(colour)})
            for each, colour in zip(elders, colours, strict=True)]


@pytest.fixture
def batch(people, private_root):
    return PrintBatch.objects.create(requested_by=people["township"], township=region_named("民生街道"),
                                     month=china_today().replace(day=1))


def test_parts_move_the_progress_and_the_pages_number_on(batch, five_records, monkeypatch, pdf_text, pdf_images):
    monkeypatch.setattr(batches, "PART_SIZE", 2)
    seen = []
    real_part = batches.visit_records_part

    def part(records, printed_by, *, title, first_page):
        seen.append((PrintBatch.objects.get(pk=batch.pk).done_count, len(records), first_page))
        return real_part(records, printed_by, title=title, first_page=first_page)

    monkeypatch.setattr(batches, "visit_records_part", part)
    render_print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    assert seen == [(0, 2, 1), (2, 2, 3), (4, 1, 5)]
    assert (batch.status, batch.total, batch.done_count, batch.page_count) == ("done", 5, 5, 5)
    assert batch.started_at and batch.finished_at and batch.error == ""
    pdf = batch.file.read()
    pages = [("".join(page.split())) for page in pdf_text(pdf).split("\f") if page.strip()]
    assert [f"第{n}页" in page for n, page in enumerate(pages, start=1)] == [True] * 5
    # Five records, five different signatures: images of different parts are not mixed up.
    assert pdf_images(pdf) == 5


def test_records_print_in_village_and_name_order(batch, five_records, pdf_text):
    render_print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    # By the database's collation, whatever it makes of Chinese names.
    names = list(Elder.objects.filter(visit_records__in=five_records).order_by("name").values_list("name", flat=True))
    text = pdf_text(batch.file.read())
    firsts = [page.splitlines()[0] for page in text.split("\f") if page.strip()]
    assert [next(name for name in names if name in line) for line in firsts] == names


def test_a_batch_is_rendered_once(batch, five_records, monkeypatch):
    render_print_batch.enqueue(batch.pk)
    monkeypatch.setattr(batches, "render_batch", lambda batch: pytest.fail("rendered twice"))
    render_print_batch.enqueue(batch.pk)
    assert PrintBatch.objects.get(pk=batch.pk).status == "done"


def test_an_empty_month_fails_with_a_message_and_no_file(batch):
    render_print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    today = china_today()
    assert batch.status == "failed" and not batch.file
    assert batch.error == f"民生街道{today.year}年{today.month}月没有已提交的探访记录。"


def test_missing_weasyprint_fails_with_a_message(batch, five_records, monkeypatch):
    def unavailable(*args, **kwargs):
        raise PrintingUnavailable("no pango")

    monkeypatch.setattr(batches, "visit_records_part", unavailable)
    render_print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("failed", batches.UNAVAILABLE)


def test_a_queue_that_refuses_the_task_fails_the_batch(batch, settings):
    # Production's backend, with nothing listening where Redis should be.
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/5"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    enqueue_print_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("failed", QUEUE_UNAVAILABLE)


def test_private_files_have_no_url(batch, five_records):
    render_print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    with pytest.raises(ValueError):
        batch.file.url  # noqa: B018
