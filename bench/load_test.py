"""The load test of issue 10: volunteers visiting against gunicorn + PostgreSQL + Redis, then the records counted.

    make load-test [USERS=50] [DURATION=5m] [LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tanfang_load]

Recreates LOAD_DATABASE_URL (never a database named ``tanfang``), starts ``scripts/serve-production.sh``
on it (gunicorn workers and an rqworker, production settings over plain HTTP on 127.0.0.1, and the
trivial POST of bench/load_urls.py), creates USERS volunteer accounts with ten assigned elders each in
the villages of 武鸣区 and starts this month's visit tasks. Then runs locust headless
(bench/locustfile.py) three times: the ceiling of a trivial POST and of submissions alone (each
elder's first visit of the month), and the volunteers visiting for DURATION. Afterwards it counts:
every "提交探访记录" answered with success must be exactly one submitted record (0 lost, 0 doubled),
and no request may have failed. Prints the p95 of the submission, the submissions' ceiling as a
fraction of the trivial POST's (issue 10's goal: at least 0.4) and the verdict; the figures
(counts-*.json), locust's CSV and the server log are kept under var/load/.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "load"
PASSWORD = "Load-test-2026!"
ELDERS_EACH = 10


def start_server(url, port):
    env = {**os.environ, "SERVE_DATABASE_URL": url, "PORT": str(port), "PYTHON": sys.executable,
           "SERVE_SETTINGS_MODULE": "bench.load_settings"}
    log = open(OUT / "server.log", "w")  # noqa: SIM115 (kept open for the server's lifetime)
    server = subprocess.Popen([str(ROOT / "scripts" / "serve-production.sh")], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 900
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped: see {OUT / 'server.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(2)
    sys.exit("the server did not answer within 15 minutes")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def use_server_environment(url):
    """This process talks to the same database with the same keys as the server."""
    for line in (ROOT / "var" / "production.env").read_text().splitlines():
        key, _, value = line.partition("=")
        os.environ[key] = value
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": url,
                       "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "TANFANG_PLAIN_HTTP": "true",
                       "DJANGO_LOG_LEVEL": "WARNING"})
    sys.path.insert(0, str(ROOT / "site"))
    import django

    django.setup()


def create_volunteers(count):
    """``count`` volunteers, each with ELDERS_EACH elders of their village; this month's visit tasks started."""
    from django.contrib.auth import get_user_model

    from registry.id_numbers import build_id_number
    from registry.models import Assignment, Category, Elder
    from roles.models import Region, Role, StaffProfile
    from workflows.scheduler import schedule_visits

    role, category = Role.objects.get(code="visitor"), Category.objects.get(code="living_alone")
    townships = list(Region.objects.filter(level="township", parent__code="450110000000").order_by("code"))
    accounts = {}
    for n in range(count):
        township = townships[n % len(townships)]
        code = f"{township.code[:9]}{200 + n:03d}"
        village, _ = Region.objects.get_or_create(code=code, defaults={
            "name": f"压测村{n + 1}", "level": "village", "parent": township})
        user = get_user_model().objects.create_user(f"load_volunteer_{n + 1:02d}", password=PASSWORD,
                                                    first_name=f"志愿者{n + 1}")
        StaffProfile.objects.create(user=user, role=role, region=village)
        elders = []
        for k in range(ELDERS_EACH):
            sequence = n * ELDERS_EACH + k
            elder = Elder(name=f"压测老人{sequence + 1}", village=village,
                          id_number=build_id_number(code[:6], date(1940 + sequence % 20, 1 + sequence % 12, 1),
                                                    1 + sequence),
                          emergency_contact_name="家属", emergency_contact_phone="13800000000",
                          first_contact_name="子女", first_contact_phone="13700000000",
                          first_contact_relation="child", first_contact_kind="child_nearby",
                          consent_date=date(2020, 1, 1), registered_on=date(2020, 1, 1), water_safety="safe",
                          utilities_safety="safe", housing_safety="safe", monthly_income=1200)
            elder.save()
            elder.categories.set([category])
            Assignment.objects.create(elder=elder, visitor=user, start_date=date(2020, 1, 1))
            elders.append(elder.pk)
        accounts[user.username] = elders
    started = schedule_visits()
    print(f"load test: {count} volunteers, {count * ELDERS_EACH} elders, {started} visit tasks", flush=True)
    return accounts


