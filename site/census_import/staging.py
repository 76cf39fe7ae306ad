"""Reading a batch's lists into staged rows and sorting them, before anything is written to the register.

THE outcomes (``models.Outcome``), decided for the batch as a whole:
- ``CORRECTION``: a cell can't be used (damaged or invalid ID number, no ID number and no reason,
  unknown village or category, sex or birth date contradicting the ID number, a bad phone);
- ``REFUSED``: under 60 on today's date, the age shown;
- ``REGISTERED``: the ID number's keyed hash is on the register (anywhere in the province), or a
  person without ID number of that name is already pending in that village;
- ``DUPLICATE``: the same ID number (or, without one, name and village) on an earlier row of the
  batch: one person, whose categories and sources are united;
- ``REVIEW``: same name and birth date in the township, or an ID number differing in one of its
  17 digits from a record there: merged only if the officer says so;
- ``NEW``: everyone else, registered 待核实 on confirmation.
"""

import re

from django.db import models, transaction

from census_import import columns, values
from census_import.files import FileUnreadable, open_table
from census_import.models import ColumnMapping, ImportBatch, Outcome, Stage, StagedRow
from printing.background import BatchStatus
from registry.choices import ElderStatus
from registry.crypto import lookup_hash
from registry.digits import fold_digits, is_ascii_digits
from registry.forms import NewElderForm
from registry.id_numbers import birth_date_of
from registry.models import Category, Elder

PROGRESS_EVERY = 500
LIST_SEPARATORS = re.compile(r"[、，,；;/\s]+")
CATEGORY_SUFFIXES = re.compile(r"(老年人|老人|家庭)$")
HASH_CHUNK = 500
NEAR_DUPLICATE = "本乡镇(街道)已有姓名和出生日期相同、或公民身份号码仅一位不同的档案，请确认是否为同一人"


def scope_villages(user):
    """The villages ``user`` may register people in (as the registration form offers them)."""
    return NewElderForm(user=user).fields["village"].queryset


class Villages:
    """The user's villages found by 12-digit code, by name, or by "乡镇 村" when two share a name."""

    def __init__(self, queryset):
        self.by_code, self.by_name, self.by_full = {}, {}, {}
        for village in queryset.select_related("parent"):
            self.by_code[village.code] = village
            self.by_name.setdefault(village.name, []).append(village)
            self.by_full[(village.parent.name, village.name)] = village

    def find(self, cell):
        value = values.text(cell)
        if is_ascii_digits(code := fold_digits(value), length=12):
            found = [self.by_code[code]] if code in self.by_code else []
        elif len(parts := value.split()) == 2:
            found = [self.by_full[tuple(parts)]] if tuple(parts) in self.by_full else []
        else:
            found = self.by_name.get(value, [])
        if len(found) > 1:
            raise values.CellError("您负责的范围内有多个同名村(社区)，请写成“乡镇(街道) 村(社区)”或12位区划代码")
        if not found:
            raise values.CellError("不在您负责的范围内，或没有这个村(社区)")
        return found[0]


class Categories:
    def __init__(self):
        self.by_name = {category.name: category.pk for category in Category.objects.all()}

    def find(self, cell):
        names = [CATEGORY_SUFFIXES.sub("", part) for part in LIST_SEPARATORS.split(values.text(cell)) if part]
        unknown = [name for name in names if name not in self.by_name]
        if unknown:
            raise values.CellError(f"没有“{'、'.join(unknown)}”这个对象类别，可填：{'、'.join(self.by_name)}")
        return [self.by_name[name] for name in names]


