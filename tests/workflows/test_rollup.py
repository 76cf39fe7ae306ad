"""The visit rollup kept by the writes always equals the one rebuilt from the raw tables."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils import timezone

from forms.choices import RecordStatus
from forms.models import VisitRecord
from forms.services import start_visit
from registry.models import Assignment, Category, Elder
from roles.models import Region
from tests.registry.factories import AssignmentFactory, ElderFactory
from tests.roles.factories import UserFactory, region_named
from workflows import rollup
from workflows.models import RollupMonth, TownshipRollup, VisitFrequencyRule, VisitRollup, VisitSurge
from workflows.visit_rate import visit_rate

from .visit_factories import village_in

pytestmark = pytest.mark.django_db
MONTHS = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
FIRST_DAY, LAST_DAY = date(2025, 12, 1), date(2026, 4, 30)
STEPS = 14


def rows(check_townships=True):
    """The rollup as {(village, category, month): counts}, rows of zeros left out, after checking that
    the townships' rows are their villages' added up (unless ``check_townships`` is false)."""
    villages = {(row.village_id, row.category_id, row.month): (row.due, row.visited, row.unassigned, row.declined)
                for row in VisitRollup.objects.all() if row.due or row.visited or row.unassigned or row.declined}
    added_up = {}
    for (village_id, category_id, month), counts in villages.items():
        key = (Region.objects.get(pk=village_id).parent_id, category_id, month)
        added_up[key] = tuple(a + b for a, b in zip(added_up.get(key, (0, 0, 0, 0)), counts, strict=True))
    townships = {(row.township_id, row.category_id, row.month): (row.due, row.visited, row.unassigned, row.declined)
                 for row in TownshipRollup.objects.all() if row.due or row.visited or row.unassigned or row.declined}
    assert townships == added_up or not check_townships
    return villages


def rebuilt():
    for month in rollup.built_months():
        rollup.rebuild(month)
    return rows()


class World:
    """A small register and the random writes a sequence is made of (``random.Random(seed)``)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.villages = [village_in("民生街道"), village_in("民生街道"), village_in("三塘镇")]
        self.categories = list(Category.objects.all())
        self.visitors = [UserFactory(), UserFactory()]
        for _ in range(4):
            self.register()
        for month in MONTHS[:3]:
            rollup.rebuild(month)

    def day(self):
        return FIRST_DAY + timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days + 1))

    def elder(self):
        return self.rng.choice(list(Elder.objects.order_by("pk")))

    def register(self):
        elder = ElderFactory(village=self.rng.choice(self.villages), registered_on=self.day(),
                             consents_to_visits=self.rng.random() < 0.8,
                             status=self.rng.choice(["active", "active", "active", "pending"]),
                             categories=[c.code for c in self.rng.sample(self.categories, self.rng.randint(1, 2))])
        if self.rng.random() < 0.6:
            AssignmentFactory(elder=elder, visitor=self.rng.choice(self.visitors), start_date=self.day())

    def change_status(self):
        elder = self.elder()
        elder.status = self.rng.choice(["active", "deceased", "moved_away", "withdrawn", "pending", "rejected"])
        elder.status_date = None if elder.status == "active" else self.day()
        elder.save()

    def move(self):
        elder = self.elder()
        elder.village = self.rng.choice(self.villages)
        elder.save(update_fields=["village"])

    def recategorise(self):
        self.elder().categories.set(self.rng.sample(self.categories, self.rng.randint(1, 3)))

    def consent(self):
        elder = self.elder()
        elder.consents_to_visits = not elder.consents_to_visits
        elder.save()

    def reregister(self):
        elder = self.elder()
        elder.registered_on = self.day()
        elder.save()

    def assign(self):
        elder = self.elder()
        current = Assignment.objects.current().filter(elder=elder).first()
        if current is not None:
            current.end_date = max(current.start_date, self.day())
            current.save(update_fields=["end_date"])
        if self.rng.random() < 0.7:
            Assignment.objects.create(elder=elder, visitor=self.rng.choice(self.visitors), start_date=self.day(),
                                      visits_per_month=self.rng.choice([None, None, 1, 2]))

    def unassign(self):
        assignment = Assignment.objects.order_by("?").first()
        if assignment is not None:
            assignment.delete()

    def visit(self):
        elder = self.elder()
        record = start_visit(elder, self.rng.choice(self.visitors))
        record.status, record.visit_date, record.submitted_at = RecordStatus.SUBMITTED, self.day(), timezone.now()
        record.save()

    def drop_visit(self):
        record = VisitRecord.objects.submitted().order_by("?").first()
        if record is not None:
            record.delete()

    def redate_visit(self):
        record = VisitRecord.objects.submitted().order_by("?").first()
        if record is not None:
            record.visit_date = self.day()
            record.save()

    def delete_elder(self):
        try:
            self.elder().delete()  # with their assignments and categories
        except ProtectedError:  # visit records and cases keep an elder on file
            pass

    def change_rule(self):
        rule = VisitFrequencyRule.objects.order_by("?").first()
        rule.interval_days = self.rng.choice([7, 30, 61, 91])
        rule.save()

    def surge(self):
        start = self.day()
        VisitSurge.objects.create(region=region_named(self.rng.choice(["民生街道", "三塘镇"])), start_date=start,
                                  end_date=start + timedelta(days=self.rng.randint(3, 40)),
                                  interval_days=self.rng.choice([7, 14]), reason="高温天气")

    def build_april(self):
        rollup.ensure_built(MONTHS[3])

    WRITES = {"register": 3, "change_status": 3, "move": 2, "recategorise": 2, "consent": 2, "reregister": 1,
              "assign": 3, "unassign": 1, "visit": 5, "drop_visit": 1, "redate_visit": 2, "delete_elder": 1,
              "change_rule": 1, "surge": 1, "build_april": 1}

    def step(self):
        name = self.rng.choices(list(self.WRITES), weights=list(self.WRITES.values()))[0]
        getattr(self, name)()
        return name


