"""The demo data that `make run` loads: accounts for every role, 300 valid elders, no duplicates."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from demo.accounts import DEMO_PASSWORD
from registry.models import Assignment, Category, Elder, HouseholdMember
from roles.models import Region

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"admin", "province", "city", "county", "township", "village", "volunteer", "health", "fire",
                  "disabled_fed"}


def test_demo_data_is_refused_off_the_demo_site(settings):
    settings.DEBUG = True  # DEBUG alone does not make a demo site
    settings.TANFANG_DEMO_SITE = False
    with pytest.raises(CommandError, match="TANFANG_DEMO_SITE"):
        call_command("load_demo_data")
    assert not Elder.objects.exists()


def test_demo_data_covers_every_role_and_category_and_loads_once(settings):
    settings.TANFANG_DEMO_SITE = True
    call_command("load_demo_data")

    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    assert set(users.values_list("username", flat=True)) == DEMO_USERNAMES
    assert all(authenticate(username=name, password=DEMO_PASSWORD) for name in DEMO_USERNAMES)
    assert users.get(username="city").staff_profile.region.name == "南宁市"
    assert users.get(username="county").staff_profile.region.parent.name == "南宁市"
    assert users.get(username="fire").staff_profile.department.name == "消防救援机构"

    elders = Elder.objects.all()
    assert elders.count() == 300
    for elder in elders.order_by("?")[:40]:
        elder.full_clean()  # valid ID number, age 60+, consistent fields
    assert not Category.objects.annotate(n=Count("elders")).filter(n=0).exists()
    townships = Region.objects.filter(level="township", children__elders__isnull=False).distinct()
    assert townships.count() >= 3
    assert len({township.parent_id for township in townships}) >= 2
    assert HouseholdMember.objects.values("elder").distinct().count() == 300
    assigned = Assignment.objects.current().filter(visitor__username="volunteer")
    assert 8 <= assigned.count() <= 12

    call_command("load_demo_data")
    assert Elder.objects.count() == 300
    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES)
    assert Assignment.objects.current().filter(visitor__username="volunteer").count() == assigned.count()
