"""The workbench's answers about one background job (``printing.background.BackgroundJob``):
its progress as JSON for ``static/js/print-batches.js``, and its file as an audited download."""

from datetime import timedelta

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone

import audit


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


def status_response(job):
    return JsonResponse(status_of(job))


def download_response(request, job, action, **audit_fields):
    """The job's file as an attachment, audited as ``action``; 404 while there is none."""
    if not job.is_downloadable:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(request, action, job, **audit_fields)
    return FileResponse(handle, as_attachment=True, filename=job.download_name, content_type=job.content_type)
