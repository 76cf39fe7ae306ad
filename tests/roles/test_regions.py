import pytest

from roles.models import Region, RegionLevel
from roles.reference import load_regions, read_divisions

pytestmark = pytest.mark.django_db


def test_official_divisions_are_loaded_by_migration():
    counts = {level: Region.objects.of_level(level).count() for level in RegionLevel.values}
    assert counts == {"province": 1, "city": 14, "county": 111, "township": 1284, "village": 0}


def test_every_loaded_region_hangs_under_its_parent():
    for region in Region.objects.exclude(level=RegionLevel.PROVINCE).select_related("parent"):
        assert region.path == f"{region.parent.path}{region.code}/"


def test_loading_again_creates_nothing():
    assert load_regions(Region) == (0, 0)
    assert Region.objects.count() == 1410


def test_loading_again_renames_a_renamed_division():
    rows = read_divisions()
    rows[1] = {**rows[1], "name": "南宁市（新）"}
    assert load_regions(Region, rows) == (0, 1)
    assert Region.objects.get(code=rows[1]["code"]).name == "南宁市（新）"


def test_subtree_is_one_prefix_query(django_assert_num_queries):
    county = Region.objects.get(name="兴宁区")
    with django_assert_num_queries(1):
        names = sorted(Region.objects.within(county).values_list("name", flat=True))
    assert names == sorted(["兴宁区", "民生街道", "朝阳街道", "兴东街道", "三塘镇", "五塘镇", "昆仑镇"])


def test_within_nothing_is_nothing():
    assert not Region.objects.within(None).exists()


def test_city_subtree_counts_its_counties_and_townships():
    nanning = Region.objects.get(name="南宁市")
    subtree = Region.objects.within(nanning)
    assert subtree.of_level("county").count() == 12
    assert subtree.of_level("township").count() > 100
