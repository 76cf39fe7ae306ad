"""Volunteers visiting: each signs in, opens 我的待办, starts a visit of one of their elders, fills the
form as the browser shows it and submits it; again and again (``Volunteer``). Run by ``make load-test``
(bench/load_test.py), which writes the accounts to LOAD_VOLUNTEERS (a JSON file of
{"password", "volunteers": {username: [elder ids]}}) and counts the records afterwards.

The request named "提交探访记录" is the submission whose p95 is reported; it succeeds only when the
server answers the redirect to the elder's page that follows a submitted record.

The ceiling runs (``SubmissionBurst``, ``TrivialPostBurst``) measure what the server sustains of one
kind of request alone: every user prepares its requests, all wait for the last one ready, then send
them back to back; the rate is the answers divided by the seconds from the start to the last answer.
"""

import itertools
import json
import os
import random
import time
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import gevent
from gevent.event import Event
from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

CHINA = ZoneInfo("Asia/Shanghai")
GOOD = {
    "visit_method": "home", "family_change": "no_change", "expression": "no_change", "mobility": "no_change",
    "illness": "no_change", "mood": "better", "gas_safety": "safe", "water_heating_safety": "safe",
    "electricity_safety": "fairly_safe", "fire_safety": "safe", "personal_hygiene": "no_change",
    "home_hygiene": "no_change", "indoor_environment": "no_change", "emergency": "false",
    "visitor_signature__image": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
                                "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "elder_signature__unable": "on", "elder_signature__reason": "双手颤抖",
}

with open(os.environ.get("LOAD_VOLUNTEERS", "var/load/volunteers.json"), encoding="utf-8") as stream:
    ACCOUNTS = json.load(stream)
_next_account = itertools.cycle(sorted(ACCOUNTS["volunteers"].items()))


SUBMISSION = "提交探访记录"
TRIVIAL_POST = "最简POST"
TRIVIAL_POSTS_EACH = 50


class BurstClock:
    """The users of a ceiling run: released together once all are prepared; the answers they count."""

    def __init__(self):
        self.ready, self.finished, self.answered = 0, 0, 0
        self.go, self.started, self.last_answer = Event(), None, None

    def wait_for_all(self, environment):
        self.ready += 1
        if self.ready == environment.parsed_options.num_users:
            self.started = time.monotonic()
            self.go.set()
        self.go.wait()

    def answer(self):
        self.answered += 1
        self.last_answer = time.monotonic()

    def finish(self, environment):
        """The last user done ends the run (from another greenlet: quitting kills the users)."""
        self.finished += 1
        if self.finished == environment.parsed_options.num_users:
            gevent.spawn(environment.runner.quit)

    @property
    def rate(self):
        seconds = (self.last_answer or 0) - (self.started or 0)
        return self.answered / seconds if seconds > 0 else 0


BURST = BurstClock()


@events.quitting.add_listener
def _write_counts(environment, **kwargs):
    """The final figures for bench/load_test.py (LOAD_COUNTS): its CSV may be written before the last answers."""
    entry, total = environment.stats.get(SUBMISSION, "POST"), environment.stats.total
    with open(os.environ.get("LOAD_COUNTS", "var/load/counts.json"), "w", encoding="utf-8") as stream:
        json.dump({"submitted": entry.num_requests - entry.num_failures, "requests": total.num_requests,
                   "failures": total.num_failures, "rps": total.total_rps,
                   "median": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95),
                   "max": entry.max_response_time, "submission_rps": entry.total_rps,
                   "inbox_p95": environment.stats.get("我的待办", "GET").get_response_time_percentile(0.95),
                   "burst_answered": BURST.answered, "burst_rps": BURST.rate}, stream)


class FormFields(HTMLParser):
    """What a browser would post from the page's forms: inputs, checked boxes, selected options, textareas."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            else:
                self.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html):
    parser = FormFields()
    parser.feed(html)
    return parser.fields


class SignedIn(HttpUser):
    """A volunteer of LOAD_VOLUNTEERS, signed in through the sign-in form."""

    abstract = True

    def on_start(self):
        self.username, self.elders = next(_next_account)
        page = self.client.get("/accounts/login/", name="登录页")
        token = form_fields(page.text).get("csrfmiddlewaretoken", "")
        response = self.client.post("/accounts/login/", name="登录", allow_redirects=False, data={
            "csrfmiddlewaretoken": token, "username": self.username, "password": ACCOUNTS["password"]})
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")

    def csrf_token(self):
        return self.client.cookies.get("csrftoken", "")

    def start_visit(self, elder, token):
        """Starts a visit of ``elder`` and loads its form: (the form's URL, what a browser would post), or None."""
        started = self.client.post(f"/workbench/elders/{elder}/visit/", name="开始探访", allow_redirects=False,
                                   data={"csrfmiddlewaretoken": token})
        if started.status_code != 302:
            return None
        record_url = started.headers["Location"]
        page = self.client.get(record_url, name="探访记录表")
        return record_url, {**form_fields(page.text), **GOOD, "visit_date": datetime.now(CHINA).date().isoformat(),
                            "submit": "1"}

    def submit(self, record_url, data):
        """Submits the form; True when the server answers the redirect that follows a submitted record."""
        with self.client.post(record_url, name=SUBMISSION, data=data, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302 and "/workbench/elders/" in response.headers.get("Location", ""):
                response.success()
                return True
            response.failure(f"not submitted: {response.status_code}")
            return False


class Volunteer(SignedIn):
    wait_time = between(1, 3)

    @task
    def visit_an_elder(self):
        inbox = self.client.get("/workbench/cases/", name="我的待办")
        token = form_fields(inbox.text).get("csrfmiddlewaretoken") or self.csrf_token()
        visit = self.start_visit(random.choice(self.elders), token)
        if visit:
            self.submit(*visit)


class Burst(SignedIn):
    """A ceiling run's user: prepares its requests (``prepare``), waits for every user, sends them (``send``)."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        super().on_start()
        self.queue = self.prepare()
        BURST.wait_for_all(self.environment)

    @task
    def send_next(self):
        if not self.queue:
            BURST.finish(self.environment)
            raise StopUser
        if self.send(self.queue.pop()):
            BURST.answer()


class SubmissionBurst(Burst):
    """Submissions alone: one started visit per elder, each the elder's first of the month (it completes the
    month's visit task and the rollup counts it: the costlier kind)."""

    def prepare(self):
        token = self.csrf_token()
        return [visit for visit in (self.start_visit(elder, token) for elder in self.elders) if visit]

    def send(self, visit):
        return self.submit(*visit)


class TrivialPostBurst(Burst):
    """The trivial POST of bench/load_urls.py, TRIVIAL_POSTS_EACH times each."""

    def prepare(self):
        return [self.csrf_token()] * TRIVIAL_POSTS_EACH

    def send(self, token):
        with self.client.post("/bench/trivial-post/", name=TRIVIAL_POST, data={"csrfmiddlewaretoken": token},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                response.success()
                return True
            response.failure(f"trivial POST answered {response.status_code}")
            return False
