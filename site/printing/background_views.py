"""The workbench's answers about one background job (``printing.background.BackgroundJob``):
its progress as JSON for ``static/js/print-batches.js``, and its file as an audited download."""

from datetime import timedelta

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

import audit
from workbench.access import workbench_view


def kept(jobs):
    """``jobs`` not yet past the retention period (``prune_print_batches`` deletes those)."""
    return jobs.filter(created_at__gte=timezone.now() - timedelta(days=settings.TANFANG_PRINT_BATCH_RETENTION_DAYS))


def list_context(jobs):
    """What ``printing/includes/job_list.html`` and its page need of the listed ``jobs``."""
    return {"jobs": jobs, "pending": any(job.is_pending for job in jobs),
            "retention_days": settings.TANFANG_PRINT_BATCH_RETENTION_DAYS}


def status_of(job):
    """What the progress bar needs, as JSON-ready data."""
    return {
        "id": job.pk, "status": job.status, "status_label": job.get_status_display(),
        "total": job.total, "done_count": job.done_count, "percent": job.percent,
        "pending": job.is_pending, "error": job.error, "download_label": job.download_label,
        "download_url": reverse(job.download_view, args=[job.pk]) if job.is_downloadable else "",
    }


def job_views(job_for, action, audit_fields):
    """The status and download views of the jobs that ``job_for(request, pk)`` finds (or 404s);
    a download is audited as ``action`` with ``audit_fields(job)``."""

    @workbench_view
    @require_safe
    def status(request, pk):
        return JsonResponse(status_of(job_for(request, pk)))

    @workbench_view
    @require_safe
    def download(request, pk):
        job = job_for(request, pk)
        if not job.is_downloadable:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        audit.record(request, action, job, **audit_fields(job))
        return FileResponse(handle, as_attachment=True, filename=job.download_name,
                            content_type=job.content_type)

    return status, download
