"""The visit rollup kept current: ``VisitRollup`` counts per village × category × month, and
``TownshipRollup`` the same added up per township (what regions above the township sum).

Every write that changes what ``workflows.schedule`` counts updates the rollup in its own
transaction, by a delta: before the write, the elders' counts over the months the rollup holds;
after it, the same again; the difference is added to the villages' and their townships' rows,
under a row lock on the villages concerned and their townships (``Region`` rows,
``select_for_update``) so concurrent writes add up. The signal
receivers below do it for elders (registration, status, village, consent, categories),
assignments and visit records; code that writes with ``QuerySet.update`` wraps it in
``tracking(elder_ids)``. A frequency rule or surge changes the intervals of many elders: the
months it touches are rebuilt in the background (``recompute_rollup``, django-tasks).

The rollup holds the months of ``RollupMonth``; ``ensure_built`` builds a month from the raw
tables the first time it is asked for (``manage.py rebuild_visit_rollup`` does it on purpose).
"""

import threading
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django_tasks import task

from forms.choices import RecordStatus
from forms.models import VisitRecord
from registry.choices import ElderStatus
from registry.models import Assignment, Elder
from roles.models import Region, RegionLevel

from . import rollup_sql, schedule
from .models import RollupMonth, TownshipRollup, VisitFrequencyRule, VisitRollup, VisitSurge

BUILD_CHUNK = 5000
BUILT_CACHE_SECONDS = 24 * 60 * 60
# Fields of an elder the month rules read; saving others leaves the rollup alone.
ELDER_FIELDS = ("village_id", "registered_on", "status", "status_date", "consents_to_visits")
RECORD_FIELDS = ("status", "visit_date", "elder_id")
ABOVE_TOWNSHIP = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
# Census records not accepted: never on the register (``schedule.in_register_during``).
NEVER_COUNTED = {ElderStatus.PENDING, ElderStatus.VERIFIED, ElderStatus.REJECTED, ElderStatus.MERGED}


# ---------------------------------------------------------------------- counts


def counts_of(standings):
    """{(village id, category id or None, month): [due, visited, unassigned, declined]} of ``standings``."""
    counts = {}
    for standing in standings:
        vector = (int(standing.due), int(standing.due and standing.visited), int(standing.unassigned),
                  int(standing.declined))
        for category_id in (None, *standing.category_ids):
            _add(counts, (standing.village_id, category_id, standing.month), vector)
    return counts


def _add(counts, key, vector, sign=1):
    """Add ``vector`` (times ``sign``) to ``counts[key]``, a row of zeros when there is none yet."""
    row = counts.setdefault(key, [0, 0, 0, 0])
    for index, value in enumerate(vector):
        row[index] += sign * value


def _facts_counts(facts, months):
    return counts_of(standing for month in months for standing in facts.standings(month))


def built_months():
    return list(RollupMonth.objects.values_list("month", flat=True))


# A village's township never changes: read once per process.
_township_of = {}


def _lock(village_ids=(), elder_ids=()):
    """Lock the villages ``village_ids`` and those ``elder_ids`` live in, and their townships, until the
    transaction ends, in id order (a township's id is below its villages'), so that the writes to a
    township's rollup rows queue up instead of deadlocking; one statement, without a lock outside a
    transaction (autocommit). Returns the villages' ids."""
    return _villages_among(rollup_sql.lock_regions(village_ids, elder_ids))


def _villages_among(regions):
    """The ids of the villages among ``regions`` ((id, parent id, level) rows), their townships remembered."""
    found = set()
    for pk, parent_id, level in regions:
        if level == RegionLevel.VILLAGE:
            _township_of[pk] = parent_id
            found.add(pk)
    return found


def _lock_villages(village_ids):
    """Lock the villages (and their townships) until the transaction ends."""
    _lock(village_ids=sorted({pk for pk in village_ids if pk is not None}))


def _lock_villages_of(elder_ids):
    """Lock the villages the elders live in, and their townships; returns the villages' pks."""
    return _lock(elder_ids=sorted(elder_ids))


def _row(model, key):
    place_id, category_id, month = key
    return Q(**{f"{model.PLACE}_id": place_id}, category_id=category_id, month=month)  # category None: IS NULL