class RowReader:
    """One file's rows into (data, reasons, outcome), before the batch-wide comparison."""

    TEXT_LIMITS = {"name": 40, "address": 120, "id_missing_reason": 100}  # as Elder and ElderSource hold them
    READERS = {"id_number": values.id_number, "sex": values.sex, "birth_date": values.a_date, "phone": values.phone}

    def __init__(self, import_file, villages, categories):
        self.file, self.villages, self.categories = import_file, villages, categories
        self.columns = {field: int(index) for index, field in import_file.mapping.items() if field != columns.IGNORE}

    def cell(self, cells, field):
        index = self.columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    def read(self, cells):
        data, reasons = {"cells": [values.text(cell) for cell in cells]}, []

        def problem(field, message):
            reasons.append([self.file.column_of(field), message])

        for field, limit in self.TEXT_LIMITS.items():
            data[field] = values.plain(self.cell(cells, field))
            if len(data[field]) > limit:
                problem(field, f"超过{limit}字")
        if not data["name"]:
            problem("name", "缺少姓名")
        for field, reader in self.READERS.items():
            cell = self.cell(cells, field)
            try:
                data[field] = reader(cell) if values.text(cell) else ""
            except values.CellError as error:
                data[field] = ""
                problem(field, str(error))
        self._place(cells, data, problem)
        if not data["id_number"] and not reasons and not data["id_missing_reason"]:
            problem("id_number", "缺少公民身份号码；如确无号码，请在“无身份证号原因”列说明")
        number = data["id_number"]
        for reason in (values.sex_mismatch(number, data["sex"]), values.birth_mismatch(number, data["birth_date"])):
            if reason:
                problem("id_number", reason)
        if reasons:
            return data, reasons, Outcome.CORRECTION
        born = birth_date_of(number) if number else data["birth_date"] or None
        if reason := values.under_age(born):
            problem("id_number" if number else "birth_date", reason)
            return data, reasons, Outcome.REFUSED
        return data, reasons, Outcome.NEW

    def _place(self, cells, data, problem):
        try:
            data["village"] = self.villages.find(self.cell(cells, "village")).pk
        except values.CellError as error:
            data["village"] = None
            problem("village", str(error))
        found = [self.file.category_id] if self.file.category_id else []
        try:
            found += self.categories.find(self.cell(cells, "category"))
        except values.CellError as error:
            problem("category", str(error))
        data["categories"] = sorted(set(found))
        if not found:
            problem("category", "缺少对象类别")


def remembered_headings(batch, source):
    mapping = ColumnMapping.objects.filter(region=batch.region, source=source).first()
    return mapping.headings if mapping else {}


def read_file(import_file, villages, categories, progress):
    """The (row, data) pairs of one file; [] when it can't be read (``problem`` says why), None when
    its columns must be mapped by hand first."""
    remembered = remembered_headings(import_file.batch, import_file.source)
    try:
        with import_file.upload.open("rb") as handle:
            table = open_table(handle, import_file.name, import_file.sheet, remembered)
    except FileUnreadable as error:
        import_file.problem = error.message[:200]
        import_file.save(update_fields=["problem"])
        return []
    ImportBatch.objects.filter(pk=import_file.batch_id).update(total=models.F("total") + len(table.rows))
    header_changed = table.header != import_file.header
    import_file.sheet, import_file.sheets, import_file.header_row = table.sheet, table.sheets, table.header_row
    import_file.ignored = [list(item) for item in table.ignored]
    if header_changed or not import_file.mapping:
        import_file.header = table.header
        import_file.mapping = {str(k): v for k, v in columns.mapping_for(table.header, remembered).items()}
    import_file.problem = ""
    import_file.save()
    if columns.missing_required(import_file.mapping, bool(import_file.category_id)):
        return None
    reader = RowReader(import_file, villages, categories)
    staged = []
    for number, cells in table.rows:
        data, reasons, outcome = reader.read(cells)
        staged.append((StagedRow(file=import_file, row_number=number, outcome=outcome, reasons=reasons), data))
        progress()
    return staged


def read_batch(batch_id):
    """The parse task: stage every file of batch ``batch_id``, then compare its rows (``classify``)."""
    if not ImportBatch.claim(batch_id):
        return
    ImportBatch.objects.filter(pk=batch_id).update(total=0)
    batch = ImportBatch.objects.select_related("requested_by", "region").get(pk=batch_id)
    villages, categories = Villages(scope_villages(batch.requested_by)), Categories()
    counter = {"n": 0}

    def progress():
        counter["n"] += 1
        if counter["n"] % PROGRESS_EVERY == 0:
            ImportBatch.objects.filter(pk=batch_id).update(done_count=counter["n"])

    staged, needs_mapping = [], False
    for import_file in batch.files.all():
        rows = read_file(import_file, villages, categories, progress)
        needs_mapping |= rows is None
        staged += rows or []
    with transaction.atomic():
        StagedRow.objects.filter(file__batch=batch).delete()
        if not needs_mapping:
            classify(batch, staged)
            for row, data in staged:
                row.payload = StagedRow.seal(data)
            StagedRow.objects.bulk_create([row for row, _data in staged], batch_size=1000)
        ImportBatch.objects.filter(pk=batch_id).update(
            stage=Stage.MAPPING if needs_mapping else Stage.PREVIEW, status=BatchStatus.DONE, total=len(staged),
            done_count=len(staged))


