"""我的待办 on a phone, in Chromium: a township officer sees the count in the menu and claims a task."""

import pytest
from playwright.sync_api import expect

from tests.workbench.test_browser import log_in
from workflows.flows import CensusFlow
from workflows.models import Case, CaseTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_township_officer_claims_a_task_from_the_inbox(demo_site, open_page, screenshot_dir):
    # The demo leaves the township officer a census verification, a census approval, an escalation,
    # an emergency and a satisfaction review (site/demo/casework.py).
    elder = Case.objects.get(pk=CaseTask.objects.open().get(flow_task=CensusFlow.verify).process_id).elder
    page = open_page(390, 844)
    log_in(page, demo_site, "township")

    menu = page.get_by_role("link", name="我的待办")
    assert menu.locator(".nav-count").inner_text() == "5"
    menu.click()
    page.wait_for_url("**/workbench/cases/")
    card = page.locator(".task-card").filter(has_text="入户核实")
    expect(card.get_by_text(elder.name)).to_be_visible()
    expect(card.get_by_text("待认领")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "inbox-390.png", full_page=True)

    card.get_by_role("button", name="认领").click()
    expect(page.get_by_text("已认领，请及时办理。")).to_be_visible()
    assert page.get_by_role("button", name="退回认领池").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "inbox-task-390.png", full_page=True)