def _by_township(delta):
    """``delta`` ({(village id, category id, month): counts}) added up by the villages' townships."""
    missing = {key[0] for key in delta} - _township_of.keys()
    if missing:
        _township_of.update(Region.objects.filter(pk__in=missing).values_list("pk", "parent_id"))
    townships = {}
    for (village_id, category_id, month), vector in delta.items():
        _add(townships, (_township_of[village_id], category_id, month), vector)
    return townships


def _apply(delta, only_built=False):
    """Add ``delta`` ({(village id, category id, month): counts}) to the rows of the villages and of
    their townships (both locked by ``_lock``), only in the months the rollup holds when ``only_built``.

    One statement (``rollup_sql.add_to_rows``) adds to the rows there are; when it updated fewer
    rows than a delta has (a place, category or month without a row yet, or a month not held), the
    missing rows of the months held are created with the delta as their counts.
    """
    deltas = {model: {key: vector for key, vector in model_delta.items() if any(vector)}
              for model, model_delta in ((VisitRollup, delta), (TownshipRollup, _by_township(delta)))}
    deltas = {model: model_delta for model, model_delta in deltas.items() if model_delta}
    if not deltas:
        return
    updated = rollup_sql.add_to_rows(deltas, only_built)
    short = {model: model_delta for model, model_delta in deltas.items() if updated[model] < len(model_delta)}
    if short and only_built:
        built = rollup_sql.built_among(sorted({key[2] for model_delta in short.values() for key in model_delta}))
        short = {model: {key: vector for key, vector in model_delta.items() if key[2] in built}
                 for model, model_delta in short.items()}
    for model, model_delta in short.items():
        if model_delta:
            _create_missing(model, model_delta)


def _create_missing(model, delta):
    rows = model.objects.filter(reduce(or_, (_row(model, key) for key in delta)))
    existing = set(rows.values_list(f"{model.PLACE}_id", "category_id", "month"))
    model.objects.bulk_create(
        model(**{f"{model.PLACE}_id": key[0]}, category_id=key[1], month=key[2],
              **dict(zip(model.COUNTS, vector, strict=True)))
        for key, vector in delta.items() if key not in existing)


def _difference(after, before):
    delta = {key: list(vector) for key, vector in after.items()}
    for key, vector in before.items():
        _add(delta, key, vector, sign=-1)
    return delta


class Change:
    """One write's effect on the rollup: created before the write, ``finish()``-ed after it."""

    def __init__(self, elder_ids, window=None):
        """``window``: the (first, last) months the write can change (the months the rollup holds among
        them are found when there is a difference to add); default all the rollup holds."""
        self.elder_ids = {pk for pk in elder_ids if pk is not None}
        self.windowed = window is not None
        self.villages, self.months, self.facts, self.before = set(), [], None, None
        if not self.elder_ids:
            return
        if self.windowed:  # the lock and the facts in one round trip (the visit submission's path)
            self.months = schedule.month_span(*window)
            locked, rows = rollup_sql.lock_and_read(sorted(self.elder_ids), *schedule.visits_window(*window))
            self.villages = _villages_among(locked)
            self.facts = schedule.ElderFacts(self.elder_ids, *window, rows=rows)
        else:
            # Locked before the months are read: a month a rebuild (which locks the villages) commits
            # meanwhile is then seen here and kept current.
            self.villages = _lock_villages_of(self.elder_ids)
            self.months = built_months()
            if self.months:
                self.facts = schedule.ElderFacts(self.elder_ids, self.months[0], self.months[-1])
        if self.facts is not None:
            self.before = _facts_counts(self.facts, self.months)

    def finish(self, visits_only=False, visit_added=None):
        """Add the difference the write made. ``visits_only``: only visit records changed;
        ``visit_added``: only that, an (elder id, date) submitted visit more."""
        if not self.months:
            return
        if visit_added is not None:
            self.facts.add_visit(*visit_added)
        elif visits_only:
            self.facts.reload_visits()
        else:
            self.facts = schedule.ElderFacts(self.elder_ids, self.months[0], self.months[-1])
            _lock_villages({row[1] for row in self.facts.rows} - self.villages)
        # A window's months are not all held (the months after this one, say): only those held change.
        _apply(_difference(_facts_counts(self.facts, self.months), self.before), only_built=self.windowed)


@contextmanager
def tracking(elder_ids, window=None):
    """Keep the rollup current across writes the signals don't see (``QuerySet.update``)::

        with rollup.tracking([elder.pk]):
            Elder.objects.filter(pk=elder.pk).update(status=...)
    """
    with transaction.atomic():
        change = Change(elder_ids, window)
        yield
        change.finish()