@pytest.mark.parametrize("seed", range(100))
def test_incremental_equals_rebuilt(seed, django_capture_on_commit_callbacks):
    world = World(seed)
    done = []
    for _ in range(STEPS):
        # Rule and surge changes recompute their months after the commit (the task runs immediately in tests).
        with django_capture_on_commit_callbacks(execute=True):
            done.append(world.step())
    kept = rows()
    assert kept == rebuilt(), f"seed {seed}: {done}"


def test_a_visit_submission_updates_its_month_only():
    world = World(1)
    elder = ElderFactory(registered_on=date(2025, 1, 1), village=world.villages[0])
    before = rows()
    record = start_visit(elder, world.visitors[0])
    record.status, record.visit_date = RecordStatus.SUBMITTED, date(2026, 2, 10)
    record.save()
    after = rows()
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert {month for _, _, month in changed} == {date(2026, 2, 1)}
    key = (elder.village_id, None, date(2026, 2, 1))
    assert after[key][1] == before[key][1] + 1  # visited
    assert after == rebuilt()


def test_rebuild_command(capsys):
    World(2)
    expected = rows()
    minsheng = region_named("民生街道")

    def part(counts, month, township=None):
        return {key: value for key, value in counts.items() if key[2] == month and (
            township is None or Region.objects.get(pk=key[0]).path.startswith(township.path))}

    VisitRollup.objects.update(due=99)
    TownshipRollup.objects.update(due=99)
    call_command("rebuild_visit_rollup", "--month", "2026-02")
    call_command("rebuild_visit_rollup", "--month", "2026-03", "--region", minsheng.code)
    assert part(rows(False), MONTHS[1]) == part(expected, MONTHS[1])
    assert part(rows(False), MONTHS[2], minsheng) == part(expected, MONTHS[2], minsheng)
    assert part(rows(False), MONTHS[0]) != part(expected, MONTHS[0])
    assert TownshipRollup.objects.get(township=minsheng, month=MONTHS[2], category=None).due != 99
    call_command("rebuild_visit_rollup")
    assert rows() == expected
    assert "2026-03（民生街道）：已重建" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [(["--month", "2026-13"], "月份格式不正确"),
                                           (["--region", "999999999999"], "找不到区划代码")])
def test_rebuild_command_refuses_bad_input(args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("rebuild_visit_rollup", *args)


def test_rate_of_a_month_not_built_builds_it():
    World(3)
    assert not RollupMonth.objects.filter(month=MONTHS[3]).exists()
    report = visit_rate(region_named("兴宁区"), MONTHS[3])
    assert RollupMonth.objects.filter(month=MONTHS[3]).exists()
    assert report.total.due == sum(due for (_, category, month), (due, *_) in rows().items()
                                   if category is None and month == MONTHS[3])
