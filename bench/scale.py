"""The scale benchmark of issue 10: a province-sized register in PostgreSQL, then the hot paths timed.

    make bench-scale [ELDERS=1000000] [BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tanfang_bench]
    .venv/bin/python bench/scale.py --elders 20000 [--reuse] [--rounds 5] [--scheduler-sample 5000]

Builds the database at BENCH_DATABASE_URL from scratch (dropped and recreated; a database named
``tanfang`` is refused), migrates it with the official region tree, and writes with bulk SQL
(``INSERT … SELECT generate_series``) through the project's own tables: villages under every
township, N elders spread over them with one or two categories, one visitor per 20 elders, a
current assignment for 90 % of the elders (the rest unassigned), 3 % who declined visits, 1 % who
died this year, and the last twelve months of submitted visits: about 90 % of the assigned consenting elders
visited each month, three in ten of those twice, so about 12 visits per elder a year (12 M at 1 M elders).
Encrypted columns hold one precomputed ciphertext (made by the project's own field), ID-number
hashes are unique stand-ins. When the project has a visit rollup (``manage.py rebuild_visit_rollup``),
it is rebuilt after loading (this month), the scheduler starts this month's visit tasks (about
750,000 open at 1 M elders early in a month), and the eleven months before are copied from this month's
rows (``synthesize_trend_months``) so that the 监督看板's twelve-month trend sums a year of rows.

Then it measures, interleaved, the median of ``--rounds`` runs of: the monthly visit rate page over
HTTP (Django's test client, through the whole middleware stack) for the province, a city, a county
and a township; the province officer's start page with a cold cache; visit submissions, a visit
that is the elder's first of the month (which the rollup counts) and a further one, each with and
without the rollup's receivers, the upkeep timed inside the receivers (the difference of two
medians of a 15 ms write is mostly noise; it is printed beside); and the scheduler's first and
second run of a month (on ``--scheduler-sample`` elders next month, their visit cases deleted
first so that the first run starts every visit; extrapolated to N and to 1 M, and per task).
Prints each figure beside its goal. ``--reuse`` skips the build and measures the database as it is.
"""

import argparse
import os
import statistics
import sys
import time
import weakref
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tanfang_bench"
ELDERS_PER_VISITOR = 20
ELDERS_PER_VILLAGE = 80
MAX_VILLAGES_PER_TOWNSHIP = 11
MONTHS = 12

# (what, goal in ms, whether it scales to 1 M as measured) for the table.
GOALS = {
    "rate page, province": 100,
    "rate page, city": 100,
    "rate page, county": 50,
    "rate page, township": 50,
    "start page, cold cache": 100,
    "supervision dashboard, province": 200,
}
SUBMISSIONS_PER_ROUND = 5  # of each kind, with and without the rollup
TASK_GOAL_MS = 0.9  # the scheduler's first run: 15 minutes for the about 1 M visit tasks of 1 M elders


def configure(url):
    """Point Django at the bench database (refusing the production name) with DEBUG off."""
    name = urlparse(url).path.lstrip("/")
    if not name or name == "tanfang":
        sys.exit(f"refusing to build a benchmark in the database {name!r}: name another one")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    return name


def recreate_database(url, name):
    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def seconds(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


# ---------------------------------------------------------------------------------- building


def insert_select(model, expressions, source, template=None):
    """``INSERT INTO <model's table> SELECT … FROM source``: SQL ``expressions`` by column, the other
    columns from ``template`` (an unsaved instance: its field values prepared by the fields themselves,
    so encrypted columns get a real ciphertext). Returns the number of rows written."""
    from django.db import connection

    columns, values, params = [], [], []
    for field in model._meta.local_concrete_fields:
        if field.primary_key and field.column not in expressions:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in expressions:
            values.append(expressions[field.column].replace("%", "%%"))
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(getattr(template, field.attname), connection))
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
           f"SELECT {', '.join(values)} FROM {source.replace('%', '%%')}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def template_elder(village):
    from registry.id_numbers import build_id_number
    from registry.models import Elder

    elder = Elder(name="老人", id_number=build_id_number(village.code[:6], date(1950, 5, 1), 1), phone="13900000000",
                  village=village, emergency_contact_name="家属", emergency_contact_phone="13800000000",
                  first_contact_name="子女", first_contact_phone="13700000000", first_contact_relation="child",
                  first_contact_kind="child_nearby", consent_date=date(2020, 1, 1), water_safety="safe",
                  utilities_safety="safe", housing_safety="safe", monthly_income=1200, registered_on=date(2020, 1, 1))
    elder.derive_from_id_number()
    return elder


