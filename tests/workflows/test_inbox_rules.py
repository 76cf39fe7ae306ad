"""The rules of ``workflows.inbox`` on tasks of the throwaway flows: who sees, claims, hands back,
reassigns and completes a task, in what order the inbox lists them, and the elder's case history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from registry.dates import china_today
from tests.registry.factories import ElderFactory
from tests.workflows.conftest import open_task
from tests.workflows.flows_for_tests import CheckFlow
from workflows import inbox, schedule
from workflows.models import CaseTask

pytestmark = pytest.mark.django_db


def names(tasks):
    return [task.pk for task in tasks]


class TestTaskCreation:
    def test_a_human_task_sits_in_the_elders_village_with_a_due_date(self, check_task, village):
        assert check_task.region == village
        assert check_task.status == STATUS.NEW and check_task.owner is None
        assert check_task.owner_permission == "roles.census_elders"
        assert check_task.due_at == schedule.due_at(china_today() + timedelta(days=3))  # a whole-day deadline

    def test_a_department_task_names_the_department(self, department_task):
        assert department_task.department.code == "fire_rescue"
        assert not department_task.owner_permission

    def test_a_visit_is_given_straight_to_the_visitor(self, visit_task, people):
        assert visit_task.owner == people["visitor"]


class TestInbox:
    def test_overdue_tasks_come_first_then_by_due_date(self, elder, people):
        tasks = [open_task(CheckFlow.start.run(elder=elder)) for _ in range(3)]
        now = timezone.now()
        dues = [now + timedelta(days=1), now - timedelta(hours=1), now + timedelta(hours=2)]
        for task, due in zip(tasks, dues, strict=True):
            CaseTask.objects.filter(pk=task.pk).update(due_at=due)
        listed = list(inbox.inbox(people["village"]))
        assert names(listed) == [tasks[1].pk, tasks[2].pk, tasks[0].pk]
        assert [task.is_overdue for task in listed] == [True, False, False]
        assert CaseTask.objects.overdue().get() == tasks[1]

    def test_whoever_may_claim_sees_the_task_and_nobody_else(self, check_task, people):
        for who in ("village", "township", "township2"):
            assert names(inbox.inbox(people[who])) == [check_task.pk], who
        for who in ("visitor", "fire", "other_township", "other_village", "other_county"):
            assert names(inbox.inbox(people[who])) == [], who

    def test_county_officers_dont_claim_but_see_the_task_in_their_region(self, check_task, people):
        # county civil affairs hold reassign_work, not census_elders
        assert names(inbox.inbox(people["county"])) == []
        assert names(inbox.region_tasks(people["county"])) == [check_task.pk]
        assert inbox.may_reassign_any(people["county"]) and not inbox.may_reassign_any(people["village"])

    def test_a_claimed_task_leaves_the_others_inboxes(self, check_task, people):
        inbox.claim(people["village"], check_task)
        assert names(inbox.own_tasks(people["village"])) == [check_task.pk]
        assert names(inbox.inbox(people["township"])) == []
        assert names(inbox.region_tasks(people["township"])) == [check_task.pk]

    def test_open_count_counts_own_and_claimable_tasks(self, check_task, visit_task, people):
        assert inbox.open_count(people["village"]) == 1
        assert inbox.open_count(people["visitor"]) == 1
        assert inbox.open_count(people["other_county"]) == 0

    def test_department_staff_see_their_departments_tasks_in_their_county_only(self, department_task, people):
        assert names(inbox.inbox(people["fire"])) == [department_task.pk]
        for who in ("fire_other_county", "health", "village", "township"):
            assert names(inbox.inbox(people[who])) == [], who

    def test_anonymous_users_have_no_inbox(self, check_task):
        from django.contrib.auth.models import AnonymousUser

        assert names(inbox.inbox(AnonymousUser())) == []


class TestGetTask:
    def test_outsiders_get_404(self, check_task, department_task, visit_task, people):
        for who in ("other_township", "other_village", "other_county", "fire_other_county"):
            for task in (check_task, department_task, visit_task):
                with pytest.raises(Http404):
                    inbox.get_task_or_404(people[who], task.pk)

    def test_a_visitor_gets_only_their_own_task(self, visit_task, check_task, people):
        assert inbox.get_task_or_404(people["visitor"], visit_task.pk) == visit_task
        for who, task in (("visitor2", visit_task), ("visitor", check_task), ("village", visit_task)):
            with pytest.raises(Http404):
                inbox.get_task_or_404(people[who], task.pk)

    def test_officers_get_every_task_of_their_region(self, visit_task, department_task, people):
        for who in ("township", "county"):
            assert inbox.get_task_or_404(people[who], visit_task.pk) == visit_task
            assert inbox.get_task_or_404(people[who], department_task.pk) == department_task

    def test_unknown_and_malformed_ids_get_404(self, people):
        for pk in (999999, "x1"):
            with pytest.raises(Http404):
                inbox.get_task_or_404(people["township"], pk)


class TestClaim:
    def test_the_village_worker_claims(self, check_task, people):
        inbox.claim(people["village"], check_task)
        check_task.refresh_from_db()
        assert check_task.owner == people["village"] and check_task.status == STATUS.ASSIGNED

    def test_another_township_may_not_claim(self, check_task, people):
        with pytest.raises(PermissionDenied):
            inbox.claim(people["other_township"], check_task)

    def test_a_claimed_task_cant_be_claimed_again(self, check_task, people):
        inbox.claim(people["village"], check_task)
        with pytest.raises(PermissionDenied):
            inbox.claim(people["township"], check_task)

    def test_fire_staff_of_another_county_may_not_claim(self, department_task, people):
        with pytest.raises(PermissionDenied):
            inbox.claim(people["fire_other_county"], department_task)
        inbox.claim(people["fire"], department_task)
        assert department_task.owner == people["fire"]


class TestUnassign:
    def test_the_owner_hands_a_claimed_task_back(self, check_task, people):
        inbox.claim(people["village"], check_task)
        inbox.unassign(people["village"], check_task)
        check_task.refresh_from_db()
        assert check_task.owner is None and check_task.status == STATUS.NEW
        assert names(inbox.inbox(people["township"])) == [check_task.pk]

    def test_nobody_else_hands_it_back(self, check_task, people):
        inbox.claim(people["village"], check_task)
        with pytest.raises(PermissionDenied):
            inbox.unassign(people["township"], check_task)

    def test_a_task_given_straight_to_someone_has_no_pool_to_go_back_to(self, visit_task, people):
        with pytest.raises(PermissionDenied):
            inbox.unassign(people["visitor"], visit_task)


class TestReassign:
    def test_eligible_owners_are_those_who_could_claim(self, check_task, department_task, visit_task, people):
        assert set(inbox.eligible_owners(check_task)) == {people["village"], people["township"], people["township2"]}
        assert set(inbox.eligible_owners(department_task)) == {people["fire"]}
        assert set(inbox.eligible_owners(visit_task)) == {people["visitor"], people["visitor2"]}

    def test_inactive_users_are_not_eligible(self, check_task, people):
        people["township2"].is_active = False
        people["township2"].save()
        assert people["township2"] not in inbox.eligible_owners(check_task)

    def test_the_township_officer_reassigns_a_visit(self, visit_task, people):
        inbox.reassign(people["township"], visit_task, people["visitor2"])
        visit_task.refresh_from_db()
        assert visit_task.owner == people["visitor2"] and visit_task.status == STATUS.ASSIGNED

    def test_reassigning_an_unclaimed_task_assigns_it(self, check_task, people):
        inbox.reassign(people["county"], check_task, people["village"])
        check_task.refresh_from_db()
        assert check_task.owner == people["village"] and check_task.status == STATUS.ASSIGNED

    def test_only_to_someone_eligible(self, check_task, visit_task, people):
        with pytest.raises(PermissionDenied):
            inbox.reassign(people["township"], check_task, people["visitor"])
        with pytest.raises(PermissionDenied):
            inbox.reassign(people["township"], visit_task, people["other_village"])

    def test_only_by_officers_of_the_region(self, visit_task, people):
        for who in ("other_township", "other_county", "village", "visitor"):
            with pytest.raises(PermissionDenied):
                inbox.reassign(people[who], visit_task, people["visitor2"])


class TestComplete:
    def test_the_owner_completes_and_the_next_task_appears(self, check_task, people):
        inbox.claim(people["village"], check_task)
        inbox.complete(people["village"], check_task)
        check_task.refresh_from_db()
        assert check_task.status == STATUS.DONE
        approve = open_task(check_task.process)
        assert approve.flow_task == CheckFlow.approve
        assert names(inbox.inbox(people["township"])) == [approve.pk]
        assert names(inbox.inbox(people["village"])) == []  # approving needs assign_visitors

    def test_nobody_else_completes(self, check_task, people):
        with pytest.raises(PermissionDenied):
            inbox.complete(people["village"], check_task)  # not claimed yet
        inbox.claim(people["village"], check_task)
        with pytest.raises(PermissionDenied):
            inbox.complete(people["township"], check_task)

    def test_the_whole_case_runs_to_its_end(self, check_task, people):
        inbox.claim(people["village"], check_task)
        inbox.complete(people["village"], check_task)
        approve = open_task(check_task.process)
        inbox.claim(people["township"], approve)
        inbox.complete(people["township"], approve)
        case = check_task.process.case
        case.refresh_from_db()
        assert case.status == PROCESS.DONE
        steps = [(task.flow_task.name, task.owner)
                 for task in CaseTask.objects.filter(process__case__elder=case.elder).order_by("created", "pk")]
        assert steps == [("start", None), ("check", people["village"]), ("approve", people["township"]),
                         ("end", None)]


class TestCaseHistory:
    def test_newest_case_first(self, elder, check_task, department_task, visit_task, people):
        cases = list(inbox.cases_seen_by(people["township"], elder))
        assert cases == [visit_task.process.case, department_task.process.case, check_task.process.case]
        assert list(inbox.cases_seen_by(people["visitor"], elder)) == cases

    def test_department_staff_see_only_the_cases_with_their_tasks(self, elder, check_task, department_task,
                                                                  people):
        from workflows.models import Referral

        Referral.objects.create(elder=elder, department=department_task.department, need="消防安全")
        assert list(inbox.cases_seen_by(people["fire"], elder)) == [department_task.process.case]
        assert list(inbox.cases_seen_by(people["health"], elder)) == []

    def test_outsiders_see_no_case(self, elder, check_task, people):
        assert list(inbox.cases_seen_by(people["other_county"], elder)) == []

    def test_other_elders_cases_are_not_mixed_in(self, elder, check_task, people, village):
        other = ElderFactory(village=village)
        CheckFlow.start.run(elder=other)
        assert [case.elder for case in inbox.cases_seen_by(people["township"], elder)] == [elder]
