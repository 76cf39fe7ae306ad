"""How tasks and cases read on the workbench: Chinese states, due dates relative to today, steps.

The inbox list, the task page, the start page and the elder page's case history all use these,
so that a task never reads 待认领 on one screen and something else on another.
"""

from dataclasses import dataclass

from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from .models import CaseTask
from .nodes import HumanTask

TASK_STATES = {
    STATUS.NEW: "待认领",
    STATUS.ASSIGNED: "已认领",
    STATUS.STARTED: "办理中",
    STATUS.DONE: "已完成",
    STATUS.CANCELED: "已取消",
    STATUS.ERROR: "出错",
}
CASE_STATES = {PROCESS.NEW: "办理中", PROCESS.DONE: "已办结", PROCESS.CANCELED: "已取消"}


def task_state(task):
    """待认领 / 已认领 / 办理中 / 已完成 ... of ``task``."""
    return TASK_STATES.get(task.status, task.status)


def case_state(case):
    return CASE_STATES.get(case.status, case.status)


def task_title(task):
    return task.flow_task.task_title if task.flow_task is not None else "（已停用的步骤）"


def person(user):
    """A user as staff know them: the display name, else the username; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def due_label(due_at, now=None):
    """When a task is due, read from today in Asia/Shanghai: 今天 17:00, 明天 09:00, 已逾期 3 天, ..."""
    if due_at is None:
        return "无期限"
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    local_due = timezone.localtime(due_at)
    days = (local_due.date() - today).days
    if due_at < now:
        return f"已逾期 {-days} 天" if days < 0 else "今天已到期"
    clock = local_due.strftime("%H:%M")
    if days == 0:
        return f"今天 {clock} 前"
    if days == 1:
        return f"明天 {clock} 前"
    return f"{local_due:%Y-%m-%d}（{days} 天后）"


@dataclass
class Step:
    """One human step of a case: what, who held it, when it was created and finished, its state."""

    task: CaseTask
    title: str
    holder: str
    created: object
    finished: object
    state: str


def steps_of(tasks):
    """The human steps among ``tasks`` (Viewflow also keeps rows for start, gateways and end)."""
    return [Step(task, task_title(task), person(task.owner), task.created, task.finished, task_state(task))
            for task in tasks if isinstance(task.flow_task, HumanTask)]


@dataclass
class CaseEntry:
    case: object
    title: str
    state: str
    started_by: str
    steps: list


def case_entries(cases):
    """``cases`` (newest first) with their steps, oldest step first: two queries in all."""
    cases = list(cases)
    tasks_by_case = {}
    tasks = CaseTask.objects.filter(process__in=cases).select_related("owner").order_by("created", "pk")
    for task in tasks:
        tasks_by_case.setdefault(task.process_id, []).append(task)
    return [CaseEntry(case, str(case.flow_class.process_title) if case.flow_class else "案件", case_state(case),
                      person(case.created_by), steps_of(tasks_by_case.get(case.pk, [])))
            for case in cases]