def run_locust(users, port, user_class, duration="10m", spawn_rate=None):
    """Locust headless with ``user_class`` of bench/locustfile.py; volunteers finish the visit they are in
    when the time is up (--stop-timeout); a ceiling run ends itself when its users are done."""
    counts = OUT / f"counts-{user_class}.json"
    counts.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "--users", str(users), "--spawn-rate", str(spawn_rate or users), "--run-time", duration,
                    "--stop-timeout", "120", "--host", f"http://127.0.0.1:{port}",
                    "--csv", str(OUT / f"locust-{user_class}"), "--only-summary", user_class],
                   cwd=ROOT, env={**os.environ, "LOAD_VOLUNTEERS": str(OUT / "volunteers.json"),
                                  "LOAD_COUNTS": str(counts)}, check=False)
    return json.loads(counts.read_text())


def verdict(trivial, burst, counts, accounts):
    """Prints the figures; True when no request failed and every submission is one record."""
    from django.contrib.auth import get_user_model

    from forms.models import VisitRecord

    volunteers = get_user_model().objects.filter(username__in=accounts)
    submitted = VisitRecord.objects.submitted().filter(submitted_by__in=volunteers).count()
    runs = (trivial, burst, counts)
    succeeded, failures = sum(run["submitted"] for run in runs), sum(run["failures"] for run in runs)
    lost, doubled = max(succeeded - submitted, 0), max(submitted - succeeded, 0)
    ratio = burst["burst_rps"] / trivial["burst_rps"] if trivial["burst_rps"] else 0
    print(f"\nceiling: trivial POST {trivial['burst_rps']:.1f}/s ({trivial['burst_answered']}), submission "
          f"(first visit of the month) {burst['burst_rps']:.1f}/s ({burst['burst_answered']}): "
          f"ratio {ratio:.2f} (goal >= 0.4)")
    print(f"volunteers visiting: {counts['requests']} requests ({counts['rps']:.1f}/s)")
    print(f"all runs: failed requests {failures}")
    print(f"submissions: {succeeded} answered as submitted, {submitted} submitted records: "
          f"{lost} lost, {doubled} doubled")
    print(f"submission while visiting: median {counts['median']:.0f} ms, p95 {counts['p95']:.0f} ms, "
          f"max {counts['max']:.0f} ms, {counts['submission_rps']:.2f}/s; 我的待办 p95 {counts['inbox_p95']:.0f} ms")
    return failures == 0 and lost == 0 and doubled == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("USERS", 50)))
    parser.add_argument("--duration", default=os.environ.get("DURATION", "5m"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8001)))
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL")
                        or "postgres://postgres@127.0.0.1:5432/tanfang_load")
    options = parser.parse_args()
    url = options.database_url
    name = urlparse(url).path.lstrip("/")
    if not name or name == "tanfang":
        sys.exit(f"refusing to load-test the database {name!r}: name another one")
    OUT.mkdir(parents=True, exist_ok=True)

    import psycopg

    with psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server = start_server(url, options.port)
    try:
        use_server_environment(url)
        accounts = create_volunteers(options.users)
        (OUT / "volunteers.json").write_text(json.dumps({"password": PASSWORD, "volunteers": accounts}))
        trivial = run_locust(options.users, options.port, "TrivialPostBurst")
        burst = run_locust(options.users, options.port, "SubmissionBurst")
        counts = run_locust(options.users, options.port, "Volunteer", options.duration, spawn_rate=10)
        passed = verdict(trivial, burst, counts, accounts)
    finally:
        stop_server(server)
    print("PASSED: 0 errors, 0 lost, 0 doubled" if passed else "FAILED")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
