"""manage.py prune_report_jobs: old jobs and their files go, stuck ones fail, recent ones stay."""

import os
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from supervision.models import ReportJob
from tests.roles.factories import region_named, role_holder

pytestmark = pytest.mark.django_db


def job_made(days_ago, status="done"):
    job = ReportJob.objects.create(requested_by=role_holder("county_civil_affairs", "兴宁区"),
                                   region=region_named("兴宁区"), first=date(2026, 1, 1), format="xlsx", status=status)
    if status == "done":
        job.file.save("report.xlsx", ContentFile(b"PK test"))
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return ReportJob.objects.get(pk=job.pk)


def test_old_jobs_go_with_their_files_and_stuck_ones_fail(settings, tmp_path, capsys):
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "private"
    settings.TANFANG_PRINT_BATCH_RETENTION_DAYS = 7
    old, recent, stuck = job_made(8), job_made(6), job_made(1, status="running")
    old_path = old.file.path
    call_command("prune_report_jobs")
    assert set(ReportJob.objects.all()) == {recent, stuck}
    assert not os.path.exists(old_path) and os.path.exists(recent.file.path)
    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert "已删除1个报表任务（1个文件），1个超时任务标记为失败。" in capsys.readouterr().out
