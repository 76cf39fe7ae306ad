"""How long printing takes: elder files, and visit records (附件2) one and in bulk.

    .venv/bin/python bench/pdf.py [--runs 7] [--elders 50] [--records 200]

Standalone: test settings on an in-memory SQLite database (migrated here, with the official
region tree), invented elders from the test factories, no network. Prints the median of several
timed runs after one warm-up (fonts load on the first PDF), and the size of each PDF.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.pop("TEST_DATABASE_URL", None)  # always the in-memory database


def median_seconds(render, runs):
    """(median seconds, last PDF) of ``runs`` timed calls after one untimed warm-up."""
    pdf = render()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        pdf = render()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), pdf


def create_elders(count):
    from tests.registry.factories import ElderFactory, HouseholdMemberFactory

    elders = ElderFactory.create_batch(count, categories=["living_alone", "disabled"])
    for elder in elders:
        HouseholdMemberFactory.create_batch(2, elder=elder)
    return elders


def create_visit_records(elders, count):
    """``count`` submitted visit records, one per elder (elders are reused round the list)."""
    from forms.services import submit_visit
    from tests.forms.factories import draft_record, valid_answers
    from tests.registry.factories import ElderFactory

    elders = list(elders) + ElderFactory.create_batch(max(0, count - len(elders)))
    records = []
    for elder in elders[:count]:
        record = draft_record(elder=elder)
        records.append(submit_visit(record, valid_answers(name=elder.name, service_needs="需要助餐、助浴服务"),
                                    record.visitor))
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each PDF (default 7)")
    parser.add_argument("--elders", type=int, default=50, help="elders in the combined PDF (default 50)")
    parser.add_argument("--records", type=int, default=200, help="visit records in the bulk PDF (default 200)")
    options = parser.parse_args()

    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"setup: migrated in-memory database in {time.perf_counter() - started:.1f} s")

    from printing import elder_file_pdf, elder_files_pdf, visit_record_pdf, visit_records_pdf
    from tests.roles.factories import UserFactory
    from workbench.presenters import FULL, ElderFile

    elders = create_elders(options.elders)
    printer = UserFactory(first_name="基准测试")

    one, pdf = median_seconds(lambda: elder_file_pdf(ElderFile(elders[0], FULL), printer), options.runs)
    print(f"one elder file:  median {one * 1000:.0f} ms of {options.runs} runs, {len(pdf) / 1024:.0f} KiB")

    files = [ElderFile(elder, FULL) for elder in elders]
    runs = max(1, options.runs // 2)
    many, pdf = median_seconds(lambda: elder_files_pdf(files, printer), runs)
    print(f"{len(elders)} elder files: median {many:.2f} s of {runs} runs "
          f"({many / len(elders) * 1000:.0f} ms per file), {len(pdf) / 1024:.0f} KiB")


    started = time.perf_counter()
    records = create_visit_records(elders, options.records)
    print(f"setup: {len(records)} submitted visit records in {time.perf_counter() - started:.1f} s")
    one, pdf = median_seconds(lambda: visit_record_pdf(records[0], printer), options.runs)
    print(f"one visit record: median {one * 1000:.0f} ms of {options.runs} runs, {len(pdf) / 1024:.0f} KiB")
    runs = max(1, options.runs // 4)
    many, pdf = median_seconds(lambda: visit_records_pdf(records, printer), runs)
    print(f"{len(records)} visit records: median {many:.2f} s of {runs} runs "
          f"({many / len(records) * 1000:.0f} ms per record), {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
