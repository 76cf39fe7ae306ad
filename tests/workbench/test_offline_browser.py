"""The workbench offline in Chromium on a phone: a volunteer who loaded the workbench once fills and
submits a due visit with no connection, and the queue is sent when the connection returns."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from forms.models import OfflineOutcome, OfflineSubmission, VisitRecord
from registry.models import Assignment
from tests.roles.factories import role_holder
from tests.workbench.test_browser import fill_visit_form, log_in
from workflows.flows.visits import VisitFlow
from workflows.models import CaseTask
from workflows.scheduler import schedule_visits

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Everything the phone keeps, as text: Cache Storage (URLs and bodies) and every IndexedDB store.
KEPT = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      out.push(name + " " + request.url, await (await cache.match(request)).text());
    }
  }
  const db = await new Promise((resolve, reject) => {
    const opening = indexedDB.open("tanfang-offline");
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  for (const store of db.objectStoreNames) {
    out.push(store + " " + JSON.stringify(await new Promise(resolve => {
      const reading = db.transaction(store).objectStore(store).getAll();
      reading.onsuccess = () => resolve(reading.result);
    })));
  }
  db.close();
  out.push(await fetch("/workbench/sw.js").then(response => response.text(), () => ""));
  return out.join("\\n");
}"""


@pytest.fixture
def visit_task(demo_site):
    """A due visit of one of the demo volunteer's elders, started by the scheduler."""
    schedule_visits()
    return (CaseTask.objects.open().filter(flow_task=VisitFlow.visit, owner__username="volunteer")
            .select_related("process__case__elder").order_by("pk").first())


def loaded_once(page, site):
    """The volunteer signs in and the workbench is kept on the phone (service worker, first sync)."""
    log_in(page, site, "volunteer")
    for _ in range(150):  # (wait_for_function would eval a string, which the CSP forbids)
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the service worker never took the page")
    page.wait_for_selector("html[data-offline-ready='1']", state="attached")
    expect(page.locator("[data-offline-status]")).to_have_text(re.compile(r"最后同步 \d\d:\d\d"))


def submitted(task):
    return VisitRecord.objects.submitted().filter(elder=task.process.case.elder).count()


def queue_offline(page, site, task, **choices):
    """With no connection: 我的待办 → the due visit → its form, filled and signed → 提交 (queued)."""
    page.context.set_offline(True)
    page.goto(site.url + "/workbench/cases/")
    elder = task.process.case.elder
    page.locator(".task-card").filter(has_text=elder.name).get_by_role("link", name="办理").click()
    page.get_by_role("button", name="填写探访记录").click()
    page.wait_for_url(f"**/workbench/offline/tasks/{task.pk}/visit/")
    page.wait_for_selector("form[data-offline-ready]", state="attached")
    assert page.locator("#id_name").input_value() == elder.name  # prefilled from the kept form
    fill_visit_form(page, suggestions="离线填写的建议", **choices)
    page.wait_for_timeout(500)  # kept as typed
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/workbench/cases/")
    expect(page.locator("[data-offline-status]")).to_contain_text("待上传 1 条")


def test_a_visit_filled_offline_is_stored_once_when_the_connection_returns(visit_task, open_page, demo_site,
                                                                             screenshot_dir):
    page = open_page(390, 844)
    before = submitted(visit_task)
    loaded_once(page, demo_site)
    queue_offline(page, demo_site, visit_task)
    page.reload()  # still offline: the queued visit is still there
    expect(page.locator("[data-offline-status]")).to_contain_text("待上传 1 条")
    expect(page.locator("[data-offline-status]")).to_contain_text("离线")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "offline-queued-390.png", full_page=True)
    assert submitted(visit_task) == before
    kept, elder = page.evaluate(KEPT), visit_task.process.case.elder
    assert "离线填写的建议" in kept  # the queued visit, with its answers
    for number in [elder.id_number, *elder.household_members.values_list("id_number", flat=True)]:
        assert not number or number not in kept

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-offline-visits]")).to_contain_text(re.compile(r"探访记录已提交（第\d+次）"))
    expect(page.locator("html")).to_have_attribute("data-offline-queued", "0")
    page.screenshot(path=screenshot_dir / "offline-sent-390.png", full_page=True)
    assert submitted(visit_task) == before + 1
    offline = OfflineSubmission.objects.get()
    assert offline.outcome == OfflineOutcome.ACCEPTED
    assert offline.record.plain_answers()["suggestions"] == "离线填写的建议"
    visit_task.refresh_from_db()
    assert visit_task.status == "DONE"
    page.reload()
    assert "待上传" not in page.locator("[data-offline-status]").inner_text()


