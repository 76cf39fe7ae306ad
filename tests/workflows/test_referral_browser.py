"""Issue 5 on a phone, in Chromium: a visit from 我的待办 finds 消防安全 不安全, and 消防救援 gets the referral."""

import re

import pytest
from django.urls import reverse
from viewflow.workflow.status import STATUS

from roles.models import Department
from tests.workbench.test_browser import fill_visit_form, log_in
from workflows.flows import ReferralFlow
from workflows.models import CaseTask, Referral, ReferralStatus
from workflows.scheduler import open_visit_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def due_visit_of(username):
    """The first open visit task of ``username`` that is not overdue (the demo makes one overdue)."""
    return (open_visit_tasks().filter(owner__username=username).exclude(pk__in=CaseTask.objects.overdue())
            .select_related("process__case__elder").order_by("pk").first())


def test_a_fire_hazard_found_on_a_visit_reaches_fire_rescue(demo_site, open_page, screenshot_dir):
    task = due_visit_of("volunteer")
    elder = task.process.case.elder
    page = open_page(390, 844)
    log_in(page, demo_site, "volunteer")

    menu = page.get_by_role("link", name="我的待办")
    assert menu.locator(".nav-count").inner_text() == "10"  # the demo schedules ten visits for the volunteer
    menu.click()
    page.wait_for_url(demo_site.url + reverse("workflows:inbox"))
    card = page.locator(".task-card").filter(has_text="上门探访").filter(has_text=elder.name)
    assert card.count() == 1 and card.get_by_text("逾期").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "referral-volunteer-inbox-390.png", full_page=True)

    card.get_by_role("link", name="办理").click()
    page.wait_for_url(demo_site.url + reverse("workflows:visit_task", args=[task.pk]))
    assert page.get_by_role("heading", name=f"上门探访：{elder.name}").is_visible()
    page.screenshot(path=screenshot_dir / "referral-visit-task-390.png", full_page=True)
    page.get_by_role("button", name="填写探访记录").click()
    page.wait_for_url(re.compile(r".*/workbench/visits/\d+/$"))
    assert page.locator("#id_name").input_value() == elder.name  # sections 一-四 come from the file

    fill_visit_form(page, fire_safety="unsafe", suggestions="建议安装独立式感烟火灾探测报警器")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url(demo_site.url + reverse("workbench:elder_detail", args=[elder.pk]))
    assert page.get_by_text(re.compile(r"探访记录已提交（第\d+次）")).is_visible()
    assert menu.locator(".nav-count").inner_text() == "9"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "referral-visit-submitted-390.png", full_page=True)

    task.refresh_from_db()
    assert task.status == STATUS.DONE
    referral = Referral.objects.get(elder=elder)
    assert referral.department == Department.objects.get(code="fire_rescue")
    assert referral.status == ReferralStatus.PENDING and "消防" in referral.need
    accept = CaseTask.objects.open().get(process=referral.case, flow_task=ReferralFlow.accept)

    page = open_page(390, 844)  # a new browser context: nobody is logged in
    log_in(page, demo_site, "fire")
    menu = page.get_by_role("link", name="我的待办")
    assert menu.locator(".nav-count").inner_text() == "3"  # and the demo's two (site/demo/casework.py)
    menu.click()
    page.wait_for_url(demo_site.url + reverse("workflows:inbox"))
    card = page.locator(".task-card").filter(has_text="接收转介").filter(has_text=elder.name)
    assert card.get_by_text("待认领").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "referral-fire-inbox-390.png", full_page=True)

    card.get_by_role("button", name="认领").click()
    page.wait_for_url(demo_site.url + reverse("workflows:task_detail", args=[accept.pk]))
    page.get_by_role("link", name="办理").click()
    page.wait_for_url(demo_site.url + reverse("workflows:referral_accept", args=[accept.pk]))
    assert page.get_by_role("heading", name="接收转介").is_visible()
    assert page.locator(".case-task__meta").get_by_text(elder.name).is_visible()
    assert page.locator(".panel").filter(has_text="转介事项").get_by_text(referral.need).is_visible()
    decision = page.get_by_role("radiogroup", name="办理意见")
    assert decision.get_by_label("接收").is_visible() and decision.get_by_label("退回").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Scrolled down to the decision: a full-page shot would show the sticky 提交 bar over it.
    page.get_by_label("退回原因").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "referral-fire-accept-390.png")
