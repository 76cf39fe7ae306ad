"""Print a township's month of submitted visit records as one PDF, in parts, reporting progress.

The records are laid out ``PART_SIZE`` at a time (``visit_records.visit_records_part``), and
``done_count`` moves after each part so the workbench can show progress; the parts' pages are
then written as one PDF (fonts embedded once). Whatever goes wrong ends as a failed batch with a
Chinese message for the requester, never as an exception out of the task.
"""

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from forms.models import VisitRecord
from printing.background import BatchStatus
from printing.models import PrintBatch
from printing.rendering import PrintingUnavailable, merge_documents
from printing.visit_records import visit_records_part

logger = logging.getLogger(__name__)

PART_SIZE = 20
NO_RECORDS = "{township}{year}年{month}月没有已提交的探访记录。"
UNAVAILABLE = "服务器暂时无法生成PDF（缺少打印组件），请联系系统管理员。"
FAILED = "生成PDF时出错，请稍后重新提交；如仍失败，请联系系统管理员。"


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_records(township, month):
    """Submitted records of elders living in ``township`` with a visit date in ``month`` (the first day)."""
    return VisitRecord.objects.submitted().filter(
        elder__village__path__startswith=township.path, visit_date__gte=month, visit_date__lt=next_month(month))


def no_records_message(township, month):
    return NO_RECORDS.format(township=township.name, year=month.year, month=month.month)


def _parts(batch):
    """The records of ``batch`` in print order (village, elder, date), ``PART_SIZE`` at a time."""
    ids = list(month_records(batch.township, batch.month)
               .order_by("elder__village__path", "elder__name", "elder_id", "visit_date", "pk")
               .values_list("pk", flat=True))
    related = VisitRecord.objects.select_related("elder__village", "definition_revision").prefetch_related(
        "signatures")
    for start in range(0, len(ids), PART_SIZE):
        chunk = ids[start:start + PART_SIZE]
        by_pk = related.in_bulk(chunk)
        yield len(ids), [by_pk[pk] for pk in chunk if pk in by_pk]


def render_batch(batch):
    """(PDF bytes, page count) of ``batch``'s records, moving ``done_count`` after every part.

    None when the month has no submitted record (the batch is failed with a message then).
    """
    title = f"{batch.township.name}{batch.month.year}年{batch.month.month}月探访记录"
    parts, pages = [], 0
    for total, records in _parts(batch):
        if not parts:
            PrintBatch.objects.filter(pk=batch.pk).update(total=total)
        part = visit_records_part(records, batch.requested_by, title=title, first_page=pages + 1)
        parts.append(part)
        pages += len(part.pages)
        PrintBatch.objects.filter(pk=batch.pk).update(done_count=F("done_count") + len(records))
    if not parts:
        return None, 0
    return merge_documents(parts), pages


def run_batch(batch_id):
    """Render batch ``batch_id`` if it is still queued; a batch is claimed by one worker only."""
    if not PrintBatch.claim(batch_id):
        return
    batch = PrintBatch.objects.select_related("township", "requested_by").get(pk=batch_id)
    try:
        pdf, pages = render_batch(batch)
        if pdf is None:
            return PrintBatch.fail(batch_id, no_records_message(batch.township, batch.month))
        _store(batch, pdf, pages)
    except PrintingUnavailable:
        logger.exception("print batch %s: WeasyPrint is unavailable", batch_id)
        PrintBatch.fail(batch_id, UNAVAILABLE)
    except Exception:
        logger.exception("print batch %s failed", batch_id)
        PrintBatch.fail(batch_id, FAILED)


def _store(batch, pdf, pages):
    batch.refresh_from_db()
    batch.file.save("visit-records.pdf", ContentFile(pdf), save=False)
    batch.status, batch.page_count, batch.finished_at = BatchStatus.DONE, pages, timezone.now()
    batch.save(update_fields=["file", "status", "page_count", "finished_at"])
