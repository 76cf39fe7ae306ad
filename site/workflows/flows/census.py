"""摸底排查 (census) and the first assignment of a visitor: 方案 五(一) and 六(一)(二).

A person registered or imported with status 待核实 is a census case (``workflows.census.open_census``).

Roles and steps:

1. verify (入户核实): a village worker of the elder's village, or a township officer, visits the
   home, confirms the registered data and records the elder's consent (``roles.census_elders``);
   the record then reads 已核实待审核 (``ElderStatus.VERIFIED``).
2. approve (审核): a township officer approves the record (status 在册), merges it into an existing
   record of the same person, or rejects it with a reason (``roles.assign_visitors``).
3. assign (分配探访人员), approved records only: the township officer chooses the visitor, the
   first contact and, if the rules don't fit, the number of visits a month (``roles.assign_visitors``).

Each step is due within 7 days. The screens are in ``workflows.screens.census``, the work each
step saves in ``workflows.census`` and ``workflows.assignment``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import Flow

from workflows.models import CensusDecision
from workflows.nodes import HumanTask

from .base import CaseFlowMixin

DAYS_PER_STEP = 7


class CensusFlow(CaseFlowMixin, Flow):
    process_title = _("摸底排查")
    process_description = _("新登记老年人的入户核实、审核和探访人员分配。")

    start = flow.StartHandle(this.start_case).Annotation(title=_("新登记")).Next(this.verify)
    verify = (HumanTask(_("入户核实"), _("入户核实登记信息，记录本人或监护人的探访关爱意愿。"))
              .Claim("roles.census_elders").Due(days=DAYS_PER_STEP).Screen("census_verify")
              .Next(this.approve))
    approve = (HumanTask(_("审核"), _("审核通过、与已有档案合并，或说明理由不予通过。"))
               .Claim("roles.assign_visitors").Due(days=DAYS_PER_STEP).Screen("census_approve")
               .Next(this.approved))
    approved = flow.If(this.is_approved).Annotation(title=_("是否通过")).Then(this.assign).Else(this.end)
    assign = (HumanTask(_("分配探访人员"), _("确定探访人员、第一探访联系人和探访频次。"))
              .Claim("roles.assign_visitors").Due(days=DAYS_PER_STEP).Screen("census_assign")
              .Next(this.end))
    end = flow.End().Annotation(title=_("结束"))

    def is_approved(self, activation):
        return activation.process.census_review.decision == CensusDecision.APPROVE
