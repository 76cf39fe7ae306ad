"""The human task node of our flows: a Viewflow ``View`` that says where it sits and when it is due.

    verify = (HumanTask("入户核实")
              .Claim("roles.census_elders")            # who may claim it, by region permission
              .Due(days=7)                             # by the end of the 7th day; or .Due(hours=2),
                                                       # or .Due(callable(activation) -> datetime)
              .Next(this.approve))

``.Assign(callable)`` (Viewflow's) gives the task straight to one user; ``.ForDepartment(callable)``
makes it claimable by that department's staff in the elder's region instead of by region
permission. No Viewflow view is attached: the workbench opens tasks (``workflows.inbox``).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.nodes import View
from viewflow.workflow.nodes.view import ViewActivation

from registry.dates import china_today

# Every region permission some HumanTask may be claimed with, filled as the flows are declared
# (``workflows.flows`` is imported at app ready); the inbox builds its claim rules from it.
CLAIM_PERMISSIONS = set()


class HumanTaskActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = activation.task
        task.region = activation.process.elder.village
        task.department = flow_task.calc_department(activation)
        task.due_at = flow_task.calc_due(activation)
        task.urgent = flow_task.urgent
        task.save(update_fields=["region", "department", "due_at", "urgent"])
        return activation


class HumanTask(View):
    activation_class = HumanTaskActivation

    def __init__(self, title, description="", **kwargs):
        super().__init__(view=None, **kwargs)
        self.task_title = title
        self.task_description = description
        self._due = None
        self._department = None
        self._screen = None
        self.urgent = False

    def Urgent(self):
        """An emergency: listed before everything else in 我的待办, overdue work included."""
        self.urgent = True
        return self

    def Screen(self, url_name):
        """The workbench screen that does this task: ``workflows:<url_name>`` taking the task's pk."""
        self._screen = url_name
        return self

    def screen_url(self, task):
        return reverse(f"workflows:{self._screen}", args=[task.pk]) if self._screen else None

    def Claim(self, permission):
        """Unowned, the task may be claimed by holders of region ``permission`` over the elder's village."""
        CLAIM_PERMISSIONS.add(permission)
        return self.Permission(permission)

    def ForDepartment(self, department):
        """Claimable by staff of ``department(activation)`` whose region covers the elder."""
        self._department = department
        return self

    def Due(self, due=None, **delta):
        """Due at ``due(activation)`` (a datetime or None); ``Due(days=N)``: by the end of the Nth day after
        creation in Asia/Shanghai (a whole-day deadline, shown as a date); ``Due(hours=N)``: N hours after
        creation (emergencies)."""
        self._due = due if due is not None else (delta["days"] if set(delta) == {"days"} else timedelta(**delta))
        return self

    def calc_department(self, activation):
        return self._department(activation) if self._department else None

    def calc_due(self, activation):
        if self._due is None:
            return None
        if isinstance(self._due, int):
            from .schedule import due_at

            return due_at(china_today() + timedelta(days=self._due))
        if isinstance(self._due, timedelta):
            return timezone.now() + self._due
        return self._due(activation)
