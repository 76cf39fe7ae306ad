"""The census import screens: upload a list, map its columns, preview, confirm, watch, read the report.

Each batch is its requester's alone (404 for anyone else, audited). Reading and writing run as
background tasks (``census_import.tasks``); these views only store the upload, queue, and show.
"""

from urllib.parse import quote

from census_import import tasks
from census_import.coverage import coverage
from census_import.forms import ListUploadForm, MappingForm
from census_import.mapping import apply_mapping
from census_import.models import COUNTED, Decision, ImportBatch, ImportFile, Outcome, Source, Stage, StagedRow
from census_import.staging import scope_villages
from census_import.workbooks import rejected_workbook, template_workbook
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

import audit
from printing.background import BatchStatus
from registry.models import Elder
from roles.access import Action
from roles.scope import staff_region

from .access import not_found, require_anywhere, workbench_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_PAGE = 100


def _batch_for(request, pk):
    batch = ImportBatch.objects.filter(pk=pk, requested_by=request.user).select_related("region").first()
    if batch is None:
        not_found(request, ImportBatch, pk, attempted="census_import")
    return batch


def _queue(batch, task, stage):
    batch.stage, batch.status, batch.done_count = stage, BatchStatus.QUEUED, 0
    batch.save(update_fields=["stage", "status", "done_count"])
    transaction.on_commit(lambda: tasks.enqueue(task, batch.pk))


def _add_file(request, form, batch):
    data = form.cleaned_data
    ImportFile.objects.create(batch=batch, name=data["file"].name[:200], digest=form.digest, upload=data["file"],
                              source=data["source"], source_label=data["source_label"], category=data["category"])
    audit.record(request, "create", batch, event="census_import_upload", source=data["source"])
    _queue(batch, tasks.read_census_batch, Stage.READING)


@workbench_view
def elder_import(request):
    """Upload a list: a new batch, read in the background."""
    require_anywhere(request, Action.EDIT)
    form = ListUploadForm(request.POST or None, request.FILES or None)
    region = staff_region(request.user)
    if region is None:
        raise PermissionDenied
    if form.is_valid():
        if earlier := form.already_imported(region):
            form.add_error("file", f"这个文件已于{earlier.batch.committed_at:%Y-%m-%d}导入，不会重复登记。")
        else:
            with transaction.atomic():
                batch = ImportBatch.objects.create(requested_by=request.user, region=region)
                _add_file(request, form, batch)
            return redirect("workbench:elder_import_batch", pk=batch.pk)
    batches = ImportBatch.objects.filter(requested_by=request.user)[:10]
    return render(request, "workbench/elder_import.html", {
        "nav": "elders", "form": form, "batches": batches, "sources": Source.labels,
        "coverage": coverage(scope_villages(request.user))}, status=400 if form.errors else 200)


@workbench_view
@require_POST
def elder_import_add(request, pk):
    """Add another list to a batch still in preview: people on several lists are compared across them."""
    batch = _batch_for(request, pk)
    form = ListUploadForm(request.POST, request.FILES)
    if batch.stage not in (Stage.PREVIEW, Stage.MAPPING) or not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        messages.error(request, "；".join(problems) or "导入已开始，不能再添加文件。")
    else:
        with transaction.atomic():
            _add_file(request, form, batch)
    return redirect("workbench:elder_import_batch", pk=batch.pk)


def _report_rows(batch, request):
    rows = (StagedRow.objects.filter(file__batch=batch).exclude(reasons=[]).select_related("file")
            .order_by("file_id", "row_number"))
    return Paginator(rows, REPORT_PAGE).get_page(request.GET.get("page"))


def _reviews(batch):
    reviews = list(StagedRow.objects.filter(file__batch=batch, outcome=Outcome.REVIEW).select_related("file"))
    elders = Elder.objects.select_related("village").in_bulk({pk for row in reviews for pk in row.candidates})
    return [(row, row.data.get("name", ""), [elders[pk] for pk in row.candidates if pk in elders]) for row in reviews]


def _remappable(batch, import_file):
    """Files whose mapping the page offers: all while mapping, workbooks of several sheets in the preview."""
    return batch.stage == Stage.MAPPING or (batch.stage == Stage.PREVIEW and len(import_file.sheets) > 1)


