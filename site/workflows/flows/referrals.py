"""ReferralFlow: a need or hazard found on a visit goes to the department or provider that can meet
it, is served, and the service is reviewed (方案 六(三), 附件2 六).

Roles and steps:

1. start: ``workflows.follow_ups`` starts one case per follow-up flag; the routing table
   (``ReferralRoute``) names the recipient and the due date, and the ``Referral`` is created.
2. assign (待分派转介): no route matched; a township officer (``roles.assign_visitors``) chooses.
3. accept (接收转介): staff of the department, in the elder's region, accept or reject with a
   reason. For a non-government provider (it has no account) the township officer records its
   answer on its behalf.
4. reroute (重新分派): after a rejection the township chooses another recipient (a new
   ``Referral`` row; the rejected one stays) → accept again.
5. service (关爱服务记录): the one who accepted records the care service (``CareService``).
6. review (满意度评价): a township officer who did not record the service asks the elder;
   不满意 sends the case back to service, otherwise close: referral completed, flag closed.
"""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import Flow

from workflows.follow_ups import close_flag, create_routed_referral
from workflows.models import Referral, ReferralStatus
from workflows.nodes import HumanTask

from .base import CaseFlowMixin

TOWNSHIP = "roles.assign_visitors"


def _referral(activation):
    return Referral.objects.current(activation.process)


class ReferralFlow(CaseFlowMixin, Flow):
    process_title = "转介"

    start = flow.StartHandle(this.start_referral).Next(this.routed)

    routed = flow.If(this.has_referral).Then(this.accept).Else(this.assign)

    assign = (HumanTask("待分派转介", "没有匹配的转介路由，请选择承办部门或服务机构。")
              .Claim(TOWNSHIP).Due(days=2).Screen("referral_route").Next(this.accept))

    accept = (HumanTask("接收转介", "接收或退回（须说明原因）。")
              .Claim(TOWNSHIP).ForDepartment(lambda activation: _referral(activation).department)
              .Due(lambda activation: _referral(activation).due_at)
              .Screen("referral_accept").Next(this.accepted))

    accepted = flow.If(this.was_accepted).Then(this.service).Else(this.reroute)

    reroute = (HumanTask("重新分派", "转介被退回，请改派其他部门或服务机构。")
               .Claim(TOWNSHIP).Due(days=2).Screen("referral_route").Next(this.accept))

    service = (HumanTask("关爱服务记录", "记录开展关爱服务的情况。")
               .Claim(TOWNSHIP).Assign(lambda activation: _referral(activation).decided_by)
               .Due(lambda activation: _referral(activation).due_at)
               .Screen("referral_service").Next(this.review))

    review = (HumanTask("满意度评价", "回访老年人，评价关爱服务；不得由记录服务的人评价。")
              .Claim(TOWNSHIP).Due(days=7).Screen("referral_review").Next(this.satisfied))

    satisfied = flow.If(this.was_satisfied).Then(this.close).Else(this.service)

    close = flow.Function(this.close_referral).Next(this.end)

    end = flow.End()

    def start_referral(self, activation, flag, user=None):
        case = self.start_case(activation, flag.record.elder, user)
        case.save()
        create_routed_referral(case, flag, user)
        return case

    def has_referral(self, activation):
        return _referral(activation) is not None

    def was_accepted(self, activation):
        return _referral(activation).status == ReferralStatus.ACCEPTED

    def was_satisfied(self, activation):
        return _referral(activation).latest_service().review.satisfied

    def close_referral(self, activation):
        referral = _referral(activation)
        referral.complete()
        close_flag(activation.process, referral.latest_service().review.reviewed_by)
