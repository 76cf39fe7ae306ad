"""How tasks and cases read on the workbench: Chinese states, due dates relative to today, steps.

The inbox list, the task page, the start page and the elder page's case history all use these,
so that a task never reads 待认领 on one screen and something else on another.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from registry.dates import CHINA_TZ

from . import schedule
from .models import CaseTask
from .models.cases import OPEN_TASK_STATUSES
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


@dataclass(frozen=True)
class Due:
    """A task's deadline as every screen shows it (``workflows/includes/due.html``).

    ``date`` is the day it is due (``schedule.due_date_of``); ``days`` counts from today to that day
    in Asia/Shanghai, negative once late. A deadline at a time of day (an emergency's two hours)
    also shows its time; a whole-day deadline (every other step) shows the date alone. A task no
    longer open shows its date without ``relative``.
    """

    moment: datetime
    date: date
    days: int
    late: bool
    by_day: bool
    open: bool

    @property
    def when(self):
        text = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return text if self.by_day else f"{text} {timezone.localtime(self.moment, CHINA_TZ):%H:%M}"

    @property
    def relative(self):
        if not self.open:
            return ""
        if self.days < 0:
            return f"已逾期 {-self.days} 天"
        if self.late:
            return "已超时"
        if self.days == 0:
            return "今天到期"
        return "明天到期" if self.days == 1 else f"{self.days} 天后到期"


def due_of(task, now=None):
    """``task``'s ``Due``, or None when there is no task or it has no deadline."""
    if task is None or task.due_at is None:
        return None
    now = now or timezone.now()
    day = schedule.due_date_of(task)
    by_day = timezone.localtime(task.due_at, CHINA_TZ).time() == time.min
    return Due(task.due_at, day, (day - timezone.localtime(now, CHINA_TZ).date()).days, task.due_at <= now, by_day,
               task.status in OPEN_TASK_STATUSES)


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