# ---------------------------------------------------------------------- the writes

_deletes = threading.local()


def _open_delete(elder_id):
    """Open (or join) the Change of deleting rows of ``elder_id``.

    Deleting an elder deletes their assignments and records too; Django sends every pre_delete
    before the first row goes and the post_deletes after, so all of them share one Change,
    finished by the last post_delete. An entry of a transaction that ended (``run_on_commit``
    is a new list after every commit or rollback) is dropped, not joined.
    """
    entries = _deletes.__dict__.setdefault("entries", {})
    entry = entries.get(elder_id)
    if entry is None or entry[2] is not connection.run_on_commit:
        entry = entries[elder_id] = [Change([elder_id]), 0, connection.run_on_commit]
    entry[1] += 1


def _close_delete(elder_id):
    entries = _deletes.__dict__.setdefault("entries", {})
    entry = entries.get(elder_id)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] <= 0:
        del entries[elder_id]
        entry[0].finish()


def _remember(instance, fields):
    """Keep the loaded values of ``fields`` (those not deferred: reading a deferred one would query)."""
    instance._rollup_original = {name: instance.__dict__[name] for name in fields if name in instance.__dict__}


def _touches(instance, fields, update_fields):
    """Whether this save may change what the month rules read."""
    original = getattr(instance, "_rollup_original", None)
    if instance._state.adding or original is None or len(original) < len(fields):
        return True
    if update_fields is not None and not {name.removesuffix("_id") for name in fields} & {
            name.removesuffix("_id") for name in update_fields}:
        return False
    return any(getattr(instance, name) != value for name, value in original.items())


@receiver(post_init, sender=Elder, dispatch_uid="workflows.rollup.elder_init")
def _elder_loaded(sender, instance, **kwargs):
    if instance.pk is not None:
        _remember(instance, ELDER_FIELDS)


def _never_counted(instance):
    """Whether ``instance`` is a record the rollup never counts (a census record not accepted:
    待核实, 已核实待审核, 未通过核实, 重复登记已合并), as saved and as loaded (unknown: counted)."""
    loaded = getattr(instance, "_rollup_original", {}).get("status") if instance.pk is not None else None
    return instance.status in NEVER_COUNTED and (instance.pk is None or loaded in NEVER_COUNTED)


@receiver(pre_save, sender=Elder, dispatch_uid="workflows.rollup.elder_pre_save")
def _elder_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._rollup_change = None
    if not raw and not _never_counted(instance) and _touches(instance, ELDER_FIELDS, update_fields):
        # A new elder has no counts yet: the change only needs the months, found after the save.
        instance._rollup_change = Change([instance.pk]) if instance.pk else True


@receiver(post_save, sender=Elder, dispatch_uid="workflows.rollup.elder_saved")
def _elder_saved(sender, instance, raw=False, **kwargs):
    change = getattr(instance, "_rollup_change", None)
    instance._rollup_change = None
    if change is True:
        months = built_months()
        if months:
            _lock_villages([instance.village_id])
            _apply(_facts_counts(schedule.ElderFacts([instance.pk], months[0], months[-1]), months))
    elif change is not None:
        change.finish()
    if not raw:
        _remember(instance, ELDER_FIELDS)


@receiver(pre_delete, sender=Elder, dispatch_uid="workflows.rollup.elder_pre_delete")
@receiver(pre_delete, sender=Assignment, dispatch_uid="workflows.rollup.assignment_pre_delete")
def _elder_rows_deleting(sender, instance, **kwargs):
    _open_delete(instance.pk if sender is Elder else instance.elder_id)


@receiver(post_delete, sender=Elder, dispatch_uid="workflows.rollup.elder_deleted")
@receiver(post_delete, sender=Assignment, dispatch_uid="workflows.rollup.assignment_deleted")
def _elder_rows_deleted(sender, instance, **kwargs):
    _close_delete(instance.pk if sender is Elder else instance.elder_id)


def _category_elders(instance, reverse, pk_set, model):
    if not reverse:
        return [instance.pk]
    if pk_set is None:  # category.elders.clear()
        return list(instance.elders.values_list("pk", flat=True))
    return list(pk_set)


