"""Scheduled visits and their escalation.

VisitFlow: the scheduler (``workflows.scheduler``) starts one case per visit due, for the elder's
assigned visitor, due at the end of the period (``workflows.schedule``). It starts them in bulk
(``scheduler._bulk_start`` writes the rows ``VisitFlow.start.run`` would; change both together). The visitor opens the
task (screen ``visit_task``), fills the visit record in the workbench, and submitting the record
completes the task (``workflows.scheduler.complete_visit_task``; ``_complete_as`` writes the rows
Viewflow's activation would, for a task followed by the end only: change both together).

    start (scheduler) → visit 上门探访 (assigned visitor, due date) → end

VisitEscalationFlow: a visit still open after the grace period is escalated once to the
township officers of the elder's village, who record what they did (screen ``visit_escalation``).

    start (scheduler) → escalate 逾期探访督办 (claim: roles.assign_visitors, 2 days) → end
"""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import Flow

from ..nodes import HumanTask
from ..schedule import due_at
from .base import CaseFlowMixin


def _assigned_visitor(activation):
    """The elder's current visitor."""
    assignment = activation.process.elder.assignments.current().select_related("visitor").first()
    return assignment.visitor if assignment else None


def _visit_due(activation):
    return due_at(activation.process.scheduled_visit.due_date)


class VisitFlow(CaseFlowMixin, Flow):
    process_title = "定期探访"

    start = flow.StartHandle(this.start_visit).Next(this.visit)
    visit = (HumanTask("上门探访", "按探访记录表上门探访并提交探访记录。")
             .Assign(_assigned_visitor)
             .Due(_visit_due)
             .Screen("visit_task")
             .Next(this.end))
    end = flow.End()

    def start_visit(self, activation, scheduled):
        """Start the case of ``scheduled`` (a ScheduledVisit); the visit task reads its due date."""
        case = self.start_case(activation, scheduled.elder)
        case.save()  # the link must exist before the visit task is created and asks for its due date
        scheduled.case = case
        scheduled.save(update_fields=["case"])
        return case


class VisitEscalationFlow(CaseFlowMixin, Flow):
    process_title = "逾期探访督办"

    start = flow.StartHandle(this.start_escalation).Next(this.escalate)
    escalate = (HumanTask("逾期探访督办", "探访已逾期，请督促探访人员或作出安排，并记录处理情况。")
                .Claim("roles.assign_visitors")
                .Due(days=2)
                .Screen("visit_escalation")
                .Next(this.end))
    end = flow.End()

    def start_escalation(self, activation, escalation):
        """Start the case of ``escalation`` (a VisitEscalation)."""
        case = self.start_case(activation, escalation.scheduled_visit.elder)
        case.save()
        escalation.case = case
        escalation.save(update_fields=["case"])
        return case
