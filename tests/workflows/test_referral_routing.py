"""The routing table, automatic follow-ups (idempotent), non-government providers and consent,
the review by someone other than the one who recorded the service, and the back office."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forms.choices import FollowUpKind
from forms.models import FollowUpFlag
from roles.models import Department
from tests.roles.factories import DEFAULT_PASSWORD, region_named, role_holder
from workflows.flows import ReferralFlow
from workflows.follow_ups import start_follow_up
from workflows.models import (
    Case,
    FollowUpCase,
    Referral,
    ReferralRoute,
    ReferralStatus,
    SatisfactionReview,
    ServiceProvider,
)

from .referral_factories import case_of, cast, done_task, open_task, submit

pytestmark = pytest.mark.django_db
NEED = "需要上门理发和助浴"  # no keyword of the default table: routed by hand


@pytest.fixture
def people():
    return cast()


@pytest.fixture
def provider():
    return ServiceProvider.objects.create(name="兴宁区乐龄社工服务中心", kind="social_work", contact_name="李社工",
                                          contact_phone="0771-5551234")


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


def url(task, name):
    return reverse(f"workflows:{name}", args=[task.pk])


def department(code):
    return Department.objects.get(code=code)


class TestDefaultTable:
    @pytest.mark.parametrize(("answers", "key", "code"), [
        ({"fire_safety": "unsafe"}, "fire_safety", "fire_rescue"),
        ({"electricity_safety": "unsafe"}, "electricity_safety", "fire_rescue"),
        ({"gas_safety": "unsafe"}, "gas_safety", "fire_rescue"),
        ({"water_heating_safety": "unsafe"}, "water_heating_safety", "housing"),
        ({"mobility": "worse"}, "mobility", "health"),
        ({"illness": {"value": "serious", "illness_name": "脑梗"}}, "illness", "health"),
        ({"service_needs": "腿脚不便，需要康复护理"}, "service_needs", "health"),
        ({"service_needs": "想申请残疾人辅具"}, "service_needs", "disabled_federation"),
        ({"service_needs": "申请临时救助"}, "service_needs", "civil_affairs"),
    ])
    def test_routes(self, people, answers, key, code):
        referral = Referral.objects.get(case=case_of(submit(people, **answers), key))
        assert referral.department.code == code

    def test_unrecognised_need_waits_for_the_township(self, people):
        case = case_of(submit(people, service_needs=NEED), "service_needs")
        assert not Referral.objects.filter(case=case).exists()
        task = open_task(case)
        assert task.flow_task == ReferralFlow.assign and task.owner_permission == "roles.assign_visitors"

    def test_rule_department_when_no_route_matches(self, people):
        ReferralRoute.objects.filter(field_key="fire_safety").delete()
        referral = Referral.objects.get(case=case_of(submit(people, fire_safety="unsafe"), "fire_safety"))
        assert referral.department.code == "fire_rescue"  # the follow-up rule's 责任部门

    def test_first_matching_row_in_order_and_region(self, people):
        other_county = region_named("青秀区")
        ReferralRoute.objects.create(field_key="fire_safety", department=department("housing"), region=other_county)
        ReferralRoute.objects.create(field_key="fire_safety", department=department("aging"), sort_order=1)
        referral = Referral.objects.get(case=case_of(submit(people, fire_safety="unsafe"), "fire_safety"))
        assert referral.department.code == "aging"


class TestAutomaticFollowUps:
    def test_one_case_per_flag_and_never_twice(self, people):
        record = submit(people, fire_safety="unsafe", mood="worse", emergency={"value": True, "detail": "老人摔倒"})
        flags = list(FollowUpFlag.objects.filter(record=record))
        assert sorted(flag.kind for flag in flags) == ["emergency", "hazard", "health"]
        assert FollowUpCase.objects.filter(flag__record=record).count() == 3
        assert Case.objects.count() == 3
        assert all(start_follow_up(flag) is None for flag in flags)
        assert Case.objects.count() == 3

    def test_emergency_kind_is_never_routed(self, people):
        route = ReferralRoute(kind=FollowUpKind.EMERGENCY, department=department("health"))
        with pytest.raises(Exception, match="紧急情况"):
            route.full_clean()


class TestProvider:
    def test_township_routes_accepts_and_records_for_a_provider(self, client, people, provider):
        case = case_of(submit(people, service_needs=NEED), "service_needs")
        assign = open_task(case)
        response = login(client, people.officer).post(url(assign, "referral_route"), {
            "provider": provider.pk, "need": "上门理发助浴", "detail": NEED, "due_days": 10})
        assert response.status_code == 302
        referral = Referral.objects.get(case=case)
        assert (referral.provider, referral.department) == (provider, None)

        task = open_task(case)
        assert task.flow_task == ReferralFlow.accept and task.department is None
        assert login(client, people.fire).get(url(task, "referral_accept")).status_code == 404
        page = login(client, people.officer).get(url(task, "referral_accept"))
        assert "由乡镇（街道）代为记录" in page.text and "0771-5551234" in page.text
        assert client.post(url(task, "referral_accept"), {"decision": "accept"}).status_code == 302
        service = open_task(case)
        assert service.owner == people.officer
        response = client.post(url(service, "referral_service"), {
            "service_date": timezone.localdate().isoformat(), "content": "社工上门理发、助浴。",
            "server_name": "李社工"})
        assert response.status_code == 302

        review = open_task(case)
        # The officer recorded the service for the provider, so another officer reviews it.
        assert client.get(url(review, "referral_review")).status_code == 403
        response = client.post(url(review, "referral_review"), {"rating": "satisfied", "method": "phone"})
        assert response.status_code == 403
        assert not SatisfactionReview.objects.exists()
        response = login(client, people.second_officer).post(url(review, "referral_review"), {
            "rating": "fairly_satisfied", "method": "home"})
        assert response.status_code == 302
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.COMPLETED
        assert done_task(case, ReferralFlow.review).owner == people.second_officer

    def test_refused_without_the_elders_consent(self, client, provider):
        people = cast(consents_to_visits=False)
        case = case_of(submit(people, service_needs=NEED), "service_needs")
        response = login(client, people.officer).post(url(open_task(case), "referral_route"), {
            "provider": provider.pk, "need": "上门理发", "due_days": 10})
        assert response.status_code == 400
        assert "该老年人未登记同意接受探访关爱服务，不能转介给非政府服务机构" in response.text
        assert not Referral.objects.exists()

    def test_automatic_provider_route_without_consent_goes_to_the_township(self, provider):
        ReferralRoute.objects.create(field_key="service_needs", provider=provider, sort_order=0)
        people = cast(consents_to_visits=False)
        case = case_of(submit(people, service_needs=NEED), "service_needs")
        assert not Referral.objects.filter(case=case).exists()
        assert open_task(case).flow_task == ReferralFlow.assign

    def test_automatic_provider_route_with_consent(self, people, provider):
        ReferralRoute.objects.create(field_key="service_needs", provider=provider, due_days=3, sort_order=0)
        referral = Referral.objects.get(case=case_of(submit(people, service_needs=NEED), "service_needs"))
        assert referral.provider == provider


class TestBackOffice:
    def test_province_administrator_edits_the_routing_table(self, client):
        admin = role_holder("province_civil_affairs", "广西壮族自治区")
        login(client, admin)
        listing = client.get(reverse("wagtailsnippets_workflows_referralroute:list"))
        assert listing.status_code == 200 and "消防救援机构" in listing.text
        response = client.post(reverse("wagtailsnippets_workflows_referralroute:add"), {
            "kind": "need", "field_key": "service_needs", "keywords": "理发", "department": "",
            "provider": "", "due_days": 7, "sort_order": 5, "active": "on"})
        assert response.status_code == 200 and "请选择承办部门或服务机构（二者选一）。" in response.text
        assert client.get(reverse("wagtailsnippets_workflows_serviceprovider:add")).status_code == 200

    def test_township_officer_cannot(self, client):
        officer = role_holder("township_officer", "民生街道")
        login(client, officer)
        response = client.get(reverse("wagtailsnippets_workflows_referralroute:list"))
        assert response.status_code in (302, 403)
