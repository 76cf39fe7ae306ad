"""Throwaway flows for the inbox tests, one per way a task finds its holder.

Viewflow stores a process's flow as "<app label>/<module>.<class>", so this package is an app of
the test settings only (``workflow_tests``, see tests/workflows/apps.py).
"""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import Flow

from registry.models import Assignment
from roles.models import Department
from workflows.flows.base import CaseFlowMixin
from workflows.nodes import HumanTask


class CheckFlow(CaseFlowMixin, Flow):
    """核对测试

    Claimed by region permission: a village worker checks, then a township officer approves.
    """

    start = flow.StartHandle(this.start_case).Next(this.check)
    check = HumanTask("入户核对").Claim("roles.census_elders").Due(days=3).Next(this.approve)
    approve = HumanTask("乡镇审核").Claim("roles.assign_visitors").Due(days=2).Next(this.end)
    end = flow.End()


class DepartmentFlow(CaseFlowMixin, Flow):
    """部门测试

    Claimed by the fire brigade's staff whose region covers the elder.
    """

    start = flow.StartHandle(this.start_case).Next(this.handle)
    handle = (HumanTask("部门办理").ForDepartment(lambda activation: Department.objects.get(code="fire_rescue"))
              .Due(days=5).Next(this.end))
    end = flow.End()


def current_visitor(activation):
    return Assignment.objects.current().get(elder=activation.process.elder).visitor


class VisitFlow(CaseFlowMixin, Flow):
    """探访测试

    Given straight to the elder's visitor; nobody claims it.
    """

    start = flow.StartHandle(this.start_case).Next(this.visit)
    visit = HumanTask("上门探访").Assign(current_visitor).Due(days=7).Screen("task_detail").Next(this.end)
    end = flow.End()
