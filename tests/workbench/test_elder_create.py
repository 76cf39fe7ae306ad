"""Registering a new elder in the workbench: the record starts 待核实 and opens its census.

Personas (tests/workbench/conftest.py): the village worker and the township officer of 民生街道
register; the visitor, department staff and read-only county and province officers may not; the
outsider (a township officer of 新竹街道) registers only in their own township.
"""

import pytest
from django.test import Client
from django.urls import reverse
from viewflow.workflow.status import PROCESS

from audit.models import AuditEvent
from registry.models import Elder
from tests.registry.factories import elder_form_data
from workflows import inbox
from workflows.flows import CensusFlow
from workflows.models import Case

pytestmark = pytest.mark.django_db

URL = reverse("workbench:elder_create")


def register(client, user, village, **changes):
    client.force_login(user)
    return client.post(URL, elder_form_data(village, household_prefix="household", **changes))


class TestVillageWorkerRegisters:
    @pytest.fixture
    def registered(self, client, elders, people):
        # elder_form_data posts status "active" too: the form must not take it.
        response = register(client, people["village"], elders["own"].village, name="黄桂芳")
        assert response.status_code == 302, response.content.decode()[:3000]
        return response, Elder.objects.get(name="黄桂芳")

    def test_the_record_is_pending_with_its_household_and_categories(self, registered, elders):
        response, elder = registered
        assert response.url == reverse("workbench:elder_detail", args=[elder.pk])
        assert (elder.status, elder.village) == ("pending", elders["own"].village)
        assert list(elder.household_members.values_list("name", flat=True)) == ["黄小明"]
        assert list(elder.categories.values_list("code", flat=True)) == ["living_alone"]

    def test_a_census_case_started_by_the_worker_waits_in_the_workers_inbox(self, registered, people):
        _response, elder = registered
        case = Case.objects.get(elder=elder)
        assert (case.flow_class, case.status, case.created_by) == (CensusFlow, PROCESS.NEW, people["village"])
        task = inbox.inbox(people["village"]).get(process=case)
        assert task.flow_task is CensusFlow.verify
        assert not inbox.inbox(people["outsider"]).filter(process=case).exists()

    def test_the_registration_is_audited_as_the_workers(self, registered, people):
        _response, elder = registered
        event = AuditEvent.objects.get(action="create", object_type="registry.elder", object_id=str(elder.pk))
        assert event.user == people["village"]

    def test_the_elder_page_says_what_happens_next(self, registered, client):
        response, _elder = registered
        html = client.get(response.url).content.decode()
        assert "已登记黄桂芳，等待入户核实。" in html and "待核实" in html


class TestThePage:
    def test_the_list_offers_registering_to_those_who_may(self, client, people):
        for who, offered in [("village", True), ("township", True), ("county", False), ("visitor", False)]:
            client.force_login(people[who])
            html = client.get(reverse("workbench:elder_list")).content.decode()
            assert (URL in html) is offered, who

    def test_the_form_offers_no_status_and_only_the_users_villages(self, client, elders, people):
        client.force_login(people["township"])
        response = client.get(URL)
        form = response.context["form"]
        html = response.content.decode()
        assert response.status_code == 200 and "<h1>登记新对象</h1>" in html
        assert not {"status", "status_date", "status_reason"} & form.fields.keys()
        assert f'href="{reverse("workbench:elder_list")}">取消' in html
        villages = set(form.fields["village"].queryset)
        assert elders["own"].village in villages
        assert elders["same_county"].village not in villages
        assert str(form["registered_on"].value()) == str(Elder().registered_on)

    def test_the_village_worker_is_offered_their_own_village_only(self, client, elders, people):
        client.force_login(people["village"])
        villages = list(client.get(URL).context["form"].fields["village"].queryset)
        assert villages == [elders["own"].village]


@pytest.mark.parametrize("who", ["visitor", "fire", "county", "province", "auditor"])
def test_those_who_may_not_register_get_403_and_are_audited(client, elders, people, who):
    client.force_login(people[who])
    assert client.get(URL).status_code == 403
    response = client.post(URL, elder_form_data(elders["own"].village, household_prefix="household"))
    assert response.status_code == 403
    assert not Elder.objects.filter(name="黄桂芳").exists()
    assert AuditEvent.objects.filter(user=people[who], action="denied", object_type="registry.elder").exists()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url


class TestInvalidInput:
    def test_a_village_outside_scope_is_refused_beside_the_field(self, client, elders, people):
        response = register(client, people["outsider"], elders["own"].village)
        assert response.status_code == 400
        assert "village" in response.context["form"].errors
        assert not Elder.objects.filter(name="黄桂芳").exists()
        assert not Case.objects.exists()

    def test_a_bad_id_number_is_refused_beside_the_field_and_the_rest_kept(self, client, elders, people):
        response = register(client, people["village"], elders["own"].village,
                             id_number="450102194607090000", address_detail="团结路8号")
        html = response.content.decode()
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["id_number"]
        assert "field-error" in html and "团结路8号" in html and "黄小明" in html  # the household row too
        assert "<h1>登记新对象</h1>" in html
        assert not Elder.objects.filter(name="黄桂芳").exists()

    def test_a_registered_id_number_gets_the_registry_message(self, client, elders, people):
        existing = elders["same_county"]
        response = register(client, people["village"], elders["own"].village, id_number=existing.id_number)
        assert response.status_code == 400
        message = "该公民身份号码已登记，不能重复登记。如需核实，请联系县级民政部门。"  # not 三塘镇
        assert response.context["form"].errors["id_number"] == [message]
        assert message in response.content.decode() and "三塘镇" not in response.content.decode()
        assert Elder.objects.filter(name="黄桂芳").count() == 0


def test_a_post_without_a_csrf_token_is_refused(elders, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["village"])
    response = client.post(URL, elder_form_data(elders["own"].village, household_prefix="household"))
    assert response.status_code == 403
    assert not Elder.objects.filter(name="黄桂芳").exists()
