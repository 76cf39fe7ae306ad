"""The per-village count of 在册 elders (``VillageRegister``), kept current by the writes that change it.

Saving an elder whose village or status changed, and deleting one, recounts the villages concerned
from the raw table (a village holds tens of elders) under a lock on their ``Region`` rows, so
concurrent writes to one village count in turn. Code writing elders with ``QuerySet.update``
wraps it in ``tracking(elder_ids)``; ``recount()`` rebuilds every village (``manage.py
rebuild_visit_rollup`` does it too, e.g. after a bulk load).
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from roles.models import Region

from .choices import ElderStatus
from .models import Elder, VillageRegister

FIELDS = ("village_id", "status")


def active_within(regions):
    """The number of 在册 elders in the subtrees of ``regions`` (which must not nest), from the counts."""
    if not regions:
        return 0
    within = Q()
    for region in regions:
        within |= Q(village__path__startswith=region.path)
    return VillageRegister.objects.filter(within).aggregate(total=Sum("active"))["total"] or 0


def recount(village_ids=None):
    """Count the 在册 elders of ``village_ids`` (every village for None) from the elders table."""
    with transaction.atomic():
        if village_ids is not None:
            village_ids = sorted({pk for pk in village_ids if pk is not None})
            if not village_ids:
                return
            list(Region.objects.select_for_update().filter(pk__in=village_ids).order_by("pk").values_list("pk"))
        elders = Elder.objects.filter(status=ElderStatus.ACTIVE)
        rows = VillageRegister.objects.all()
        if village_ids is not None:
            elders, rows = elders.filter(village_id__in=village_ids), rows.filter(village_id__in=village_ids)
        counts = dict(elders.values_list("village_id").annotate(n=Count("pk")).order_by())
        if village_ids is None:
            rows.exclude(village_id__in=counts).delete()
        else:
            rows.filter(village_id__in=set(village_ids) - set(counts)).update(active=0)
        VillageRegister.objects.bulk_create(
            [VillageRegister(village_id=village_id, active=n) for village_id, n in counts.items()],
            update_conflicts=True, unique_fields=["village"], update_fields=["active"], batch_size=2000)


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
    if ElderStatus.ACTIVE in (before.get("status"), after["status"]):
        recount({before.get("village_id"), after["village_id"]})
    instance._register_original = after


def _deleted(sender, instance, **kwargs):
    if instance.status == ElderStatus.ACTIVE:
        recount({instance.village_id})


def connect():
    post_init.connect(_loaded, sender=Elder, dispatch_uid="registry.register.loaded")
    pre_save.connect(_saving, sender=Elder, dispatch_uid="registry.register.saving")
    post_save.connect(_saved, sender=Elder, dispatch_uid="registry.register.saved")
    post_delete.connect(_deleted, sender=Elder, dispatch_uid="registry.register.deleted")
