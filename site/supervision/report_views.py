"""报表 on the workbench: ask for a report upward of a region in scope, watch its progress, download it.

A region is in scope when the caller reads reports over it (``workflows.visit_rate.may_view_rate``);
anything else answers 404 (audited). A job is visible to the one who asked for it while its
region is still in their scope. Requests and downloads are audited as exports.
"""

from functools import partial

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

import audit
from printing.background import PENDING
from printing.background_views import job_views, kept, list_context
from workbench.access import not_found, workbench_view
from workflows.schedule import parse_month
from workflows.visit_rate import may_view_rate, region_asked_for, report_regions

from .forms import ReportForm
from .models import ReportJob
from .report import report_steps
from .tasks import enqueue_report

JOBS_LISTED = 20


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


def _month_asked_for(request):
    """The month of ``?month=`` (from the 监督看板) to preselect, when it is one."""
    month = request.GET.get("month", "")
    try:
        return {"month": f"{parse_month(month):%Y-%m}"}
    except ValueError:
        return {}


@workbench_view
def reports(request):
    region = region_asked_for(request, "work_report")
    form = ReportForm(request.POST or None, initial=_month_asked_for(request))
    if request.method == "POST" and form.is_valid():
        _create(request, region, form)
        return redirect(f"{reverse('supervision:reports')}?region={region.pk}")
    allowed = report_regions(request.user)
    jobs = [job for job in kept(ReportJob.objects.select_related("region").filter(
        requested_by=request.user))[:JOBS_LISTED]
        if any(job.region.path.startswith(top.path) for top in allowed)]
    parent = region.parent if region.parent_id and may_view_rate(request.user, region.parent) else None
    return render(request, "supervision/reports.html", {
        "nav": "reports", "region": region, "parent": parent, "children": region.child_regions,
        "form": form, **list_context(jobs),
    }, status=400 if request.method == "POST" else 200)


job_status, job_download = job_views(job_for, "export", lambda job: {
    "event": "report_download", "region": job.region.code, "period": job.period.label})
