"""The roles issue's promise on the demo data: each account sees exactly its own elders in the workbench."""

import re

import pytest
from django.urls import reverse

from demo.accounts import DEMO_PASSWORD
from registry.models import Assignment, Elder
from roles.models import Region
from workflows.models import Referral

pytestmark = pytest.mark.django_db


def log_in(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1500]
    return client


def listed_ids(client):
    """Primary keys of every elder the workbench list shows, across its pages."""
    ids, page = set(), 1
    while True:
        html = client.get(reverse("workbench:elder_list"), {"page": page}).content.decode()
        ids |= {int(pk) for pk in re.findall(r'href="/workbench/elders/(\d+)/"', html)}
        if "下一页" not in html:
            return ids
        page += 1


def test_volunteer_sees_exactly_the_assigned_elders(client, demo_data):
    log_in(client, "volunteer")
    assigned = set(Assignment.objects.current().filter(visitor__username="volunteer").values_list("elder", flat=True))
    assert len(assigned) == 10
    assert listed_ids(client) == assigned


def test_township_officer_sees_exactly_the_township(client, demo_data):
    log_in(client, "township")
    township = Region.objects.get(code="450110100000")
    expected = set(Elder.objects.within(township).values_list("pk", flat=True))
    assert len(expected) > 20
    assert listed_ids(client) == expected


def test_fire_sees_only_the_elders_of_its_open_referrals(client, demo_data):
    log_in(client, "fire")
    referred = set(Referral.objects.open().filter(department__code="fire_rescue").values_list("elder", flat=True))
    assert referred and listed_ids(client) == referred
    some_elder = Elder.objects.exclude(pk__in=referred).first()
    assert client.get(reverse("workbench:elder_detail", args=[some_elder.pk])).status_code == 404