def test_errors_after_reconnecting_reopen_the_visit_with_every_value(visit_task, open_page, demo_site,
                                                                    screenshot_dir):
    page = open_page(390, 844)
    before = submitted(visit_task)
    loaded_once(page, demo_site)
    queue_offline(page, demo_site, visit_task, visit_method=None)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    visits = page.locator("[data-offline-visits]")
    expect(visits).to_contain_text("有 1 处需要修改")
    assert submitted(visit_task) == before

    visits.get_by_role("link", name="打开修改").click()
    page.wait_for_selector("form[data-offline-ready]", state="attached")
    summary = page.locator("[data-offline-errors]")
    expect(summary).to_contain_text("探访方式：此项为必填项。")
    assert page.locator("#id_suggestions").input_value() == "离线填写的建议"
    assert page.locator("input[name=mood][value=better]").is_checked()
    assert page.locator("#id_visitor_signature__image").input_value().startswith("data:image/png;base64,")
    page.screenshot(path=screenshot_dir / "offline-errors-390.png", full_page=True)

    page.locator("input[name=visit_method][value=home]").check()
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/workbench/cases/")
    expect(page.locator("[data-offline-visits]")).to_contain_text(re.compile(r"探访记录已提交（第\d+次）"))
    expect(page.locator("html")).to_have_attribute("data-offline-queued", "0")
    assert submitted(visit_task) == before + 1
    visit_task.refresh_from_db()
    assert visit_task.status == "DONE"


def test_a_task_reassigned_meanwhile_is_shown_as_a_conflict_and_nothing_is_lost(visit_task, open_page, demo_site):
    page = open_page(390, 844)
    before = submitted(visit_task)
    loaded_once(page, demo_site)
    queue_offline(page, demo_site, visit_task)
    elder = visit_task.process.case.elder
    other = role_holder("visitor", elder.village)
    CaseTask.objects.filter(pk=visit_task.pk).update(owner=other)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-offline-visits]")).to_contain_text("该探访任务已改派给他人")
    conflict = OfflineSubmission.objects.get()
    assert conflict.outcome == OfflineOutcome.CONFLICT
    assert conflict.record.plain_answers()["suggestions"] == "离线填写的建议"  # kept on the server
    assert "离线填写的建议" in page.evaluate(KEPT)  # and on the phone
    visit_task.refresh_from_db()
    assert (visit_task.status, visit_task.owner) == ("ASSIGNED", other)
    assert submitted(visit_task) == before


def test_the_phone_keeps_no_id_number_and_logout_clears_it(visit_task, open_page, demo_site):
    page = open_page(390, 844)
    loaded_once(page, demo_site)
    kept = page.evaluate(KEPT)
    assert not ID_NUMBER.search(kept)  # no 公民身份号码 of anyone
    elders = [assignment.elder for assignment in Assignment.objects.current().filter(visitor__username="volunteer")
              .select_related("elder")]
    pages = f"tanfang-pages-{visit_task.owner_id} "  # the volunteer's kept pages, as KEPT lists them
    assert visit_task.process.case.elder.name in kept and pages in kept
    for elder in elders:
        assert elder.id_number not in kept
        for member in elder.household_members.all():
            assert not member.id_number or member.id_number not in kept
        for phone in (elder.phone, elder.first_contact_phone, elder.emergency_contact_phone):
            assert not phone or phone not in kept

    page.locator("[data-offline-logout]").get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/**")
    kept = page.evaluate(KEPT)
    assert pages not in kept
    for elder in elders:
        assert elder.name not in kept


def kept_of(page, task):
    """Is anything of the volunteer (their kept pages, the elder of ``task``) still on the phone?"""
    kept = page.evaluate(KEPT)
    return f"tanfang-pages-{task.owner_id} " in kept or task.process.case.elder.name in kept


def test_another_user_signing_in_on_the_phone_sees_nothing_of_the_first(visit_task, open_page, demo_site):
    page = open_page(390, 844)
    loaded_once(page, demo_site)
    assert kept_of(page, visit_task)
    page.goto(demo_site.url + "/accounts/login/?next=/workbench/")
    page.get_by_label("用户名").fill("township")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")
    page.wait_for_selector("html[data-offline-ready='1']", state="attached")
    assert not kept_of(page, visit_task)


AGED = """days => new Promise((resolve, reject) => {
  const opening = indexedDB.open("tanfang-offline");
  opening.onsuccess = () => {
    const store = opening.result.transaction("snapshots", "readwrite").objectStore("snapshots");
    const reading = store.getAll();
    reading.onsuccess = () => {
      reading.result.forEach(snapshot => store.put({...snapshot, syncedAt: Date.now() - days * 86400000}));
      store.transaction.oncomplete = () => { opening.result.close(); resolve(); };
    };
  };
  opening.onerror = () => reject(opening.error);
})"""


def test_what_was_kept_goes_after_seven_days_without_a_sync(visit_task, open_page, demo_site):
    page = open_page(390, 844)
    loaded_once(page, demo_site)
    page.evaluate(AGED, 6)
    page.context.set_offline(True)
    page.goto(demo_site.url + "/workbench/cases/")
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()  # 6 days: still kept
    page.evaluate(AGED, 8)
    page.goto(demo_site.url + "/workbench/elders/")
    expect(page.get_by_role("heading", name="没有网络")).to_be_visible()
    assert not kept_of(page, visit_task)