@receiver(m2m_changed, sender=Elder.categories.through, dispatch_uid="workflows.rollup.categories")
def _categories_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not reverse and _never_counted(instance):  # an uncounted record's categories count nowhere
        return
    if action.startswith("pre_"):
        instance._rollup_change = Change(_category_elders(instance, reverse, pk_set, model))
    elif action.startswith("post_") and getattr(instance, "_rollup_change", None) is not None:
        change, instance._rollup_change = instance._rollup_change, None
        change.finish()


@receiver(pre_save, sender=Assignment, dispatch_uid="workflows.rollup.assignment_pre_save")
def _assignment_saving(sender, instance, raw=False, **kwargs):
    instance._rollup_change = None
    if not raw:
        before = (Assignment.objects.filter(pk=instance.pk).values_list("elder_id", flat=True).first()
                  if instance.pk else None)
        instance._rollup_change = Change({instance.elder_id, before})


@receiver(post_save, sender=Assignment, dispatch_uid="workflows.rollup.assignment_saved")
def _assignment_saved(sender, instance, **kwargs):
    change = getattr(instance, "_rollup_change", None)
    instance._rollup_change = None
    if change is not None:
        change.finish()


@receiver(post_init, sender=VisitRecord, dispatch_uid="workflows.rollup.record_init")
def _record_loaded(sender, instance, **kwargs):
    if instance.pk is not None:
        _remember(instance, RECORD_FIELDS)


def _record_change(instance, original):
    """The Change of a visit record going from ``original`` to ``instance``'s fields, or None."""
    states = [state for state in (original, {name: getattr(instance, name) for name in RECORD_FIELDS})
              if state and state["status"] == RecordStatus.SUBMITTED and state["visit_date"]]
    if not states:
        return None
    days = [state["visit_date"] for state in states]
    # A visit counts for its month, or for the month ending its two-monthly or quarterly period.
    window = (schedule.month_of(min(days)), schedule.add_months(schedule.month_of(max(days)), 2))
    return Change({state["elder_id"] for state in states}, window)


@receiver(pre_save, sender=VisitRecord, dispatch_uid="workflows.rollup.record_pre_save")
def _record_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._rollup_change = None
    if not raw and _touches(instance, RECORD_FIELDS, update_fields):
        instance._rollup_change = _record_change(instance, getattr(instance, "_rollup_original", None))


@receiver(post_save, sender=VisitRecord, dispatch_uid="workflows.rollup.record_saved")
def _record_saved(sender, instance, raw=False, **kwargs):
    change = getattr(instance, "_rollup_change", None)
    instance._rollup_change = None
    if change is not None:
        original = getattr(instance, "_rollup_original", None) or {}
        submitted = original.get("status", RecordStatus.SUBMITTED) != RecordStatus.SUBMITTED and change.elder_ids == {
            instance.elder_id}  # a draft submitted: its visit is added, none is taken away
        change.finish(visits_only=change.elder_ids == {instance.elder_id},
                      visit_added=(instance.elder_id, instance.visit_date) if submitted else None)
    if not raw:
        _remember(instance, RECORD_FIELDS)


@receiver(pre_delete, sender=VisitRecord, dispatch_uid="workflows.rollup.record_pre_delete")
def _record_deleting(sender, instance, **kwargs):
    if instance.status == RecordStatus.SUBMITTED:
        _open_delete(instance.elder_id)


@receiver(post_delete, sender=VisitRecord, dispatch_uid="workflows.rollup.record_deleted")
def _record_deleted(sender, instance, **kwargs):
    if instance.status == RecordStatus.SUBMITTED:
        _close_delete(instance.elder_id)


# ---------------------------------------------------------------------- rules and surges


@receiver(pre_save, sender=VisitFrequencyRule, dispatch_uid="workflows.rollup.rule_pre_save")
@receiver(pre_save, sender=VisitSurge, dispatch_uid="workflows.rollup.surge_pre_save")
def _frequency_saving(sender, instance, raw=False, **kwargs):
    instance._rollup_before = sender.objects.filter(pk=instance.pk).first() if instance.pk and not raw else None


