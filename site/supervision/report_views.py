"""报表 on the workbench: ask for a report upward of a region in scope, watch its progress, download it.

A region is in scope when the caller reads reports over it (``workflows.visit_rate.may_view_rate``);
anything else answers 404 (audited). A job is visible to the one who asked for it while its
region is still in their scope. Requests and downloads are audited as exports.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

import audit
from printing.models import PENDING, BatchStatus
from roles.models import Region
from workbench.access import not_found, workbench_view
from workflows.visit_rate import may_view_rate, report_regions

from .forms import ReportForm
from .models import ReportJob
from .report import report_steps
from .tasks import enqueue_report

JOBS_LISTED = 20


def report_region(request):
    """The region of ``?region=`` (default: the caller's first) if the caller reads its reports; else 404."""
    pk = request.GET.get("region") or request.POST.get("region")
    if not pk:
        allowed = report_regions(request.user)
        pk = allowed[0].pk if allowed else None
    region = Region.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if region is None or not may_view_rate(request.user, region):
        if region is not None:
            audit.record(request, "denied", region, outcome="denied", attempted="work_report")
        raise Http404
    return region


def job_for(request, pk):
    """The caller's own job ``pk`` of a region still in their scope; 404 otherwise (audited)."""
    job = ReportJob.objects.select_related("region").filter(pk=pk, requested_by=request.user).first()
    if job is None or not may_view_rate(request.user, job.region):
        not_found(request, ReportJob, pk, attempted="work_report")
    return job


def _create(request, region, form):
    wanted = {"requested_by": request.user, "region": region, "first": form.cleaned_data["first"],
              "annual": form.cleaned_data["span"] == "year", "format": form.cleaned_data["format"]}
    job = ReportJob(**wanted)
    if ReportJob.objects.filter(status__in=PENDING, **wanted).exists():
        messages.info(request, f"{job}已在生成中，请稍候。")
        return
    with transaction.atomic():
        job.total = report_steps(job.period)
        job.save()
        audit.record(request, "export", region, report="work_report", period=job.period.label, format=job.format)
        transaction.on_commit(partial(enqueue_report, job.pk))
    messages.success(request, f"已提交：{job}。生成完成后可在下方下载。")


@workbench_view
def reports(request):
    region = report_region(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _create(request, region, form)
        return redirect(f"{reverse('supervision:reports')}?region={region.pk}")
    since = timezone.now() - timedelta(days=settings.TANFANG_PRINT_BATCH_RETENTION_DAYS)
    allowed = report_regions(request.user)
    jobs = [job for job in ReportJob.objects.select_related("region").filter(
        requested_by=request.user, created_at__gte=since)[:JOBS_LISTED]
        if any(job.region.path.startswith(top.path) for top in allowed)]
    parent = region.parent if region.parent_id and may_view_rate(request.user, region.parent) else None
    return render(request, "supervision/reports.html", {
        "nav": "reports", "region": region, "parent": parent, "children": region.children.order_by("path"),
        "form": form, "jobs": jobs, "pending": any(job.is_pending for job in jobs),
        "retention_days": settings.TANFANG_PRINT_BATCH_RETENTION_DAYS,
    }, status=400 if request.method == "POST" else 200)


def status_of(job):
    """What the progress bar (static/js/print-batches.js) needs, as JSON-ready data."""
    done = job.status == BatchStatus.DONE and bool(job.file)
    return {
        "id": job.pk, "status": job.status, "status_label": job.get_status_display(),
        "total": job.total, "done_count": job.done_count, "percent": job.percent,
        "pending": job.is_pending, "error": job.error, "download_label": f"下载{job.get_format_display()}",
        "download_url": reverse("supervision:report_download", args=[job.pk]) if done else "",
    }


@workbench_view
@require_safe
def job_status(request, pk):
    return JsonResponse(status_of(job_for(request, pk)))


@workbench_view
@require_safe
def job_download(request, pk):
    job = job_for(request, pk)
    if job.status != BatchStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(request, "export", job, event="report_download", region=job.region.code, period=job.period.label)
    return FileResponse(handle, as_attachment=True, filename=job.download_name, content_type=job.content_type)
