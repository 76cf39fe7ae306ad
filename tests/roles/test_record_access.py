"""roles.access on visit records and print batches: can_open_record, may_print_record, townships_for_bulk_print."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forms.services import start_visit, submit_visit
from roles.access import (
    can_open_record,
    may_print_any_batch,
    may_print_record,
    townships_for_bulk_print,
    visit_records_open_to,
)
from tests.forms.factories import valid_answers
from tests.registry.factories import AssignmentFactory, ElderFactory
from tests.roles.factories import VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder():
    return ElderFactory(village=VillageFactory(parent=region_named("民生街道")))


@pytest.fixture
def visitor(elder):
    visitor = role_holder("visitor", elder.village)
    AssignmentFactory(elder=elder, visitor=visitor)
    return visitor


def submitted(elder, visitor):
    return submit_visit(start_visit(elder, visitor), valid_answers(), visitor)


def test_the_creator_opens_and_prints_drafts_and_submitted_records(elder, visitor):
    draft = start_visit(elder, visitor)
    assert can_open_record(visitor, draft) and may_print_record(visitor, draft)
    record = submitted(elder, visitor)
    assert can_open_record(visitor, record) and may_print_record(visitor, record)


def test_township_staff_open_every_record_but_print_submitted_ones_only(elder, visitor):
    township = role_holder("township_officer", "民生街道")
    draft = start_visit(elder, visitor)
    assert can_open_record(township, draft) and not may_print_record(township, draft)
    record = submitted(elder, visitor)
    assert can_open_record(township, record) and may_print_record(township, record)


def test_a_creator_who_lost_the_elder_opens_nothing(elder, visitor):
    record = submitted(elder, visitor)
    from registry.models import Assignment

    for assignment in Assignment.objects.filter(visitor=visitor):
        assignment.end_date = record.visit_date
        assignment.save()
    assert not can_open_record(visitor, record)


@pytest.mark.parametrize("role, region", [("township_officer", "三塘镇"), ("township_officer", "新竹街道"),
                                          ("county_civil_affairs", "青秀区")])
def test_others_open_nothing(elder, visitor, role, region):
    assert not can_open_record(role_holder(role, region), submitted(elder, visitor))


def test_county_staff_open_submitted_records_only(elder, visitor):
    county = role_holder("county_civil_affairs", "兴宁区")
    assert can_open_record(county, submitted(elder, visitor))
    assert not can_open_record(county, start_visit(elder, visitor))


def test_anonymous_users_open_nothing(elder, visitor):
    assert not can_open_record(AnonymousUser(), submitted(elder, visitor))


def test_townships_for_bulk_print_follow_print_and_export_rights():
    assert list(townships_for_bulk_print(role_holder("township_officer", "民生街道"))) == [region_named("民生街道")]
    county = set(townships_for_bulk_print(role_holder("county_civil_affairs", "兴宁区")))
    assert region_named("民生街道") in county and region_named("三塘镇") in county
    assert region_named("新竹街道") not in county
    assert all(township.level == "township" for township in county)
    village = VillageFactory(parent=region_named("民生街道"))
    assert not townships_for_bulk_print(role_holder("village_worker", village)).exists()  # print, no export
    assert not townships_for_bulk_print(role_holder("visitor", village)).exists()
    assert not townships_for_bulk_print(AnonymousUser()).exists()


@pytest.mark.parametrize("role, region", [("township_officer", "民生街道"), ("county_civil_affairs", "兴宁区"),
                                          ("province_civil_affairs", "广西壮族自治区"), ("visitor", "民生街道")])
def test_may_print_any_batch_answers_as_the_townships_do(role, region, django_assert_max_num_queries):
    user = role_holder(role, region)
    expected = townships_for_bulk_print(user).exists()
    # Grants are read already (above); a township officer's own township answers without a query.
    with django_assert_max_num_queries(0 if role == "township_officer" else 1):
        assert may_print_any_batch(user) == expected


def test_may_print_any_batch_refuses_without_both_rights():
    village = VillageFactory(parent=region_named("民生街道"))
    assert not may_print_any_batch(role_holder("village_worker", village))  # print, no export
    assert not may_print_any_batch(AnonymousUser())


def test_can_open_record_answers_as_the_queryset_for_every_caller_and_record(elder, visitor):
    """can_open_record decides in Python what visit_records_open_to selects: the same answer always."""
    from django.contrib.auth import get_user_model

    from registry.models import Assignment
    from workflows.models import Referral

    village_worker = role_holder("village_worker", elder.village)
    other_elder = ElderFactory(village=VillageFactory(parent=region_named("三塘镇")))
    former = role_holder("visitor", elder.village)
    AssignmentFactory(elder=other_elder, visitor=former)
    records = [start_visit(elder, visitor), submitted(elder, visitor), start_visit(other_elder, former),
               submitted(other_elder, former), start_visit(elder, village_worker)]
    Assignment.objects.filter(visitor=former).update(end_date=records[3].visit_date)  # lost the elder
    fire = role_holder("department_staff", "兴宁区", department="fire_rescue")
    Referral.objects.create(elder=elder, department=fire.staff_profile.department, need="消防安全隐患")
    inactive = role_holder("visitor", elder.village)
    AssignmentFactory(elder=other_elder, visitor=inactive)
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    inactive.refresh_from_db()
    callers = [visitor, former, inactive, village_worker, fire, AnonymousUser(),
               role_holder("department_staff", "兴宁区", department="health"),
               role_holder("township_officer", "民生街道"), role_holder("township_officer", "三塘镇"),
               role_holder("county_civil_affairs", "兴宁区"), role_holder("county_civil_affairs", "青秀区"),
               role_holder("province_civil_affairs", "广西壮族自治区")]
    answers = set()
    for caller in callers:
        for record in records:
            expected = visit_records_open_to(caller).filter(pk=record.pk).exists()
            assert can_open_record(caller, record) == expected, (caller, record.pk, record.status)
            answers.add(expected)
    assert answers == {True, False}


def test_a_visitor_opens_their_record_with_one_probe_of_the_assignment(elder, visitor, django_assert_num_queries):
    record = start_visit(elder, visitor)
    assert can_open_record(visitor, record)  # reads the grants
    record.elder.village.path  # noqa: B018 (loaded)
    with django_assert_num_queries(1):
        assert can_open_record(visitor, record)
