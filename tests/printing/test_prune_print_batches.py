"""manage.py prune_print_batches: old batches and their files go, stuck ones fail, recent ones stay."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from printing.models import PrintBatch
from registry.dates import china_today
from tests.roles.factories import region_named, role_holder

pytestmark = pytest.mark.django_db


def batch_made(days_ago, status="done", with_file=True):
    batch = PrintBatch.objects.create(requested_by=role_holder("township_officer", "民生街道"),
                                      township=region_named("民生街道"), month=china_today().replace(day=1),
                                      status=status)
    if with_file:
        batch.file.save("visit-records.pdf", ContentFile(b"%PDF-1.7 test"))
    PrintBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return PrintBatch.objects.get(pk=batch.pk)


def test_batches_past_the_retention_period_go_with_their_files(private_root, settings, capsys):
    settings.TANFANG_PRINT_BATCH_RETENTION_DAYS = 7
    old, recent = batch_made(8), batch_made(6)
    old_path, recent_path = old.file.path, recent.file.path
    call_command("prune_print_batches")
    assert list(PrintBatch.objects.all()) == [recent]
    assert not os.path.exists(old_path)
    assert os.path.exists(recent_path)
    assert "已删除1个批量打印任务（1个文件）" in capsys.readouterr().out
    assert AuditEvent.objects.get(action="delete", object_type="printing.printbatch").detail["deleted"] == 1


def test_days_can_be_given_and_a_missing_file_is_no_error(private_root):
    batch = batch_made(3)
    batch.file.storage.delete(batch.file.name)
    call_command("prune_print_batches", "--days", "2")
    assert not PrintBatch.objects.exists()
    with pytest.raises(CommandError):
        call_command("prune_print_batches", "--days", "-1")


def test_batches_a_worker_left_behind_are_failed(private_root):
    stuck = batch_made(1, status="running", with_file=False)
    fresh = PrintBatch.objects.create(requested_by=stuck.requested_by, township=stuck.township, month=stuck.month)
    call_command("prune_print_batches")
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, stuck.error) == ("failed", "生成超时未完成，请重新提交。")
    assert fresh.status == "queued"

