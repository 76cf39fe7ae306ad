"""Run a ``ReportJob``: build the report step by step (progress), write its file, or fail with a message.

Whatever goes wrong ends as a failed job with a Chinese message for the requester, never as an
exception out of the task (as ``printing.batches`` does for print batches).
"""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from printing.background import BatchStatus
from printing.rendering import PrintingUnavailable, RenderTimeout

from .annual_report import report_pdf
from .models import ReportFormat, ReportJob
from .report import build_report
from .workbook import workbook_bytes

logger = logging.getLogger(__name__)

UNAVAILABLE = "服务器暂时无法生成PDF（缺少打印组件），请改为下载Excel报表或联系系统管理员。"
TOO_LONG = "报告生成超时，请改为下载Excel报表，或按月生成。"
FAILED = "生成报表时出错，请稍后重新提交；如仍失败，请联系系统管理员。"
RENDERERS = {ReportFormat.WORKBOOK: workbook_bytes, ReportFormat.PDF: report_pdf}


def _progress(job_id):
    def record(done, total):
        ReportJob.objects.filter(pk=job_id).update(done_count=done, total=total)
    return record


def run_job(job_id):
    """Render job ``job_id`` if it is still queued; a job is claimed by one worker only."""
    if not ReportJob.claim(job_id):
        return
    job = ReportJob.objects.select_related("region").get(pk=job_id)
    try:
        report = build_report(job.region, job.period, progress=_progress(job_id))
        content = RENDERERS[job.format](report)
    except PrintingUnavailable:
        logger.exception("report job %s: WeasyPrint is unavailable", job_id)
        return ReportJob.fail(job_id, UNAVAILABLE)
    except RenderTimeout:
        logger.warning("report job %s: the PDF took too long", job_id)
        return ReportJob.fail(job_id, TOO_LONG)
    except Exception:
        logger.exception("report job %s failed", job_id)
        return ReportJob.fail(job_id, FAILED)
    job.file.save(f"report.{job.format}", ContentFile(content), save=False)
    ReportJob.objects.filter(pk=job_id).update(file=job.file.name, status=BatchStatus.DONE,
                                               finished_at=timezone.now())
