"""The inbox screens: the lists and tabs, a task's page, claim / hand back / reassign by POST, the
menu count, the start page's next tasks and the elder page's case history; 404 and audit for outsiders."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from workflows import inbox
from workflows.models import CaseTask, Referral

pytestmark = pytest.mark.django_db

INBOX = reverse("workflows:inbox")


def detail(task):
    return reverse("workflows:task_detail", args=[task.pk])


def action(task, name):
    return reverse(f"workflows:task_{name}", args=[task.pk])


class TestList:
    def test_a_village_worker_sees_the_claimable_task_marked_overdue(self, client, check_task, people):
        CaseTask.objects.filter(pk=check_task.pk).update(due_at=timezone.now() - timedelta(days=2, hours=1))
        client.force_login(people["village"])
        page = client.get(INBOX).content.decode()
        assert "入户核对" in page and "韦桂英" in page and "民乐村" in page
        assert "逾期" in page and "已逾期 2 天" in page and "待认领" in page
        assert action(check_task, "claim") in page
        assert reverse("workbench:elder_detail", args=[check_task.process.case.elder_id]) in page

    def test_the_elders_name_links_only_for_those_who_may_open_the_file(self, client, department_task, people):
        client.force_login(people["fire"])  # no open referral yet: the file is closed to them
        page = client.get(INBOX).content.decode()
        assert "韦桂英" in page
        assert reverse("workbench:elder_detail", args=[department_task.process.case.elder_id]) not in page

    def test_tabs(self, client, check_task, visit_task, people):
        client.force_login(people["township"])
        assert "入户核对" in client.get(INBOX + "?tab=claimable").content.decode()
        mine = client.get(INBOX + "?tab=mine").content.decode()
        assert "入户核对" not in mine and "暂无待办事项" in mine
        region = client.get(INBOX + "?tab=region").content.decode()
        assert "入户核对" in region and "上门探访" in region and "莫志愿者" in region

    def test_the_region_tab_is_for_officers_only(self, client, check_task, visit_task, people):
        client.force_login(people["visitor"])
        page = client.get(INBOX + "?tab=region").content.decode()
        assert "辖区全部" not in page
        assert "上门探访" in page and "入户核对" not in page  # falls back to the visitor's own inbox

    def test_an_owner_gets_the_link_to_the_tasks_screen(self, client, visit_task, people):
        client.force_login(people["visitor"])
        page = client.get(INBOX).content.decode()
        assert "办理" in page and "已认领" in page and "今天" not in page  # due in 7 days
        assert f'href="{detail(visit_task)}"' in page

    def test_outsiders_see_nothing_and_the_listing_is_audited(self, client, check_task, people):
        client.force_login(people["other_county"])
        page = client.get(INBOX).content.decode()
        assert "入户核对" not in page and "暂无待办事项" in page
        assert AuditEvent.objects.filter(action="list", username="xinzhu", object_type="workflows.casetask").exists()

    def test_login_required(self, client):
        assert client.get(INBOX).status_code == 302


class TestMenuAndStartPage:
    def test_the_menu_shows_the_count(self, client, check_task, people):
        client.force_login(people["village"])
        page = client.get(reverse("workbench:home")).content.decode()
        assert '我的待办 <span class="nav-count" aria-label="1 项">1</span>' in page
        assert "接下来要办" in page and "入户核对" in page

    def test_no_count_without_tasks(self, client, people):
        client.force_login(people["other_county"])
        page = client.get(reverse("workbench:home")).content.decode()
        assert "我的待办" in page and "nav-count" not in page and "暂无待办事项" in page

    def test_the_count_costs_a_few_queries(self, client, check_task, people, django_assert_max_num_queries):
        client.force_login(people["village"])
        client.get(reverse("workbench:elder_list"))
        with django_assert_max_num_queries(30):
            client.get(reverse("workbench:elder_list"))
        rf = RequestFactory().get("/")
        rf.user = people["village"]
        from workflows.context_processors import open_tasks

        count = open_tasks(rf)["open_task_count"]
        with django_assert_max_num_queries(5):
            assert count() == 1
        with django_assert_max_num_queries(0):
            assert count() == 1  # once per page


class TestDetail:
    def test_the_page_shows_the_case_and_its_steps(self, client, check_task, people):
        inbox.claim(people["village"], check_task)
        inbox.complete(people["village"], check_task)
        approve = CaseTask.objects.open().get(process=check_task.process)
        client.force_login(people["township"])
        page = client.get(detail(approve)).content.decode()
        assert "乡镇审核" in page and "核对测试" in page and "韦桂英" in page
        assert "入户核对" in page and "蒙村委" in page and "已完成" in page and "陆干部发起" in page
        assert AuditEvent.objects.filter(action="view", object_id=str(approve.pk), username="township").exists()

    def test_outsiders_get_404_and_the_attempt_is_audited(self, client, check_task, people):
        for who in ("other_township", "other_county", "fire", "visitor"):
            client.force_login(people[who])
            assert client.get(detail(check_task)).status_code == 404
            assert client.post(action(check_task, "claim")).status_code == 404
            assert AuditEvent.objects.filter(action="denied", object_id=str(check_task.pk),
                                             username=people[who].username).exists()

    def test_unknown_ids_get_404(self, client, people):
        client.force_login(people["township"])
        assert client.get(reverse("workflows:task_detail", args=[999999])).status_code == 404


class TestClaim:
    def test_claim_by_post(self, client, check_task, people):
        client.force_login(people["village"])
        assert client.get(action(check_task, "claim")).status_code == 405
        response = client.post(action(check_task, "claim"))
        assert response.status_code == 302 and response.url == detail(check_task)
        check_task.refresh_from_db()
        assert check_task.owner == people["village"]
        event = AuditEvent.objects.get(action="change", object_id=str(check_task.pk))
        assert event.detail["step"] == "claim" and event.username == "village"
        page = client.get(detail(check_task)).content.decode()
        assert "已认领" in page and action(check_task, "unassign") in page

    def test_claiming_a_task_someone_else_took_says_so(self, client, check_task, people):
        inbox.claim(people["village"], check_task)
        client.force_login(people["township"])  # still sees it: they reassign work there
        response = client.post(action(check_task, "claim"), follow=True)
        assert "该事项已被他人认领" in response.content.decode()
        check_task.refresh_from_db()
        assert check_task.owner == people["village"]

    def test_csrf_is_required(self, check_task, people):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(people["village"])
        assert client.post(action(check_task, "claim")).status_code == 403


class TestUnassign:
    def test_the_owner_hands_it_back(self, client, check_task, people):
        inbox.claim(people["village"], check_task)
        client.force_login(people["village"])
        assert client.post(action(check_task, "unassign")).url == INBOX
        check_task.refresh_from_db()
        assert check_task.status == STATUS.NEW and check_task.owner is None
        assert AuditEvent.objects.filter(action="change", detail__step="unassign").exists()

    def test_someone_else_gets_403(self, client, check_task, people):
        inbox.claim(people["village"], check_task)
        client.force_login(people["township"])
        assert client.post(action(check_task, "unassign")).status_code == 403
        assert AuditEvent.objects.filter(action="denied", detail__attempted="unassign").exists()


class TestReassign:
    def test_the_officer_reassigns_a_visit(self, client, visit_task, people):
        client.force_login(people["township"])
        page = client.get(detail(visit_task)).content.decode()
        assert "改派" in page and "李志愿者" in page
        response = client.post(action(visit_task, "reassign"), {"owner": people["visitor2"].pk})
        assert response.status_code == 302
        visit_task.refresh_from_db()
        assert visit_task.owner == people["visitor2"]
        event = AuditEvent.objects.get(action="change", detail__step="reassign")
        assert event.detail["to"] == "visitor2"

    def test_an_ineligible_person_is_refused_next_to_the_field(self, client, visit_task, people):
        client.force_login(people["township"])
        response = client.post(action(visit_task, "reassign"), {"owner": people["other_village"].pk})
        assert response.status_code == 400
        assert "只能改派给有权办理此事项的人员" in response.content.decode()
        response = client.post(action(visit_task, "reassign"), {})
        assert response.status_code == 400 and "请选择改派给谁" in response.content.decode()
        visit_task.refresh_from_db()
        assert visit_task.owner == people["visitor"]

    def test_only_officers_reassign(self, client, visit_task, people):
        client.force_login(people["visitor"])
        assert "确认改派" not in client.get(detail(visit_task)).content.decode()
        assert client.post(action(visit_task, "reassign"), {"owner": people["visitor2"].pk}).status_code == 403
        client.force_login(people["other_township"])
        assert client.post(action(visit_task, "reassign"), {"owner": people["visitor2"].pk}).status_code == 404


class TestCaseHistoryTag:
    TEMPLATE = Template("{% load inbox_tags %}{% case_history elder %}")

    def render(self, user, elder):
        request = RequestFactory().get("/")
        request.user = user
        return self.TEMPLATE.render(Context({"request": request, "elder": elder}))

    def test_every_case_and_step_for_region_staff(self, elder, check_task, department_task, people):
        inbox.claim(people["village"], check_task)
        html = self.render(people["township"], elder)
        assert html.index("部门测试") < html.index("核对测试")  # newest case first
        assert "入户核对" in html and "蒙村委" in html and "已认领" in html and "部门办理" in html

    def test_department_staff_see_their_cases_only(self, elder, check_task, department_task, people):
        Referral.objects.create(elder=elder, department=department_task.department, need="消防安全")
        html = self.render(people["fire"], elder)
        assert "部门测试" in html and "核对测试" not in html

    def test_nothing_for_outsiders(self, elder, check_task, people):
        assert "暂无办理记录" in self.render(people["other_county"], elder)
