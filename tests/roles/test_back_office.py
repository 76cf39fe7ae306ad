"""Back office for regions and departments: villages are added inside one's own subtree."""

import pytest

from roles.models import Department, Region
from tests.roles.factories import VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db

VILLAGE_CREATE_URL = "/admin/roles/region/create/"


@pytest.fixture
def county_officer():
    return role_holder("county_civil_affairs", "武鸣区")


def test_county_officer_adds_a_village_in_the_county(client, county_officer):
    client.force_login(county_officer)
    township = region_named("城厢镇", under="武鸣区")
    response = client.post(VILLAGE_CREATE_URL, {"parent": township.pk, "code": "450110100201", "name": "新联村"})
    assert response.status_code == 302, response.content.decode()[:2000]
    village = Region.objects.get(code="450110100201")
    assert (village.level, village.parent, village.path) == ("village", township, f"{township.path}450110100201/")


def test_village_code_must_extend_the_township_code(client, county_officer):
    client.force_login(county_officer)
    township = region_named("城厢镇", under="武鸣区")
    response = client.post(VILLAGE_CREATE_URL, {"parent": township.pk, "code": "450110102201", "name": "新联村"})
    assert response.status_code == 200
    assert "区划代码前9位应与上级“城厢镇”的代码一致" in response.content.decode()
    assert "新联村" in response.content.decode()  # what was typed is kept
    assert not Region.objects.filter(code="450110102201").exists()


def test_county_officer_cannot_add_a_village_to_another_county(client, county_officer):
    client.force_login(county_officer)
    other_township = region_named("民生街道")
    response = client.post(VILLAGE_CREATE_URL, {"parent": other_township.pk, "code": "450102001201", "name": "外村"})
    assert response.status_code == 200
    assert not Region.objects.filter(code="450102001201").exists()


def test_region_list_shows_only_the_officers_subtree(client, county_officer):
    client.force_login(county_officer)
    response = client.get("/admin/roles/region/", {"q": "街道"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "民生街道" not in content  # 兴宁区, another county


def test_official_divisions_are_read_only_and_foreign_villages_unreachable(client, county_officer):
    client.force_login(county_officer)
    township = region_named("城厢镇", under="武鸣区")
    foreign_village = VillageFactory()  # under 民生街道, 兴宁区
    for region in (township, foreign_village):
        response = client.get(f"/admin/roles/region/edit/{region.pk}/")
        assert response.status_code in (302, 403)


def test_province_officer_edits_department_duties_but_cannot_add_one(client):
    client.force_login(role_holder("province_civil_affairs", "广西壮族自治区"))
    fire = Department.objects.get(code="fire_rescue")
    response = client.post(
        f"/admin/roles/department/edit/{fire.pk}/",
        {"name": fire.name, "duties": "协助开展精准消防关爱行动（修订）。", "sort_order": fire.sort_order},
    )
    assert response.status_code == 302
    fire.refresh_from_db()
    assert fire.duties == "协助开展精准消防关爱行动（修订）。"
    assert client.get("/admin/roles/department/create/").status_code in (302, 403)
    assert Department.objects.count() == 11