def build(elder_count, today):
    """Villages, elders, categories, visitors, assignments and twelve months of visits; ANALYZE."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from forms.models import FormDefinition, VisitRecord
    from registry.models import Assignment, Elder
    from roles.models import Region, Role, StaffProfile

    townships = Region.objects.filter(level="township").count()
    per_township = max(1, min(MAX_VILLAGES_PER_TOWNSHIP, round(elder_count / townships / ELDERS_PER_VILLAGE)))
    took, villages = seconds(lambda: insert_select(Region, {
        "code": "substr(t.code, 1, 9) || lpad(v::text, 3, '0')",
        "name": "t.name || '第' || v || '村'",
        "level": "'village'",
        "parent_id": "t.id",
        "path": "t.path || substr(t.code, 1, 9) || lpad(v::text, 3, '0') || '/'",
    }, f"roles_region t CROSS JOIN generate_series(1, {per_township}) v WHERE t.level = 'township'"))
    print(f"build: {villages} villages ({per_township} per township) in {took:.1f} s", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_village AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id "
                       "FROM roles_region WHERE level = 'village'")
        cursor.execute("CREATE UNIQUE INDEX ON bench_village (n)")
    first_village = Region.objects.filter(level="village").first()
    this_year = today.replace(month=1, day=1)
    took, elders = seconds(lambda: insert_select(Elder, {
        "name": "'老人' || g",
        "id_number_hash": "md5(g::text) || md5('bench' || g)",
        "village_id": "v.id",
        # 3 % declined visits, 1 % died this year (status date in January), the rest active.
        "consents_to_visits": "g % 33 <> 0",
        "status": "CASE WHEN g % 100 = 7 THEN 'deceased' ELSE 'active' END",
        "status_date": f"CASE WHEN g % 100 = 7 THEN DATE '{this_year}' + (g % 28) END",
        "status_reason": "CASE WHEN g % 100 = 7 THEN '去世' ELSE '' END",
        "created_at": "now()",
        "updated_at": "now()",
    }, f"generate_series(1, {elder_count}) g JOIN bench_village v ON v.n = g % {villages}",
        template_elder(first_village)))
    print(f"build: {elders} elders in {took:.1f} s", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM registry_elder")
        first_elder = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM registry_category ORDER BY sort_order, id")
        categories = [row[0] for row in cursor.fetchall()]
        array = "ARRAY[" + ",".join(map(str, categories)) + "]"
        # One category each, and a second one for every fifth elder.
        cursor.execute(f"INSERT INTO registry_elder_categories (elder_id, category_id) "
                       f"SELECT id, ({array})[1 + id % {len(categories)}] FROM registry_elder "
                       f"UNION ALL SELECT id, ({array})[1 + (id + 1) % {len(categories)}] "
                       f"FROM registry_elder WHERE id % 5 = 0")

    visitor_count = max(1, elder_count // ELDERS_PER_VISITOR)
    User = get_user_model()
    template_user = User(username="x", is_active=True, date_joined=datetime(2020, 1, 1, tzinfo=today_tz()))
    template_user.set_unusable_password()
    took, visitors = seconds(lambda: insert_select(User, {
        "username": "'bench_visitor_' || g", "first_name": "'探访员' || g",
    }, f"generate_series(1, {visitor_count}) g", template_user))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_visitor AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id "
                       "FROM auth_user WHERE username LIKE 'bench_visitor_%%'")
        cursor.execute("CREATE UNIQUE INDEX ON bench_visitor (n)")
    visitor_role = Role.objects.get(code="visitor")
    insert_select(StaffProfile, {
        "user_id": "u.id", "role_id": str(visitor_role.pk),
        "region_id": "(SELECT id FROM roles_region WHERE level = 'village' ORDER BY id LIMIT 1)",
    }, "bench_visitor u", StaffProfile(title="", phone=""))
    print(f"build: {visitors} visitors in {took:.1f} s", flush=True)

    # A visitor serves 20 consecutive elders; every tenth elder has nobody.
    took, assignments = seconds(lambda: insert_select(Assignment, {
        "elder_id": "e.id", "visitor_id": "u.id", "assigned_by_id": "NULL",
        "start_date": "DATE '2020-01-01'", "end_date": "NULL", "visits_per_month": "NULL",
    }, f"registry_elder e JOIN bench_visitor u ON u.n = ((e.id - {first_elder}) / {ELDERS_PER_VISITOR}) "
       f"% {visitor_count} WHERE e.id % 10 <> 3", Assignment()))
    print(f"build: {assignments} assignments in {took:.1f} s", flush=True)

    definition = FormDefinition.objects.visit_form()
    first_month = _add_months(today.replace(day=1), -MONTHS)
    year_ago = today - timedelta(days=365)
    # Month m (0 = twelve months ago): nine in ten assigned consenting elders visited on day 1 + (id + m) % 28
    # (k = 0), three in ten of those again fourteen days apart (k = 1); only the twelve months up to today
    # (so the current month only partly: some elders are not visited yet). The deceased stop after their
    # status date.
    visit_day = (f"(DATE '{first_month}' + make_interval(months => m) + ((e.id + m + 14 * k) % 28) "
                 f"* INTERVAL '1 day')::date")
    took, visits = seconds(lambda: insert_select(VisitRecord, {
        "elder_id": "e.id", "visitor_id": "a.visitor_id", "definition_id": str(definition.pk),
        "definition_revision_id": str(definition.live_revision_id), "status": "'submitted'",
        "visit_number": "2 * m + k + 1", "care_number": "NULL", "answers": "'{}'::jsonb", "visit_date": visit_day,
        "visit_method": "'home'", "created_by_id": "a.visitor_id", "submitted_by_id": "a.visitor_id",
        "created_at": f"{visit_day}::timestamptz", "updated_at": f"{visit_day}::timestamptz",
        "submitted_at": f"{visit_day}::timestamptz",
    }, f"registry_assignment a JOIN registry_elder e ON e.id = a.elder_id "
       f"CROSS JOIN generate_series(0, {MONTHS}) m CROSS JOIN generate_series(0, 1) k "
       f"WHERE e.consents_to_visits AND (e.id * 7 + m) % 10 <> 0 AND (k = 0 OR (e.id * 3 + m) % 10 < 3) "
       f"AND {visit_day} > DATE '{year_ago}' AND {visit_day} <= DATE '{today}' "
       f"AND (e.status_date IS NULL OR {visit_day} <= e.status_date)", VisitRecord(proposed_changes=[])))
    print(f"build: {visits} submitted visit records ({MONTHS} months, {visits / elder_count:.1f} per elder) "
          f"in {took:.1f} s", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('visit_forms_visitrecord', 'id'), "
                       "(SELECT max(id) FROM visit_forms_visitrecord))")
    took, _ = seconds(lambda: connection.cursor().execute("VACUUM ANALYZE"))
    print(f"build: VACUUM ANALYZE in {took:.1f} s", flush=True)
    return visits


def today_tz():
    from registry.dates import CHINA_TZ

    return CHINA_TZ


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def rebuild_rollup():
    """Rebuild the visit rollup when the project has one; the seconds it took, or None."""
    from django.core.management import call_command, get_commands

    if "rebuild_visit_rollup" not in get_commands():
        return None
    took, _ = seconds(lambda: call_command("rebuild_visit_rollup"))
    print(f"build: rebuild_visit_rollup in {took:.1f} s", flush=True)
    return took


def start_this_months_visits(today):
    """Run the scheduler for this month, as on its first day: a visit task for every elder due and not
    yet visited (most of them early in a month), so that the pages are timed beside as many open
    tasks as production has; then ANALYZE the task tables."""
    from django.db import connection

    from registry.dates import CHINA_TZ
    from workflows.scheduler import schedule_visits

    took, started = seconds(lambda: schedule_visits(now=datetime(today.year, today.month, today.day, 8,
                                                                 tzinfo=CHINA_TZ)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"build: this month's scheduler run started {started} visit tasks in {took:.1f} s", flush=True)


def synthesize_trend_months(today):
    """Give the rollup the eleven months before this one, copied from this month's rows (the villages'
    and the townships'), where it lacks them.

    The 监督看板 sums the last twelve months of the rollup; rebuilding eleven past months from the raw
    tables (``rebuild_visit_rollup --month``) takes minutes each at 1 M elders, so the bench copies
    this month's rows instead: the sums read as many rows as twelve real months would (their values
    are this month's, which no figure printed here depends on). Months the rollup holds are left alone.
    """
    from django.db import connection

    from workflows.models import RollupMonth, TownshipRollup, VisitRollup

    this = today.replace(day=1)
    if not RollupMonth.objects.filter(month=this).exists():
        return
    missing = [month for month in (_add_months(this, -offset) for offset in range(1, MONTHS))
               if not RollupMonth.objects.filter(month=month).exists()]
    columns = ", ".join(VisitRollup.COUNTS)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for month in missing:
            for model in (VisitRollup, TownshipRollup):
                place, table = f"{model.PLACE}_id", model._meta.db_table
                cursor.execute(f"INSERT INTO {table} ({place}, category_id, month, {columns}) "
                               f"SELECT {place}, category_id, %s, {columns} FROM {table} WHERE month = %s",
                               [month, this])
            RollupMonth.objects.create(month=month)
        cursor.execute(f"ANALYZE {VisitRollup._meta.db_table}, {TownshipRollup._meta.db_table}")
    if missing:
        print(f"build: {len(missing)} past months of rollup copied from this month's in "
              f"{time.perf_counter() - started:.1f} s", flush=True)


# ------------------------------------------------------------------------------- measuring


def officer(role, code):
    """An account placed at region ``code`` with ``role`` (its object permissions granted by the signals)."""
    from django.contrib.auth import get_user_model

    from roles.models import Region, Role, StaffProfile

    user, _ = get_user_model().objects.get_or_create(username=f"bench_{role}")
    region = Region.objects.get(code=code)
    StaffProfile.objects.update_or_create(user=user, defaults={"role": Role.objects.get(code=role), "region": region})
    return user, region


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def page(client, url, cold_cache=False):
    """A GET of ``url`` as ``client``'s user (after clearing the cache when ``cold_cache``)."""
    from django.core.cache import cache

    def get():
        if cold_cache:
            cache.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def rollup_receivers():
    """The receivers (signal, entry) that keep a visit rollup: those defined in a module named *rollup*,
    on every signal (the state before a write is read in pre_save and post_init, the delta added in post_save)."""
    from django.db.models import signals as model_signals

    from forms.signals import visit_submitted

    found = []
    for signal in (visit_submitted, model_signals.pre_init, model_signals.post_init, model_signals.pre_save,
                   model_signals.post_save, model_signals.pre_delete, model_signals.post_delete,
                   model_signals.m2m_changed):
        for entry in signal.receivers:
            receiver = entry[1]() if isinstance(entry[1], weakref.ReferenceType) else entry[1]
            if "rollup" in getattr(receiver, "__module__", ""):
                found.append((signal, entry))
    return found


