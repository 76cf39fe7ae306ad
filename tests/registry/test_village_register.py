"""The per-village count of 在册 elders (``registry.register``) follows every write that changes it."""

import random

import pytest
from django.core.management import call_command
from django.db.models import Count

from registry import register
from registry.choices import ElderStatus
from registry.models import Elder, VillageRegister
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory, region_named

pytestmark = pytest.mark.django_db


def counts():
    return {row.village_id: row.active for row in VillageRegister.objects.all() if row.active}


def raw_counts():
    rows = Elder.objects.filter(status=ElderStatus.ACTIVE).values_list("village_id").annotate(n=Count("pk"))
    return dict(rows.order_by())


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
