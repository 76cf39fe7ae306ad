"""How long printing takes: elder files, and visit records (附件2) one and in bulk.

    .venv/bin/python bench/pdf.py [--runs 7] [--elders 50] [--records 200]

Standalone: test settings on an in-memory SQLite database (migrated here, with the official
region tree), invented elders from the test factories, no network. Prints the median of several
timed runs after one warm-up (fonts load on the first PDF) in wall-clock and CPU seconds (CPU
time says more on a busy machine), the size of each PDF, and the peak resident memory of the
process while each kind of PDF was made (VmHWM, reset before each) over what it held before;
each bulk PDF is made in a forked copy of the process, so that its peak is its own.

The bulk records are also printed as the workbench's monthly batch does it (``PrintBatch`` and
its task on the in-process backend): in parts of ``printing.batches.PART_SIZE`` records with
progress, then merged; and, to compare, in one part.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.pop("TEST_DATABASE_URL", None)  # always the in-memory database


CPU_SECONDS = []  # the median CPU seconds of the last median_seconds() call


def median_seconds(render, runs):
    """(median wall-clock seconds, last PDF) of ``runs`` timed calls after one untimed warm-up."""
    pdf = render()
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = render()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU_SECONDS[:] = [statistics.median(cpu)]
    return statistics.median(timings), pdf


def cpu_note():
    return f" ({CPU_SECONDS[0]:.2f} s CPU)"


def reset_peak_memory():
    """Start a new peak of resident memory (Linux: clear_refs 5 resets VmHWM); False where it can't."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status_mib(field):
    try:
        return int(re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())[1]) / 1024
    except (OSError, TypeError):
        return None


def peak_memory_mib():
    """The peak resident memory (MiB) since ``reset_peak_memory``, or of the whole process (maxrss)."""
    return _status_mib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def with_peak(measure):
    """(result of ``measure()``, "peak N MiB (+M)": the resident peak while it ran, over the RSS before)."""
    reset_peak_memory()
    before = _status_mib("VmRSS") or 0
    result = measure()
    peak = peak_memory_mib()
    return result, f"peak {peak:.0f} MiB (+{peak - before:.0f})"


def in_child(measure):
    """``with_peak(measure)`` in a forked copy of this process (database included), so that each
    bulk PDF's peak memory is its own and not hidden by what an earlier one left allocated.
    The result must pickle; the parent waits, touching nothing, while the child runs.
    """
    import pickle

    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reading)
        try:
            result, peak = with_peak(measure)
            payload = pickle.dumps((result, peak, CPU_SECONDS[:]))
        except BaseException as error:  # noqa: BLE001 - reported by the parent
            payload = pickle.dumps(error)
        with os.fdopen(writing, "wb") as stream:
            stream.write(payload)
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as stream:
        answer = pickle.loads(stream.read())
    os.waitpid(pid, 0)
    if isinstance(answer, BaseException):
        raise answer
    result, peak, CPU_SECONDS[:] = answer
    return result, peak


def time_batch(township, month, requested_by, part_size):
    """(seconds, batch) of one PrintBatch rendered by its task on the in-process backend."""
    from printing import batches
    from printing.models import PrintBatch
    from printing.tasks import render_print_batch

    batches.PART_SIZE = part_size
    batch = PrintBatch.objects.create(requested_by=requested_by, township=township, month=month)
    started, started_cpu = time.perf_counter(), time.process_time()
    render_print_batch.enqueue(batch.pk)
    seconds = time.perf_counter() - started
    CPU_SECONDS[:] = [time.process_time() - started_cpu]
    batch.refresh_from_db()
    if batch.status != "done":
        raise SystemExit(f"the batch failed: {batch.error}")
    return seconds, batch.total, batch.page_count, batch.file.size


def _size(timed):
    seconds, pdf = timed
    return seconds, len(pdf)


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

    (one, pdf), peak = with_peak(lambda: median_seconds(lambda: elder_file_pdf(ElderFile(elders[0], FULL), printer),
                                                        options.runs))
    print(f"one elder file:  median {one * 1000:.0f} ms{cpu_note()} of {options.runs} runs, "
          f"{len(pdf) / 1024:.0f} KiB, {peak}")

    files = [ElderFile(elder, FULL) for elder in elders]
    runs = max(1, options.runs // 2)
    (many, pdf), peak = with_peak(lambda: median_seconds(lambda: elder_files_pdf(files, printer), runs))
    print(f"{len(elders)} elder files: median {many:.2f} s{cpu_note()} of {runs} runs "
          f"({many / len(elders) * 1000:.0f} ms per file), {len(pdf) / 1024:.0f} KiB, {peak}")

    started = time.perf_counter()
    records = create_visit_records(elders, options.records)
    print(f"setup: {len(records)} submitted visit records in {time.perf_counter() - started:.1f} s")
    (one, pdf), peak = with_peak(lambda: median_seconds(lambda: visit_record_pdf(records[0], printer), options.runs))
    print(f"one visit record: median {one * 1000:.0f} ms{cpu_note()} of {options.runs} runs, "
          f"{len(pdf) / 1024:.0f} KiB, {peak}")
    runs = max(1, options.runs // 4)
    (many, size), peak = in_child(lambda: _size(median_seconds(lambda: visit_records_pdf(records, printer), runs)))
    print(f"{len(records)} visit records in one PDF: median {many:.2f} s{cpu_note()} of {runs} runs "
          f"({many / len(records) * 1000:.0f} ms per record), {size / 1024:.0f} KiB, {peak}")

    bench_batches(records, printer)


def bench_batches(records, printer):
    """The monthly batch task over the same records: in parts (as the workbench runs it), then in one part."""
    from django.conf import settings

    from printing import batches
    from registry.dates import china_today

    township = records[0].elder.village.parent
    month = china_today().replace(day=1)
    settings.TANFANG_PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="tanfang-bench-"))
    try:
        for label, part_size in [(f"parts of {batches.PART_SIZE}", batches.PART_SIZE), ("one part", 10 ** 6)]:
            (seconds, total, pages, size), peak = in_child(
                lambda size=part_size: time_batch(township, month, printer, size))
            print(f"{total} visit records as a PrintBatch task ({label}): {seconds:.2f} s{cpu_note()} "
                  f"({seconds / total * 1000:.0f} ms per record), {pages} pages, {size / 1024:.0f} KiB, {peak}")
    finally:
        shutil.rmtree(settings.TANFANG_PRIVATE_ROOT, ignore_errors=True)

if __name__ == "__main__":
    main()
