import pytest

from tests.roles.factories import DEFAULT_PASSWORD, StaffProfileFactory, VillageFactory

pytestmark = pytest.mark.django_db


def test_village_factory_builds_a_valid_village():
    village = VillageFactory()
    village.full_clean()
    assert village.path.startswith(village.parent.path)
    assert village.full_name == "南宁市兴宁区民生街道" + village.name


def test_staff_profile_factory_user_can_log_in(client):
    profile = StaffProfileFactory()
    assert client.login(username=profile.user.username, password=DEFAULT_PASSWORD)
