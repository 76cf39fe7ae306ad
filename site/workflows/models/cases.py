"""The Viewflow process and task models every flow shares.

Every flow (``workflows.flows``) runs on ``Case`` (one process per case of one elder) and
``CaseTask`` (Viewflow's task plus where the task sits, who may claim it and when it is due):
the columns our own workbench needs to answer "whose task is this" without Viewflow's UI
(see ``workflows.inbox``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.managers import TaskQuerySet
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

OPEN_TASK_STATUSES = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


class Case(Process):
    """One run of a flow about one elder: a census, a scheduled visit, a referral, an emergency.

    Flow-specific facts live in their own models pointing here; ``data`` (from Viewflow's
    ``Process``) holds nothing that a screen or a report reads.
    """

    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="cases")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")


class CaseTaskQuerySet(TaskQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_TASK_STATUSES)

    def overdue(self, now=None):
        from workflows.schedule import overdue_task_filter

        return self.open().filter(overdue_task_filter(now))


class CaseTask(Task):
    """A Viewflow task with the facts our inbox and permission checks need.

    ``region`` is where the task sits (the elder's village), ``owner_permission`` (Viewflow's
    field) the region permission that lets someone claim an unowned task there, ``department``
    the department whose staff may claim it instead (referrals), ``due_at`` when it must be done.
    Set by ``workflows.nodes`` when the task is created.
    """

    region = models.ForeignKey("roles.Region", verbose_name=_("所在区域"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("roles.Department", verbose_name=_("承办部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True, db_index=True)
    urgent = models.BooleanField(_("紧急"), default=False, help_text=_("紧急事项排在待办最前"))
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    objects = CaseTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["-urgent", "due_at", "created"]

    @property
    def is_overdue(self):
        from workflows.schedule import task_is_overdue

        return self.status in OPEN_TASK_STATUSES and task_is_overdue(self)
