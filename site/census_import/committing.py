"""Writing a confirmed batch to the register: the second background task of an import.

Rows are taken in file and row order. A ``NEW`` row (or a ``REVIEW`` row the officer called a
different person) becomes an elder 待核实 through ``Elder.save``, so its census case opens and the
village counts move exactly as for a registration in the workbench. ``REGISTERED`` and
``DUPLICATE`` rows, and ``REVIEW`` rows the officer merged, add their categories and source to the
person they name. Each person is written in its own transaction. Afterwards the uploads are
deleted and only refused rows keep their data, for the download sent back to the department.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from census_import.models import NOT_IMPORTED, Decision, ElderSource, ImportBatch, Outcome, Stage, StagedRow
from census_import.staging import PROGRESS_EVERY, person_key, scope_villages
from printing.background import BatchStatus
from registry.choices import ElderStatus
from registry.dates import china_today
from registry.models import Elder


def _new_elder(row, data):
    elder = Elder(name=data["name"], id_number=data["id_number"], village_id=data["village"],
                  phone=data.get("phone", ""), address_detail=data.get("address", ""), status=ElderStatus.PENDING,
                  registered_on=china_today())
    if not data["id_number"]:  # sex and birth date as the list gives them, until the door confirms a number
        elder.sex, elder.birth_date = data.get("sex") or "", data.get("birth_date") or None
    elder.save()
    return elder


def _unite(elder_id, row, data, batch):
    """Add the row's categories and its list as a source of elder ``elder_id``."""
    elder = Elder.objects.get(pk=elder_id)
    elder.categories.add(*data["categories"])
    note = "" if data.get("id_number") else f"无公民身份号码：{data.get('id_missing_reason', '')}"
    ElderSource.objects.get_or_create(elder=elder, source=row.file.source, label=row.file.source_label,
                                      defaults={"batch": batch, "note": note})
    return elder


def _person_of(row, data, people, scope):
    """The elder this row is (created when new), or None when it isn't imported."""
    if row.outcome == Outcome.NEW or row.outcome == Outcome.REVIEW and row.decision == Decision.NEW:
        try:
            return _new_elder(row, data).pk
        except ValidationError:  # registered by someone else since the preview: that record, if in scope
            return (Elder.objects.with_id_number(data["id_number"]).filter(village__in=scope)
                    .values_list("pk", flat=True).first())
    if row.outcome == Outcome.REVIEW and row.decision == Decision.MERGE:
        return row.merge_into_id or people.get(data.get("twin"))  # a record, or an earlier row of the batch
    if row.outcome == Outcome.DUPLICATE:
        return people.get(person_key(row, data))
    return row.elder_id  # registered: the record in scope, or None outside it


def _decided(row):
    """A reviewed row's report line says what the officer decided."""
    if row.outcome != Outcome.REVIEW:
        return {}
    return {"reasons": [["", f"已确认：{Decision(row.decision).label}"]]}


def commit_batch(batch_id):
    """The commit task of batch ``batch_id`` (queued when the officer confirms the preview)."""
    if not ImportBatch.claim(batch_id):
        return
    batch = ImportBatch.objects.get(pk=batch_id)
    rows = StagedRow.objects.filter(file__batch=batch).exclude(outcome__in=NOT_IMPORTED).select_related("file")
    people, scope = {}, scope_villages(batch.requested_by)
    for done, row in enumerate(rows.order_by("file_id", "row_number").iterator(chunk_size=1000), start=1):
        data = row.data
        with transaction.atomic():
            elder_id = _person_of(row, data, people, scope)
            if elder_id is not None:
                _unite(elder_id, row, data, batch)
                people.setdefault(person_key(row, data), elder_id)
                StagedRow.objects.filter(pk=row.pk).update(elder_id=elder_id, **_decided(row))
        if done % PROGRESS_EVERY == 0:
            ImportBatch.objects.filter(pk=batch_id).update(done_count=done)
    finish(batch)


def finish(batch):
    StagedRow.objects.filter(file__batch=batch).exclude(outcome__in=NOT_IMPORTED).update(payload="")
    for import_file in batch.files.exclude(upload=""):
        import_file.upload.delete(save=True)
    ImportBatch.objects.filter(pk=batch.pk).update(
        stage=Stage.DONE, status=BatchStatus.DONE, done_count=batch.total, finished_at=timezone.now(),
        committed_at=timezone.now())