@workbench_view
def elder_import_batch(request, pk):
    """The batch as it stands: progress, the column mapping, the preview to confirm, or the report."""
    batch = _batch_for(request, pk)
    files = list(batch.files.all())
    counts = batch.counts()
    context = {"nav": "elders", "batch": batch, "files": files, "report": _report_rows(batch, request),
               "counts": [(Outcome(outcome).label, counts[outcome], outcome) for outcome in COUNTED],
               "mapping_forms": [(f, MappingForm(import_file=f)) for f in files if _remappable(batch, f)],
               "upload_form": ListUploadForm(), "decisions": Decision.choices}
    if batch.stage == Stage.PREVIEW:
        context["reviews"] = _reviews(batch)
        context["new_rows"] = counts[Outcome.NEW]
    return render(request, "workbench/elder_import_batch.html", context)


@workbench_view
@require_POST
def elder_import_mapping(request, pk):
    """Map a file's columns (or choose its sheet) by hand, and read the batch again."""
    import_file = ImportFile.objects.filter(pk=pk, batch__requested_by=request.user).select_related("batch").first()
    if import_file is None:
        not_found(request, ImportFile, pk, attempted="census_import")
    batch = import_file.batch
    form = MappingForm(request.POST, import_file=import_file)
    sheet = request.POST.get("sheet")
    if form.is_valid() or (sheet and sheet != import_file.sheet and sheet in import_file.sheets):
        with transaction.atomic():
            apply_mapping(import_file, form.cleaned_data.get("mapping", {}), sheet)
            _queue(batch, tasks.read_census_batch, Stage.READING)
        return redirect("workbench:elder_import_batch", pk=batch.pk)
    return render(request, "workbench/elder_import_batch.html", {
        "nav": "elders", "batch": batch, "files": list(batch.files.all()), "mapping_forms": [(import_file, form)],
        "counts": [], "report": _report_rows(batch, request)}, status=400)


def _decide(request, batch):
    """Store the officer's answer for each near-duplicate; the names of the rows still unanswered."""
    unanswered = []
    for row, _name, candidates in _reviews(batch):
        answer = request.POST.get(f"review-{row.pk}", "")
        kind, _sep, elder_pk = answer.partition(":")
        merge_into = next((elder for elder in candidates if str(elder.pk) == elder_pk), None)
        with_row = not candidates and elder_pk == "row"  # the same person as an earlier row of the upload
        if kind == Decision.NEW or (kind == Decision.MERGE and (merge_into is not None or with_row)):
            StagedRow.objects.filter(pk=row.pk).update(decision=kind, merge_into=merge_into)
        else:
            unanswered.append(f"{row.file.name} 第{row.row_number}行")
    return unanswered


@workbench_view
@require_POST
def elder_import_confirm(request, pk):
    """Confirm the preview: the register is written in the background."""
    batch = _batch_for(request, pk)
    if batch.stage != Stage.PREVIEW:
        messages.error(request, "这批名单不在待确认状态。")
        return redirect("workbench:elder_import_batch", pk=batch.pk)
    if unanswered := _decide(request, batch):
        messages.error(request, f"请先确认疑似同一人的行：{'、'.join(unanswered[:5])}。")
        return redirect("workbench:elder_import_batch", pk=batch.pk)
    with transaction.atomic():
        audit.record(request, "create", Elder, source="census_import", batch=batch.pk, **batch.counts())
        _queue(batch, tasks.commit_census_batch, Stage.IMPORTING)
    return redirect("workbench:elder_import_batch", pk=batch.pk)


@workbench_view
def elder_import_rejected(request, pk):
    """The rows not imported, as sent, with the reason: to send back to the department."""
    batch = _batch_for(request, pk)
    audit.record(request, "export", batch, event="census_import_rejected")
    response = HttpResponse(rejected_workbook(batch), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''census-import-{batch.pk}-rejected.xlsx"
    return response


@workbench_view
def elder_import_template(request):
    require_anywhere(request, Action.EDIT)
    village = scope_villages(request.user).order_by("path").first()
    response = HttpResponse(template_workbook(village.name if village else ""), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('探访对象名单模板.xlsx')}"
    return response