def one_digit_keys(number):
    """Keys shared by ID numbers whose first 17 digits differ in exactly one place (the check character aside)."""
    return [f"{position}:{number[:position]}?{number[position + 1:17]}" for position in range(17)]


class Register:
    """What the batch is compared against: the register by hash, and the townships' records for near matches."""

    def __init__(self, staged, townships):
        hashes = sorted({row.id_hash for row, _data in staged if row.id_hash})
        self.by_hash = {}
        for start in range(0, len(hashes), HASH_CHUNK):
            for pk, digest, village_id in Elder.objects.filter(id_number_hash__in=hashes[start:start + HASH_CHUNK]) \
                    .values_list("pk", "id_number_hash", "village_id"):
                self.by_hash[digest] = (pk, village_id)
        self.near, self.without_id = {}, {}
        records = (Elder.objects.filter(village__parent__in=townships).exclude(status=ElderStatus.MERGED)
                   .values_list("pk", "name", "birth_date", "id_number", "village_id", "village__parent_id"))
        for pk, name, born, number, village_id, township in records:
            if born:
                self.near.setdefault((township, name, born.isoformat()), set()).add(pk)
            if number:
                for key in one_digit_keys(number):
                    self.near.setdefault((township, key), set()).add(pk)
            else:
                self.without_id[(village_id, name)] = pk

    def record_of(self, row, data):
        """(elder id, village id) of the record this row already is, or None."""
        if row.id_hash:
            return self.by_hash.get(row.id_hash)
        pk = self.without_id.get((data["village"], data["name"]))
        return (pk, data["village"]) if pk else None

    def near_matches(self, township, data):
        found = set()
        for key in near_keys(township, data):
            found |= self.near.get(key, set())
        return sorted(found)


def near_keys(township, data):
    """What two records of one person typed differently share: name and birth date, or 16 of 17 digits."""
    number = data.get("id_number")
    keys = [(township, data["name"], data["born"])] if data["born"] else []
    return keys + [(township, key) for key in one_digit_keys(number)] if number else keys


def person_key(row, data):
    """Who a row is within the batch: the ID number's hash, or (without one) the village and name."""
    return row.id_hash or f"no-id:{data['village']}:{data['name']}"


def classify(batch, staged):
    """Set each staged row's outcome against the register and the batch's earlier rows (see the module)."""
    in_scope = dict(scope_villages(batch.requested_by).values_list("pk", "parent_id"))
    for row, data in staged:
        number = data.get("id_number")
        row.id_hash = lookup_hash(number) if number and row.outcome == Outcome.NEW else None
        data["born"] = birth_date_of(number).isoformat() if number else str(data.get("birth_date") or "")
    register = Register(staged, set(in_scope.values()))
    first_seen, batch_near = {}, {}
    for row, data in staged:
        if row.outcome != Outcome.NEW:
            continue
        key, where, township = person_key(row, data), f"{row.file.name} 第{row.row_number}行", in_scope[data["village"]]
        twin = next((batch_near[near] for near in near_keys(township, data) if near in batch_near), None)
        if found := register.record_of(row, data):
            pk, village_id = found
            row.outcome, row.elder_id = Outcome.REGISTERED, pk if village_id in in_scope else None
            if row.elder_id is None:
                row.reasons = [[row.file.column_of("id_number"), "已在其他地区登记，如需核实请联系县级民政部门"]]
        elif key in first_seen:
            row.outcome = Outcome.DUPLICATE
            row.reasons = [["", f"与{first_seen[key]}为同一人，类别和来源合并"]]
        elif candidates := register.near_matches(township, data):
            row.outcome, row.candidates = Outcome.REVIEW, candidates
            row.reasons = [["", NEAR_DUPLICATE]]
        elif twin is not None and twin[0] != key:
            row.outcome, data["twin"] = Outcome.REVIEW, twin[0]
            row.reasons = [["", f"与{twin[1]}姓名和出生日期相同、或公民身份号码仅一位不同，请确认是否为同一人"]]
        else:
            batch_near.update({near: (key, where) for near in near_keys(township, data)})
        first_seen.setdefault(key, where)
