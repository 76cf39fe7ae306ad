"""The census import at the size issue 12 names: a 50,000-row list read, staged and compared in the background.

    .venv/bin/python bench/census_import.py [--rows 50000] [--sample 1000] [--database-url URL]

Runs against a benchmark database that ``make bench-scale`` built (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/tanfang_bench), so the list is compared with that register.
It writes a department's .xlsx as they come (a title row, 制表单位, a header, ``--rows`` people of
one township's villages with valid, distinct ID numbers, a signature row), uploads it as the
township officer of 450110100000 and times ``read_batch`` (the background task behind the progress
bar: parsing, checking every cell, comparing with the register, staging). Then it reads and confirms
a second list of ``--sample`` other people and times ``commit_batch`` (each person registered
待核实 with their census case, one transaction each), per person and extrapolated to ``--rows``.
The people confirmed stay in the database as 待核实 records.
"""

import argparse
import io
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from bench.scale import DEFAULT_URL, configure, officer  # noqa: E402

TOWNSHIP = "450110100000"
AREA = "450110"


def id_numbers(count, first_sequence):
    """``count`` valid ID numbers no two of which differ in a single digit (the near-duplicate rule)."""
    from census_import.staging import one_digit_keys

    from registry.id_numbers import build_id_number

    numbers, used = [], set()
    day, sequence = date(1930, 1, 1), first_sequence
    while len(numbers) < count:
        number = build_id_number(AREA, day, sequence)
        keys = one_digit_keys(number)
        if not used.intersection(keys):
            numbers.append(number)
            used.update(keys)
        day += timedelta(days=1)
        if day > date(1965, 12, 31):
            day, sequence = date(1930, 1, 1), sequence + 11
    return numbers


def department_list(villages, numbers, tag):
    """An .xlsx as 残联 sends it: title, 制表单位, blank row, header, the people, 制表人 and 合计 rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("名单")
    sheet.append(["特殊困难老年人名单（残联）"])
    sheet.append(["制表单位：兴宁区残疾人联合会"])
    sheet.append([])
    sheet.append(["序号", "姓名", "身份证号码", "联系电话", "村（社区）", "类别"])
    for n, number in enumerate(numbers):
        sheet.append([n + 1, f"{tag}{n}", number, f"138{n % 100000000:08d}", villages[n % len(villages)], "重残"])
    sheet.append(["制表人：王芳", None, "审核人：李明"])
    sheet.append(["合计", len(numbers)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(user, township, content, name):
    from census_import.models import ImportBatch, ImportFile
    from django.core.files.base import ContentFile

    batch = ImportBatch.objects.create(requested_by=user, region=township)
    ImportFile.objects.create(batch=batch, name=name, digest=f"{time.time_ns():064d}"[-64:], source="disabled_persons",
                              source_label="残联名单 bench", upload=ContentFile(content, name))
    return batch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=1_000, help="people confirmed to time the commit")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL)
    options = parser.parse_args()
    configure(options.database_url)

    import django

    django.setup()
    from census_import.committing import commit_batch
    from census_import.models import ImportBatch
    from census_import.staging import read_batch

    from printing.background import BatchStatus
    from roles.models import Region

    user, township = officer("township_officer", TOWNSHIP)
    villages = list(Region.objects.filter(parent=township).order_by("code").values_list("name", flat=True))
    numbers = id_numbers(options.rows + options.sample, first_sequence=int(time.time()) % 500 + 100)
    started = time.perf_counter()
    content = department_list(villages, numbers[:options.rows], "名单老人")
    print(f"census import: wrote a {options.rows}-row .xlsx ({len(content) / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.1f} s", flush=True)

    batch = upload(user, township, content, "残联名单.xlsx")
    started = time.perf_counter()
    read_batch(batch.pk)
    read = time.perf_counter() - started
    batch = ImportBatch.objects.get(pk=batch.pk)
    print(f"census import: read, checked and compared {batch.total} rows in {read:.1f} s "
          f"({batch.total / read:.0f} rows a second); preview counts {batch.counts()}", flush=True)

    sample = upload(user, township, department_list(villages, numbers[options.rows:], "抽样老人"), "抽样.xlsx")
    read_batch(sample.pk)
    ImportBatch.objects.filter(pk=sample.pk).update(status=BatchStatus.QUEUED)  # confirmed
    started = time.perf_counter()
    commit_batch(sample.pk)
    committed = time.perf_counter() - started
    per_person = committed / options.sample
    print(f"census import: confirmed {options.sample} new people in {committed:.1f} s, {per_person * 1000:.0f} ms "
          f"a person, so about {per_person * options.rows / 60:.0f} min for {options.rows}", flush=True)


if __name__ == "__main__":
    main()
