"""What a record reads through the census (issue 9 item 19): 待核实, then 已核实待审核 once verified at the
door, then the township's decision; and the census screens show the whole file, household included."""

import pytest
from django.urls import reverse

from registry.choices import ElderStatus
from registry.forms import ElderForm
from registry.models import Elder
from tests.registry.factories import ElderFactory, HouseholdMemberFactory
from tests.workflows import census_fixtures
from tests.workflows.census_fixtures import VERIFY_POST, as_user, open_task, screen

pytestmark = pytest.mark.django_db
village, people, pending_elder = census_fixtures.village, census_fixtures.people, census_fixtures.pending_elder


def test_a_verified_record_reads_verified_awaiting_review_not_pending(client, people, pending_elder):
    response = as_user(client, people["worker"]).post(screen("verify", open_task(pending_elder)), VERIFY_POST)
    assert response.status_code == 302
    pending_elder.refresh_from_db()
    assert pending_elder.status == ElderStatus.VERIFIED and pending_elder.get_status_display() == "已核实待审核"
    assert pending_elder not in Elder.objects.active()
    for user in (people["worker"], people["officer"]):
        page = as_user(client, user).get(reverse("workbench:elder_detail", args=[pending_elder.pk])).content.decode()
        assert "已核实待审核" in page and "待核实" not in page.replace("待核实的档案变更", "")
    page = as_user(client, people["officer"]).get(screen("approve", open_task(pending_elder))).content.decode()
    assert "已核实待审核" in page

    response = client.post(screen("approve", open_task(pending_elder)), {"decision": "approve"})
    pending_elder.refresh_from_db()
    assert pending_elder.status == ElderStatus.ACTIVE


def test_a_verified_record_keeps_its_status_until_the_township_decides(people, pending_elder):
    as_verified = ElderFactory(village=pending_elder.village, status=ElderStatus.VERIFIED)
    form = ElderForm(instance=as_verified, user=people["officer"])
    assert form.fields["status"].disabled


@pytest.mark.parametrize("step", ["verify", "approve"])
def test_the_census_screens_show_the_household(client, people, pending_elder, step):
    HouseholdMemberFactory(elder=pending_elder, name="黄小明")
    if step == "approve":
        as_user(client, people["worker"]).post(screen("verify", open_task(pending_elder)), VERIFY_POST)
    page = as_user(client, people["officer"]).get(screen(step, open_task(pending_elder))).content.decode()
    assert "二、家庭基本情况" in page and "黄小明" in page
