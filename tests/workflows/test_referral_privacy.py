"""What a department sees of a referral: the visit's findings while it acts (issue 9, item 23), and only
its own service record once the referral is closed (item 10)."""

import pytest
from django.urls import reverse

from registry.phones import mask_phone
from workflows.flows import ReferralFlow

from .referral_factories import case_of, cast, done_task, open_task, submit
from .test_referral_flow import accept, login, review, serve, url

pytestmark = pytest.mark.django_db
HAZARD = {"fire_safety": "unsafe", "service_needs": "厨房电线老化，插座发黑", "suggestions": "请消防上门排查"}


@pytest.fixture
def people():
    return cast()


def test_the_department_sees_what_the_visit_found_and_may_call(client, people):
    case = case_of(submit(people, **HAZARD), "fire_safety")
    elder = people.elder
    for name in ("referral_accept", "referral_service"):
        task = open_task(case)
        page = login(client, people.fire).get(url(task, name)).content.decode()
        assert "消防安全" in page and "不安全" in page and ">unsafe<" not in page
        assert "厨房电线老化，插座发黑" in page and "请消防上门排查" in page
        assert mask_phone(elder.phone) in page and f'href="tel:{elder.phone}"' in page
        assert f">{elder.phone}<" not in page and f" {elder.phone} " not in page  # shown masked
        if name == "referral_accept":
            accept(client, people.fire, task)


def test_a_closed_referral_shows_the_department_only_its_service(client, people):
    case = case_of(submit(people, **HAZARD), "fire_safety")
    accept(client, people.fire, open_task(case))
    serve(client, people.fire, open_task(case))
    task_url = reverse("workflows:task_detail", args=[done_task(case, ReferralFlow.accept).pk])
    assert people.elder.name in login(client, people.fire).get(task_url).content.decode()  # still open
    review(client, people.officer, open_task(case))

    for node in (ReferralFlow.accept, ReferralFlow.service):
        page = login(client, people.fire).get(
            reverse("workflows:task_detail", args=[done_task(case, node).pk])).content.decode()
        assert people.elder.name not in page and people.elder.village.name not in page
        assert "上门排查电线" in page  # its own record of the service
    # The township keeps the elder's file, with the case in its history.
    page = login(client, people.officer).get(reverse("workbench:elder_detail", args=[people.elder.pk]))
    assert people.elder.name in page.content.decode()
