"""Monthly print batches on the workbench: ask for one, watch its progress, download the PDF.

Only officers with the print and export rights over a township (``roles.access.townships_for_bulk_print``)
see the page; a batch is visible to the one who asked for it, and only while the township is still
in their scope. Requests and downloads are audited; the file never has a public URL.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render

import audit
from printing.background import PENDING
from printing.background_views import job_views, kept, list_context
from printing.forms import PrintBatchForm
from printing.models import PrintBatch
from printing.tasks import enqueue_print_batch
from roles.access import townships_for_bulk_print
from workbench.access import not_found, workbench_view

BATCHES_LISTED = 20


def _townships_or_403(request):
    townships = townships_for_bulk_print(request.user)
    if not townships.exists():
        audit.record(request, "denied", PrintBatch, outcome="denied", attempted="print_batch")
        raise PermissionDenied
    return townships


def batch_for(request, pk):
    """The caller's own batch ``pk`` of a township still in their scope; 404 otherwise (audited)."""
    batch = PrintBatch.objects.select_related("township").filter(
        pk=pk, requested_by=request.user, township__in=townships_for_bulk_print(request.user)).first()
    if batch is None:
        not_found(request, PrintBatch, pk, attempted="print_batch")
    return batch


def _create(request, form):
    township, month = form.cleaned_data["township"], form.cleaned_data["month"]
    pending = PrintBatch.objects.filter(requested_by=request.user, township=township, month=month, status__in=PENDING)
    if pending.exists():
        messages.info(request, f"{township.name}{month.year}年{month.month}月的打印任务已在生成中，请稍候。")
        return
    with transaction.atomic():
        batch = PrintBatch.objects.create(requested_by=request.user, township=township, month=month,
                                          total=form.record_count)
        audit.record(request, "print", batch, event="batch_requested", township=township.code,
                     month=f"{month:%Y-%m}", records=form.record_count)
        transaction.on_commit(partial(enqueue_print_batch, batch.pk))
    messages.success(request, f"已提交：{batch}（{form.record_count}条）。生成完成后可在下方下载。")


@workbench_view
def batch_list(request):
    townships = _townships_or_403(request)
    form = PrintBatchForm(request.POST or None, townships=townships)
    if request.method == "POST" and form.is_valid():
        _create(request, form)
        return redirect("printing:batch_list")
    batches = list(kept(PrintBatch.objects.select_related("township").filter(
        requested_by=request.user, township__in=townships))[:BATCHES_LISTED])
    return render(request, "printing/batches.html", {
        "nav": "print", "form": form, **list_context(batches),
    }, status=400 if request.method == "POST" else 200)


batch_status, batch_download = job_views(
    batch_for, "print", lambda batch: {"event": "batch_download", "records": batch.total})