@receiver(post_save, sender=VisitFrequencyRule, dispatch_uid="workflows.rollup.rule_saved")
@receiver(post_delete, sender=VisitFrequencyRule, dispatch_uid="workflows.rollup.rule_deleted")
@receiver(post_save, sender=VisitSurge, dispatch_uid="workflows.rollup.surge_saved")
@receiver(post_delete, sender=VisitSurge, dispatch_uid="workflows.rollup.surge_deleted")
def _frequency_written(sender, instance, raw=False, **kwargs):
    """Forget the cached rules and surges; rebuild, after the commit and in the background, the
    months and regions the rule or surge touched."""
    schedule.forget_frequency_settings()
    if raw:
        return
    versions = [version for version in (getattr(instance, "_rollup_before", None), instance) if version]
    months = built_months()
    if sender is VisitSurge:
        months = [month for month in months if any(
            version.start_date <= schedule.month_end(month) and version.end_date >= month for version in versions)]
    regions = {version.region_id for version in versions}
    regions = [None] if None in regions else sorted(regions)
    if months:
        arguments = ([f"{month:%Y-%m}" for month in months], regions)
        transaction.on_commit(lambda: recompute_rollup.enqueue(*arguments))


@task()
def recompute_rollup(months, region_ids):
    """Rebuild the rollup for ``months`` ("YYYY-MM") in the regions ``region_ids`` (None: everywhere)."""
    regions = [None if pk is None else Region.objects.get(pk=pk) for pk in region_ids]
    for month in months:
        for region in regions:
            rebuild(schedule.parse_month(month), region)


# ---------------------------------------------------------------------- rebuilding


def rebuild(month, region=None):
    """Rebuild the rollup rows of ``month`` in ``region``'s subtree (everywhere for None) from the raw tables.

    A month the rollup does not hold yet is built whole, whatever ``region``. Returns the number of rows.
    """
    month = schedule.month_of(month)
    with transaction.atomic():
        if region is not None and not RollupMonth.objects.filter(month=month).exists():
            region = None
        villages = Region.objects.filter(level=RegionLevel.VILLAGE)
        elders = Elder.objects.filter(schedule.in_register_during(month))
        if region is not None:
            villages, elders = villages.within(region), elders.within(region)
        list(villages.select_for_update().order_by("pk").values_list("pk"))  # writes wait (pk order, as ``_lock``)
        VisitRollup.objects.filter(month=month, village__in=villages).delete()
        counts = {}
        ids = list(elders.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BUILD_CHUNK):
            facts = schedule.ElderFacts(ids[start:start + BUILD_CHUNK], month)
            for key, vector in counts_of(facts.standings(month)).items():
                _add(counts, key, vector)
        VisitRollup.objects.bulk_create(
            [VisitRollup(village_id=village_id, category_id=category_id, month=key_month,
                         **dict(zip(VisitRollup.COUNTS, vector, strict=True)))
             for (village_id, category_id, key_month), vector in counts.items()], batch_size=2000)
        _rebuild_townships(month, region)
        RollupMonth.objects.update_or_create(month=month)
    return len(counts)


def _rebuild_townships(month, region=None):
    """Add up the villages' rows of ``month`` into their townships' (those under ``region``, or its own)."""
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP)
    if region is not None:
        townships = (townships.filter(pk=region.parent_id) if region.level == RegionLevel.VILLAGE
                     else townships.within(region))
    TownshipRollup.objects.filter(month=month, township__in=townships).delete()
    sums = (VisitRollup.objects.filter(month=month, village__parent__in=townships).order_by()
            .values("village__parent_id", "category_id").annotate(**{name: Sum(name) for name in VisitRollup.COUNTS}))
    TownshipRollup.objects.bulk_create(
        [TownshipRollup(township_id=row["village__parent_id"], category_id=row["category_id"], month=month,
                        **{name: row[name] for name in VisitRollup.COUNTS}) for row in sums], batch_size=2000)


def rows_within(region):
    """The rollup rows that add up to ``region``'s subtree and the name of their place's field: the
    townships' rows for a region above the township (ten times fewer), else the villages'."""
    model = TownshipRollup if region.level in ABOVE_TOWNSHIP else VisitRollup
    return model.objects.filter(region.subtree(f"{model.PLACE}__")), model.PLACE


def ensure_built(month):
    """Build ``month`` from the raw tables unless the rollup holds it already.

    A month once built stays built (the rows of ``RollupMonth`` are never deleted), so that the
    month is held is remembered in the cache once seen committed (outside a transaction, which
    might still roll its own build back): every rate page asks.
    """
    month = schedule.month_of(month)
    key = f"workflows:rollup-built:{month:%Y-%m}"
    if cache.get(key):
        return
    if not RollupMonth.objects.filter(month=month).exists():
        rebuild(month)
    elif not connection.in_atomic_block:
        cache.set(key, True, BUILT_CACHE_SECONDS)
