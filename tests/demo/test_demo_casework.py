"""The demo's referrals and emergencies this month: the county's casework figures (监督看板, 报表)
against counts made straight on the rows, the departments' 我的待办, and a second load adding nothing."""

import statistics
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.accounts import ensure_accounts
from demo.casework import STORIES
from forms.models import VisitRecord
from registry.dates import CHINA_TZ
from roles.models import Region
from supervision.casework import casework
from workflows import inbox, schedule
from workflows.flows import EmergencyFlow
from workflows.models import CareService, Case, EmergencyReport, Referral, SatisfactionReview

pytestmark = pytest.mark.django_db
COUNTY = "450110000000"  # 武鸣区, the ``county`` account's


@pytest.fixture
def accounts(settings):
    settings.TANFANG_DEMO_SITE = True
    call_command("load_demo_data")
    return ensure_accounts()


def day(moment):
    return timezone.localtime(moment, CHINA_TZ).date()


def in_month(moment, month):
    return moment is not None and month <= day(moment) <= schedule.month_end(month)


def in_time(referral, moment):
    return referral.due_date is None or day(moment) <= referral.due_date


def median_days(spans):
    return round(statistics.median(spans) / 86400, 1) if spans else None


def referrals_directly(region, month, today):
    """{department code: the figures of ``supervision.casework.DepartmentLine``}, row by row in Python."""
    lines = {}
    for referral in Referral.objects.select_related("department", "elder__village"):
        if not (referral.elder.village.path.startswith(region.path) and in_month(referral.created_at, month)):
            continue
        line = lines.setdefault(referral.department.code, Counter(accept=[], complete=[]))
        line["received"] += 1
        line["returned"] += referral.status == "rejected"
        line["overdue"] += referral.status in ("pending", "accepted") and referral.due_date < today
        if referral.status in ("accepted", "completed"):
            line["accepted_in_time"] += in_time(referral, referral.decided_at)
            line["accept"].append((referral.decided_at - referral.created_at).total_seconds())
        if referral.status == "completed":
            line["done_in_time"] += in_time(referral, referral.completed_at)
            line["complete"].append((referral.completed_at - referral.created_at).total_seconds())
    for review in SatisfactionReview.objects.select_related("service__referral__department",
                                                            "service__referral__elder__village"):
        referral = review.service.referral
        if referral.elder.village.path.startswith(region.path) and in_month(review.reviewed_at, month):
            line = lines.setdefault(referral.department.code, Counter(accept=[], complete=[]))
            line[review.rating] += 1
    return {code: {"received": line["received"], "accepted_in_time": line["accepted_in_time"],
                   "returned": line["returned"], "done_in_time": line["done_in_time"], "overdue": line["overdue"],
                   "median_accept_days": median_days(line["accept"]),
                   "median_complete_days": median_days(line["complete"]),
                   "satisfied": line["satisfied"], "fairly_satisfied": line["fairly_satisfied"],
                   "dissatisfied": line["dissatisfied"]}
            for code, line in lines.items()}


def test_county_casework_on_the_demo_equals_direct_counts(accounts):
    county, month, today = Region.objects.get(code=COUNTY), schedule.this_month(), timezone.localdate()
    work = casework(county)
    figures = {line.obj.code: {name: getattr(line, name) for name in (
        "received", "accepted_in_time", "returned", "done_in_time", "overdue", "median_accept_days",
        "median_complete_days", "satisfied", "fairly_satisfied", "dissatisfied")}
        for line in work.departments if line.received or line.reviewed}
    direct = referrals_directly(county, month, today)
    assert figures == direct
    assert {code: line["received"] for code, line in direct.items()} == {
        "fire_rescue": 3, "health": 4, "disabled_federation": 2}
    totals = Counter()
    for line in direct.values():
        totals.update({name: value for name, value in line.items() if isinstance(value, int)})
    assert totals["returned"] == 1 and totals["done_in_time"] == 2
    assert totals["accepted_in_time"] == 5
    assert (totals["satisfied"], totals["fairly_satisfied"], totals["dissatisfied"]) == (1, 1, 1)
    # The overdue one is due the day it was made: overdue from the month's second day on.
    assert totals["overdue"] == (1 if today > month else 0)
    assert all(direct[code]["median_accept_days"] is not None for code in direct)

    emergencies = work.emergencies
    cases = [case for case in Case.objects.filter(flow_class=EmergencyFlow).select_related("elder__village")
             if case.elder.village.path.startswith(county.path) and in_month(case.created, month)]
    handled = [case for case in cases if EmergencyReport.objects.filter(case=case).exists()]
    assert (emergencies.total, emergencies.handled, emergencies.pending) == (len(cases), len(handled), 1) == (2, 1, 1)


def test_departments_find_their_referrals(accounts):
    def titles(name):
        user = accounts[name]
        return Counter((task.flow_task.task_title, task.owner_id == user.pk) for task in inbox.inbox(user))

    assert titles("fire") == {("接收转介", False): 1, ("关爱服务记录", True): 1}
    assert titles("health") == {("接收转介", False): 1}
    assert titles("disabled_fed") == {("接收转介", False): 1, ("关爱服务记录", True): 1}
    for name in ("fire", "health", "disabled_fed"):  # due with their referral, made earlier this month
        for task in inbox.inbox(accounts[name]):
            assert task.due_at == Referral.objects.current(Case.objects.get(pk=task.process_id)).due_at
    overdue = [task for task in inbox.inbox(accounts["fire"]) if task.is_overdue]
    assert len(overdue) == (1 if timezone.localdate() > schedule.this_month() else 0)
    rejected = Referral.objects.get(status="rejected")
    assert rejected.reject_reason and rejected.department.code == "health"
    assert Referral.objects.current(rejected.case).department.code == "disabled_federation"


def test_loading_again_creates_no_casework(accounts):
    models = (Case, Referral, CareService, SatisfactionReview, EmergencyReport, VisitRecord)
    before = [model.objects.count() for model in models]
    assert before[1] == len([story for story in STORIES if "emergency" not in story.answers]) + 1  # + rerouted
    call_command("load_demo_data")
    assert [model.objects.count() for model in models] == before
