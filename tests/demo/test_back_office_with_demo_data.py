"""The foundation's promise on the demo data: `county` logs in to the back office and sees its registry."""

import re

import pytest

from demo.accounts import DEMO_PASSWORD
from registry.models import Elder
from roles.models import Region

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"\b\d{17}[\dX]\b")
MASKED_ID_NUMBER = re.compile(r"\b\d{6}\*{8}[\dX]{4}\b")


def log_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "login refused"
    return client


def test_county_officer_logs_in_and_lists_only_the_county(client, demo_data):
    log_in(client, "county")
    response = client.get("/admin/registry/elder/", {"p": 1})
    content = response.content.decode()
    assert response.status_code == 200
    county_elders = {elder.masked_id_number for elder in Elder.objects.within(Region.objects.get(name="武鸣区"))}
    shown = set(MASKED_ID_NUMBER.findall(content))
    assert len(shown) >= 20
    assert shown <= county_elders, "an elder of another county is listed"
    assert not ID_NUMBER.search(content), "a full ID number reached the list"


@pytest.mark.parametrize("username", ["township", "village", "volunteer", "fire"])
def test_workbench_roles_get_no_wagtail_admin(client, demo_data, username):
    log_in(client, username)
    for url in ("/admin/", "/admin/registry/elder/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
