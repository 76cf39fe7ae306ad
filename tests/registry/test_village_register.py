"""The per-village counts by status (``registry.register``) follow every write that changes them."""

import random

import pytest
from django.core.management import call_command
from django.db.models import Count

from registry import register
from registry.choices import ElderStatus
from registry.models import Elder, VillageRegister
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory, region_named
from workflows.models import Case

pytestmark = pytest.mark.django_db


def counts():
    return {row.village_id: row.active for row in VillageRegister.objects.all() if row.active}


def raw_counts():
    rows = Elder.objects.filter(status=ElderStatus.ACTIVE).values_list("village_id").annotate(n=Count("pk"))
    return dict(rows.order_by())


def by_status():
    """{(village id, status): count} of the kept counts, zeros left out."""
    return {(row.village_id, status): getattr(row, status) for row in VillageRegister.objects.all()
            for status in ElderStatus.values if getattr(row, status)}


def raw_by_status():
    rows = Elder.objects.values_list("village_id", "status").annotate(n=Count("pk")).order_by()
    return {(village_id, status): n for village_id, status, n in rows}


def test_registering_leaving_moving_and_deleting():
    east, west = VillageFactory(parent=region_named("民生街道")), VillageFactory(parent=region_named("三塘镇"))
    elder = ElderFactory(village=east)
    ElderFactory(village=east, status=ElderStatus.PENDING)
    assert counts() == {east.pk: 1}
    elder.village = west
    elder.save()
    assert counts() == {west.pk: 1}
    elder.status = ElderStatus.DECEASED
    elder.save()
    assert counts() == {}
    elder.status = ElderStatus.ACTIVE
    elder.save(update_fields=["status"])
    again = Elder.objects.only("pk", "name").get(pk=elder.pk)  # status and village deferred when loaded
    again.village = east
    again.save()
    assert counts() == {east.pk: 1}
    again.delete()
    assert counts() == {}


def test_updates_inside_tracking_are_counted():
    elder = ElderFactory(village=VillageFactory(parent=region_named("民生街道")))
    with register.tracking([elder.pk]):
        Elder.objects.filter(pk=elder.pk).update(status=ElderStatus.PENDING)
    assert counts() == {}


def test_region_sums_equal_the_register_after_random_writes():
    villages = [VillageFactory(parent=region_named(name)) for name in ("民生街道", "三塘镇", "新竹街道")]
    chance = random.Random(10)
    elders = [ElderFactory(village=chance.choice(villages), status=chance.choice(list(ElderStatus.values)))
              for _ in range(8)]
    for _ in range(30):
        elder = chance.choice(elders)
        if chance.random() < 0.5:
            elder.status = chance.choice(list(ElderStatus.values))
        else:
            elder.village = chance.choice(villages)
        elder.save()
    assert counts() == raw_counts()
    for name in ("兴宁区", "青秀区", "广西壮族自治区"):
        region = region_named(name)
        assert register.active_within([region]) == Elder.objects.within(region).active().count()
    VillageRegister.objects.all().delete()
    call_command("rebuild_visit_rollup")  # recounts every village after rebuilding the rollup
    assert counts() == raw_counts()


def test_a_count_for_every_status():
    assert set(VillageRegister.COUNTS) == set(ElderStatus.values)
    assert {field.name for field in VillageRegister._meta.get_fields()} == {"village", *ElderStatus.values}


def _random_write(chance, elders, villages):
    """One write of the kinds the application makes, chosen by ``chance``."""
    statuses = list(ElderStatus.values)
    kind = chance.randrange(7)
    if kind == 0 or not elders:  # a registration (the back office, an import, the census)
        elders.append(ElderFactory(village=chance.choice(villages), status=chance.choice(statuses)))
        return
    elder = chance.choice(elders)
    if kind == 1:  # a census step or a change of status in the form
        elder.status = chance.choice(statuses)
        elder.save(update_fields=["status"])
    elif kind == 2:  # a move
        elder.village = chance.choice(villages)
        elder.save()
    elif kind == 3:  # both, on a copy loaded with the fields deferred
        again = Elder.objects.only("pk", "name").get(pk=elder.pk)
        again.status, again.village = chance.choice(statuses), chance.choice(villages)
        again.save()
        elders[elders.index(elder)] = again
    elif kind == 4:  # a save that changes neither
        elder.name = f"改名{chance.randrange(100)}"
        elder.save(update_fields=["name"])
    elif kind == 5:  # an update the signals don't see, several elders at once
        chosen = [other.pk for other in chance.sample(elders, min(len(elders), 3))]
        with register.tracking(chosen):
            Elder.objects.filter(pk__in=chosen).update(status=chance.choice(statuses),
                                                       village=chance.choice(villages))
        for position, other in enumerate(elders):
            if other.pk in chosen:
                elders[position] = Elder.objects.get(pk=other.pk)
    elif not Case.objects.filter(elder=elder).exists():  # a record with a census case is kept (PROTECT)
        elders.remove(elder)
        elder.delete()


@pytest.mark.parametrize("seed", range(6))
def test_incremental_counts_equal_the_rebuilt_ones_after_random_writes(seed):
    chance = random.Random(seed)
    villages = [VillageFactory(parent=region_named(name)) for name in ("民生街道", "民生街道", "三塘镇", "新竹街道")]
    elders = []
    for _ in range(40):
        _random_write(chance, elders, villages)
    kept = by_status()
    assert kept == raw_by_status()
    register.recount()
    assert by_status() == kept
    VillageRegister.objects.all().delete()
    call_command("rebuild_visit_rollup")
    assert by_status() == kept
