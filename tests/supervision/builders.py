"""Referrals, reviews, visit tasks and emergencies written straight to the tables, at chosen times.

The flows that make them are tested in tests/workflows; the supervision figures only read them.
"""

from datetime import datetime, time

from viewflow.workflow.status import PROCESS, STATUS

from registry.dates import CHINA_TZ
from roles.models import Department
from tests.workflows.visit_factories import submitted_visit
from workflows.flows.emergency import EmergencyFlow
from workflows.flows.visits import VisitFlow
from workflows.models import (
    CareService,
    Case,
    CaseTask,
    EmergencyReport,
    Referral,
    ReviewMethod,
    SatisfactionReview,
)


def china(day, hour=10, minute=0):
    """``day`` at ``hour``:``minute`` in Asia/Shanghai."""
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA_TZ)


def referral(elder, department, created, due_date=None, status="pending", decided=None, completed=None):
    """A referral of ``elder`` to the department coded ``department`` made at ``created``."""
    made = Referral.objects.create(elder=elder, department=Department.objects.get(code=department),
                                   need="测试事项", due_date=due_date, status=status)
    Referral.objects.filter(pk=made.pk).update(created_at=created, decided_at=decided, completed_at=completed)
    return made


def review(made, rating, at):
    """A care service for referral ``made`` and its satisfaction review at ``at``."""
    service = CareService.objects.create(referral=made, elder=made.elder, number=made.elder.next_care_number(),
                                         service_date=at.date(), content="上门服务", server_name="服务员")
    reviewed = SatisfactionReview.objects.create(service=service, rating=rating, method=ReviewMethod.PHONE)
    SatisfactionReview.objects.filter(pk=reviewed.pk).update(reviewed_at=at)
    return reviewed


def visit_task(elder, owner, due_at, status=STATUS.ASSIGNED):
    """A visit task of ``elder`` owned by ``owner``, due at ``due_at``."""
    case = Case.objects.create(flow_class=VisitFlow, elder=elder, status=PROCESS.NEW)
    return CaseTask.objects.create(process=case, flow_task=VisitFlow.visit, flow_task_type="HUMAN", status=status,
                                   owner=owner, region=elder.village, due_at=due_at)


def emergency(elder, created, outcome=None):
    """An emergency case of ``elder`` started at ``created``; handled with ``outcome`` if given."""
    case = Case.objects.create(flow_class=EmergencyFlow, elder=elder, created=created,
                               status=PROCESS.DONE if outcome else PROCESS.NEW)
    if outcome:
        EmergencyReport.objects.create(case=case, record=submitted_visit(elder, created.date()), called=["120"],
                                       actions="拨打120", outcome=outcome, handled_at=created)
    return case
