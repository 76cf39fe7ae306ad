"""EmergencyFlow: an emergency found on a visit is handled by the township at once (方案 六(三)).

Roles and steps:

1. start: ``workflows.follow_ups`` starts it the moment a visit with 紧急情况 = 是 is submitted.
2. handle (紧急情况处置): a township officer of the elder's township (``roles.assign_visitors``),
   due in two hours so that it tops their inbox, records who was called (120/110/119, family,
   emergency contact), what was done and the outcome (``EmergencyReport``, filed with the visit).
3. close: the flag is closed.
"""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import Flow

from workflows.follow_ups import close_flag, link_flag
from workflows.nodes import HumanTask

from .base import CaseFlowMixin


class EmergencyFlow(CaseFlowMixin, Flow):
    process_title = "紧急情况"

    start = flow.StartHandle(this.start_emergency).Next(this.handle)

    handle = (HumanTask("紧急情况处置", "立即联系老年人及其紧急联系人，必要时拨打120/110/119，并记录处置情况。")
              .Claim("roles.assign_visitors").Due(hours=2).Urgent().Screen("emergency_handle").Next(this.close))

    close = flow.Function(this.close_emergency).Next(this.end)

    end = flow.End()

    def start_emergency(self, activation, flag, user=None):
        case = self.start_case(activation, flag.record.elder, user)
        case.save()
        link_flag(case, flag)
        return case

    def close_emergency(self, activation):
        close_flag(activation.process, activation.process.emergency_report.handled_by)
