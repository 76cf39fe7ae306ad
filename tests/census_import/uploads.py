"""Driving the import screens as an officer would: upload, add lists, confirm (tasks run on commit)."""

from census_import.models import ImportBatch
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_upload(name, content):
    return SimpleUploadedFile(name, content, content_type=XLSX if name.endswith(".xlsx") else "text/csv")


def upload(client, capture, name, content, source, url=None, **extra):
    with capture(execute=True):
        response = client.post(url or reverse("workbench:elder_import"),
                               {"file": as_upload(name, content), "source": source, **extra})
    return response


def upload_lists(client, capture, lists):
    """The three lists in one batch, as the officer uploads them one after the other."""
    response = upload(client, capture, "残联名单.xlsx", lists.disabled_xlsx(), "disabled_persons")
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    add = reverse("workbench:elder_import_add", args=[batch.pk])
    upload(client, capture, "卫健名单.csv", lists.health_csv(), "health", url=add)
    upload(client, capture, "网格名单.csv", lists.grid_csv(), "grid", url=add)
    batch.refresh_from_db()
    return batch


def confirm(client, capture, batch, answers):
    with capture(execute=True):
        return client.post(reverse("workbench:elder_import_confirm", args=[batch.pk]), answers)
