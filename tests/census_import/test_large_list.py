"""A list of 50,000 rows is read as a background task, its progress kept on the batch (README: 名单导入)."""

import time
from datetime import date, timedelta

import pytest
from census_import.models import ImportBatch, ImportFile, Stage
from census_import.staging import one_digit_keys, read_batch
from django.core.files.base import ContentFile

from registry.id_numbers import build_id_number
from tests.census_import.factories import AREA, CensusLists

pytestmark = pytest.mark.django_db

ROWS = 50_000


def big_list(villages):
    lines = [["序号", "姓名", "身份证号码", "村（社区）", "类别"]]
    used = set()
    for n in range(ROWS):
        born = date(1930, 1, 1) + timedelta(days=n % 9000)
        # numbers at least two digits apart, or the one-digit rule would rightly ask about them
        number = next(number for sequence in range(1, 1000)
                      if not used.intersection(one_digit_keys(number := build_id_number(AREA, born, sequence))))
        used.update(one_digit_keys(number))
        lines.append([n + 1, f"老人{n}", number, villages[n % 2].name, "空巢"])
    return CensusLists._csv(lines, "gbk")


def test_fifty_thousand_rows_are_read_in_the_background(officer, villages):
    batch = ImportBatch.objects.create(requested_by=officer, region=officer.staff_profile.region)
    ImportFile.objects.create(batch=batch, name="大名单.csv", digest="0" * 64, source="civil_affairs",
                              source_label="民政名单 2026-12", upload=ContentFile(big_list(villages), "big.csv"))
    started = time.monotonic()
    read_batch(batch.pk)
    elapsed = time.monotonic() - started
    batch.refresh_from_db()
    assert (batch.stage, batch.total, batch.counts()["new"]) == (Stage.PREVIEW, ROWS, ROWS)
    print(f"read {ROWS} rows in {elapsed:.1f} s")
