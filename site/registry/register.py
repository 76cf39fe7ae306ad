"""The per-village counts of records by status (``VillageRegister``), kept current by the writes that change them.

They answer 在册 (``active_within``) and 摸底建档 (``supervision.figures.census_completeness``)
without counting elders. Saving an elder whose village or status changed (a registration, an
import, a census step: verified, approved, merged, rejected; leaving the register; a move) and
deleting one recount the villages concerned from the raw table (a village holds tens of elders),
in the write's transaction and under a lock on their ``Region`` rows, so concurrent writes to one
village count in turn. Code writing elders with ``QuerySet.update`` wraps it in
``tracking(elder_ids)``; ``recount()`` rebuilds every village (``manage.py rebuild_visit_rollup``
does it too, e.g. after a bulk load).
"""

from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from roles.models import Region

from .models import Elder, VillageRegister

FIELDS = ("village_id", "status")


def active_within(regions):
    """The number of 在册 elders in the subtrees of ``regions`` (which must not nest), from the counts."""
    if not regions:
        return 0
    within = reduce(or_, (region.subtree("village__") for region in regions))
    return VillageRegister.objects.filter(within).aggregate(total=Sum("active"))["total"] or 0


def counted(elders):
    """{village id: {status: count}} of the ``elders`` queryset, one grouped query."""
    counts = {}
    for village_id, status, n in elders.values_list("village_id", "status").annotate(n=Count("pk")).order_by():
        counts.setdefault(village_id, dict.fromkeys(VillageRegister.COUNTS, 0))[status] = n
    return counts


def recount(village_ids=None):
    """Count the records of ``village_ids`` (every village for None) by status from the elders table."""
    with transaction.atomic():
        if village_ids is not None:
            village_ids = sorted({pk for pk in village_ids if pk is not None})
            if not village_ids:
                return
            list(Region.objects.select_for_update().filter(pk__in=village_ids).order_by("pk").values_list("pk"))
        elders, rows = Elder.objects.all(), VillageRegister.objects.all()
        if village_ids is not None:
            elders, rows = elders.filter(village_id__in=village_ids), rows.filter(village_id__in=village_ids)
        counts = counted(elders)
        if village_ids is None:
            rows.exclude(village_id__in=counts).delete()
        else:
            rows.filter(village_id__in=set(village_ids) - set(counts)).update(
                **dict.fromkeys(VillageRegister.COUNTS, 0))
        VillageRegister.objects.bulk_create(
            [VillageRegister(village_id=village_id, **by_status) for village_id, by_status in counts.items()],
            update_conflicts=True, unique_fields=["village"], update_fields=list(VillageRegister.COUNTS),
            batch_size=2000)


@contextmanager
def tracking(elder_ids):
    """Keep the counts current across writes the signals don't see (``QuerySet.update``)."""
    with transaction.atomic():
        before = set(Elder.objects.filter(pk__in=elder_ids).values_list("village_id", flat=True))
        yield
        recount(before | set(Elder.objects.filter(pk__in=elder_ids).values_list("village_id", flat=True)))


def _loaded(sender, instance, **kwargs):
    if instance.pk is not None:
        instance._register_original = {name: instance.__dict__.get(name) for name in FIELDS}


def _saving(sender, instance, raw=False, **kwargs):
    original = getattr(instance, "_register_original", None)
    if instance.pk is not None and (original is None or None in original.values()):  # deferred when loaded
        original = Elder.objects.filter(pk=instance.pk).values(*FIELDS).first()
    instance._register_before = original


def _saved(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_register_before", None) or {}
    after = {name: getattr(instance, name) for name in FIELDS}
    if raw or before == after:
        return
    recount({before.get("village_id"), after["village_id"]})
    instance._register_original = after


def _deleted(sender, instance, **kwargs):
    recount({instance.village_id})


def connect():
    post_init.connect(_loaded, sender=Elder, dispatch_uid="registry.register.loaded")
    pre_save.connect(_saving, sender=Elder, dispatch_uid="registry.register.saving")
    post_save.connect(_saved, sender=Elder, dispatch_uid="registry.register.saved")
    post_delete.connect(_deleted, sender=Elder, dispatch_uid="registry.register.deleted")
