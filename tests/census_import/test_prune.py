"""Census imports leave no personal data behind: staged rows and uploads go after the retention period."""

from datetime import timedelta

import pytest
from census_import.models import KEPT_FOR, ElderSource, ImportBatch, StagedRow
from django.core.management import call_command
from django.utils import timezone

from tests.census_import.uploads import confirm, upload

pytestmark = pytest.mark.django_db


def test_an_expired_batch_is_deleted_with_its_upload_and_rows(client, officer, lists, private_root,
                                                               django_capture_on_commit_callbacks):
    client.force_login(officer)
    upload(client, django_capture_on_commit_callbacks, "网格名单.csv", lists.grid_csv(), "grid")
    done = ImportBatch.objects.get()
    confirm(client, django_capture_on_commit_callbacks, done, {
        f"review-{row.pk}": "new" for row in StagedRow.objects.filter(outcome="review")})
    upload(client, django_capture_on_commit_callbacks, "残联名单.xlsx", lists.disabled_xlsx(), "disabled_persons")
    left = ImportBatch.objects.latest("pk")
    assert any(private_root.rglob("*"))
    ImportBatch.objects.update(created_at=timezone.now() - KEPT_FOR - timedelta(hours=1))

    call_command("prune_census_imports")

    assert not ImportBatch.objects.filter(pk__in=[done.pk, left.pk]).exists()
    assert not StagedRow.objects.exists()
    assert not [path for path in private_root.rglob("*") if path.is_file()]
    assert ElderSource.objects.filter(source="grid").exists()  # what the list brought stays