class WithoutRollup:
    """Disconnects the rollup's receivers inside the ``with`` block."""

    def __init__(self, receivers):
        self.receivers = receivers

    def __enter__(self):
        for signal, entry in self.receivers:
            signal.receivers.remove(entry)
            signal.sender_receivers_cache.clear()

    def __exit__(self, *exc):
        for signal, entry in self.receivers:
            signal.receivers.append(entry)
            signal.sender_receivers_cache.clear()


class ReceiverClock:
    """Inside the ``with`` block, the rollup's receivers add the time they take to ``spent`` (seconds)."""

    def __init__(self, receivers):
        self.receivers = receivers
        self.spent = 0.0

    def _timed(self, entry):
        receiver = entry[1]() if isinstance(entry[1], weakref.ReferenceType) else entry[1]

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return receiver(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started

        return (entry[0], timed, *entry[2:])

    def __enter__(self):
        self.spent = 0.0
        self.swapped = [(signal, entry, self._timed(entry)) for signal, entry in self.receivers]
        for signal, entry, timed in self.swapped:
            signal.receivers[signal.receivers.index(entry)] = timed
            signal.sender_receivers_cache.clear()
        return self

    def __exit__(self, *exc):
        for signal, entry, timed in self.swapped:
            signal.receivers[signal.receivers.index(timed)] = entry
            signal.sender_receivers_cache.clear()


def submission(elders):
    """Submitting a visit of the next of ``elders`` (a draft started outside the timing)."""
    from forms.services import start_visit, submit_visit
    from tests.forms.factories import valid_answers

    def prepare():
        elder, visitor = next(elders)
        return start_visit(elder, visitor), visitor

    def submit(prepared):
        record, visitor = prepared
        submit_visit(record, valid_answers(), visitor)

    return prepare, submit


def assigned_elders(visited_this_month):
    """(elder, visitor) of the assigned consenting elders, with (``visited_this_month``) or without a
    submitted visit this month: a submission is then their further visit, or their first (which the
    rollup counts)."""
    from django.db.models import Exists, OuterRef

    from forms.models import VisitRecord
    from registry.models import Assignment
    from workflows.schedule import this_month

    visits = VisitRecord.objects.submitted().filter(elder=OuterRef("elder_id"), visit_date__gte=this_month())
    assignments = (Assignment.objects.current().filter(elder__status="active", elder__consents_to_visits=True)
                   .filter(Exists(visits) if visited_this_month else ~Exists(visits)))
    for assignment in assignments.select_related("elder__village", "visitor").order_by("-elder_id").iterator():
        yield assignment.elder, assignment.visitor


SUBMISSION_KINDS = {"first visit of the month": False, "further visit that month": True}


def measure(options, elder_count):
    from django.urls import reverse

    from workflows.scheduler import schedule_visits

    province_user, province = officer("province_civil_affairs", "450000000000")
    city_user, city = officer("city_civil_affairs", "450100000000")
    county_user, county = officer("county_civil_affairs", "450110000000")
    township_user, township = officer("township_officer", "450110100000")
    rate, dashboard = reverse("workflows:visit_rate"), reverse("supervision:dashboard")
    pages = {
        "rate page, province": page(client_for(province_user), f"{rate}?region={province.pk}"),
        "rate page, city": page(client_for(city_user), f"{rate}?region={city.pk}"),
        "rate page, county": page(client_for(county_user), f"{rate}?region={county.pk}"),
        "rate page, township": page(client_for(township_user), f"{rate}?region={township.pk}"),
        "start page, cold cache": page(client_for(province_user), reverse("workbench:home"), cold_cache=True),
        "supervision dashboard, province": page(client_for(province_user), f"{dashboard}?region={province.pk}"),
    }
    receivers = rollup_receivers()
    clock = ReceiverClock(receivers)
    submissions = {kind: submission(assigned_elders(visited)) for kind, visited in SUBMISSION_KINDS.items()}
    for get in pages.values():  # warm up the process (imports, template loading)
        get()
    timings = {name: [] for name in pages}
    for kind in SUBMISSION_KINDS:
        timings |= {f"{kind}, with rollup": [], f"{kind}, without rollup": [], f"{kind}, upkeep": []}
    for round_number in range(options.rounds):
        for name, get in pages.items():
            timings[name].append(seconds(get)[0] * 1000)
        for _ in range(SUBMISSIONS_PER_ROUND):
            for kind, (prepare, submit) in submissions.items():
                prepared = prepare()
                with clock:
                    timings[f"{kind}, with rollup"].append(seconds(lambda p=prepared, s=submit: s(p))[0] * 1000)
                timings[f"{kind}, upkeep"].append(clock.spent * 1000)
                prepared = prepare()
                with WithoutRollup(receivers):
                    timings[f"{kind}, without rollup"].append(seconds(lambda p=prepared, s=submit: s(p))[0] * 1000)
        print(f"measure: round {round_number + 1} of {options.rounds} done", flush=True)
    medians = {name: statistics.median(values) for name, values in timings.items()}

    scheduler = scheduler_runs(options, elder_count, schedule_visits)
    report(options, elder_count, medians, bool(receivers), scheduler)


def scheduler_runs(options, elder_count, schedule_visits):
    """The scheduler's first and second run next month on the first ``--scheduler-sample`` elders.

    The sample's visit cases are deleted first (an earlier measurement on a reused database left
    them), so that the first run starts a visit for every elder due, as on the first of a month.
    """
    from django.utils import timezone

    from registry.dates import CHINA_TZ
    from registry.models import Elder

    next_month = _add_months(timezone.localdate(timezone=CHINA_TZ).replace(day=1), 1)
    now = datetime(next_month.year, next_month.month, 1, 9, tzinfo=CHINA_TZ)
    sample = min(options.scheduler_sample or elder_count, elder_count)
    boundary = Elder.objects.order_by("pk").values_list("pk", flat=True)[sample - 1]
    elders = Elder.objects.filter(pk__lte=boundary)
    took, deleted = seconds(lambda: delete_visit_cases(boundary))
    print(f"measure: deleted the sample's {deleted} visit cases in {took:.1f} s", flush=True)
    first, created = seconds(lambda: schedule_visits(now=now, elders=elders))
    print(f"measure: scheduler first run on {sample} elders: {first:.1f} s, {created} tasks started, "
          f"{first / max(created, 1) * 1000:.2f} ms a task", flush=True)
    reruns = [seconds(lambda: schedule_visits(now=now + timedelta(days=1), elders=elders))[0]
              for _ in range(min(options.rounds, 3))]
    return {"sample": sample, "first": first, "created": created, "second": statistics.median(reruns)}


def delete_visit_cases(last_elder):
    """Delete the visit and escalation cases (process, tasks, links, scheduled visits) of the elders up to
    ``last_elder``'s id, in bulk SQL; returns how many cases."""
    from django.db import connection

    from workflows.flows.visits import VisitEscalationFlow, VisitFlow
    from workflows.models import Case, CaseTask, ScheduledVisit, VisitEscalation

    process, task = Case._meta.pk.remote_field.model, CaseTask._meta.pk.remote_field.model
    flows = [Case._meta.get_field("flow_class").get_prep_value(flow) for flow in (VisitFlow, VisitEscalationFlow)]
    tables = {name: model._meta.db_table for name, model in (
        ("case", Case), ("process", process), ("casetask", CaseTask), ("task", task),
        ("previous", CaseTask.previous.through), ("scheduled", ScheduledVisit), ("escalation", VisitEscalation))}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_doomed, bench_doomed_task")
        cursor.execute("CREATE TEMP TABLE bench_doomed AS SELECT process_ptr_id AS id FROM {case} "
                       "WHERE elder_id <= %s AND process_ptr_id IN (SELECT id FROM {process} "
                       "WHERE flow_class = ANY(%s))".format(**tables), [last_elder, flows])
        deleted = cursor.rowcount
        cursor.execute("CREATE TEMP TABLE bench_doomed_task AS SELECT id FROM {task} "
                       "WHERE process_id IN (SELECT id FROM bench_doomed)".format(**tables))
        for sql in (
            "DELETE FROM {escalation} WHERE case_id IN (SELECT id FROM bench_doomed) OR scheduled_visit_id IN "
            "(SELECT id FROM {scheduled} WHERE elder_id <= %s)",
            "DELETE FROM {scheduled} WHERE elder_id <= %s",
            "DELETE FROM {previous} WHERE from_task_id IN (SELECT id FROM bench_doomed_task)",
            "DELETE FROM {previous} WHERE to_task_id IN (SELECT id FROM bench_doomed_task)",
            "DELETE FROM {casetask} WHERE task_ptr_id IN (SELECT id FROM bench_doomed_task)",
            "DELETE FROM {task} WHERE id IN (SELECT id FROM bench_doomed_task)",
            "DELETE FROM {case} WHERE process_ptr_id IN (SELECT id FROM bench_doomed)",
            "DELETE FROM {process} WHERE id IN (SELECT id FROM bench_doomed)",
        ):
            cursor.execute(sql.format(**tables), [last_elder] if "%s" in sql else [])
    return deleted


def report(options, elder_count, medians, has_rollup, scheduler):
    scale = elder_count / scheduler["sample"]
    to_million = 1_000_000 / scheduler["sample"]
    rows = [(name, f"{medians[name]:.0f} ms", f"≤ {goal} ms", "yes" if medians[name] <= goal else "NO")
            for name, goal in GOALS.items()]
    for kind in SUBMISSION_KINDS:
        with_rollup, without = medians[f"{kind}, with rollup"], medians[f"{kind}, without rollup"]
        rows.append((f"submission, {kind}: with / without rollup", f"{with_rollup:.1f} / {without:.1f} ms", "", ""))
        if has_rollup:
            upkeep = medians[f"{kind}, upkeep"]
            share = upkeep / without * 100
            rows.append((f"  … rollup upkeep (in its receivers; difference {with_rollup - without:+.1f} ms)",
                         f"{upkeep:.1f} ms = {share:.0f} %", "≤ 10 %", "yes" if share <= 10 else "NO"))
        else:
            rows.append(("  … rollup upkeep", "no rollup", "≤ 10 %", "n/a"))
    first_at_million = scheduler["first"] * to_million / 60
    rows.append((f"scheduler first run ({scheduler['created']} tasks on {scheduler['sample']} elders)",
                 f"{scheduler['first']:.1f} s", "", ""))
    rows.append(("  … at this N / at 1 M (linear)",
                 f"{scheduler['first'] * scale / 60:.1f} / {first_at_million:.0f} min", "≤ 15 min at 1 M",
                 "yes" if first_at_million <= 15 else "NO"))
    per_task = scheduler["first"] / max(scheduler["created"], 1) * 1000
    rows.append(("  … a task (15 min for about 1 M tasks)", f"{per_task:.2f} ms", f"≤ {TASK_GOAL_MS} ms",
                 "yes" if per_task <= TASK_GOAL_MS else "NO"))
    second_at_million = scheduler["second"] * to_million
    rows.append((f"scheduler second run ({scheduler['sample']} elders)", f"{scheduler['second']:.2f} s", "", ""))
    rows.append(("  … at this N / at 1 M (linear)", f"{scheduler['second'] * scale:.1f} / {second_at_million:.0f} s",
                 "≤ 60 s at 1 M", "yes" if second_at_million <= 60 else "NO"))
    print(f"\nmedians of {options.rounds} interleaved runs ({options.rounds * SUBMISSIONS_PER_ROUND} submissions of "
          f"each kind, with and without the rollup) at {elder_count} elders:\n")
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print(f"| {'measure':<{widths[0]}} | {'median':<{widths[1]}} | {'goal':<{widths[2]}} | met |")
    print(f"|{'-' * (widths[0] + 2)}|{'-' * (widths[1] + 2)}|{'-' * (widths[2] + 2)}|-----|")
    for row in rows:
        print(f"| {row[0]:<{widths[0]}} | {row[1]:<{widths[1]}} | {row[2]:<{widths[2]}} | {row[3]:<3} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=int(os.environ.get("ELDERS", 1_000_000)))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved runs of each measure (default 5)")
    parser.add_argument("--scheduler-sample", type=int, default=5000,
                        help="elders the scheduler is timed on, extrapolated to N (default 5000; 0: all)")
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is, without building")
    options = parser.parse_args()
    name = configure(options.database_url)

    import django

    if not options.reuse:
        recreate_database(options.database_url, name)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from registry.dates import china_today

    if not options.reuse:
        took, _ = seconds(lambda: call_command("migrate", verbosity=0))
        print(f"build: migrated {name} in {took:.1f} s", flush=True)
        connection.set_autocommit(True)
        took, _ = seconds(lambda: build(options.elders, china_today()))
        print(f"build: {options.elders} elders in {took / 60:.1f} min", flush=True)
        rebuild_rollup()
        start_this_months_visits(china_today())
    synthesize_trend_months(china_today())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_elder")
        elder_count = cursor.fetchone()[0]
    measure(options, elder_count)


if __name__ == "__main__":
    main()
