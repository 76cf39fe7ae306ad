"""How due dates and states read: relative to today in Asia/Shanghai, in Chinese."""

from datetime import UTC, datetime, timedelta

from viewflow.workflow.status import STATUS

from workflows.models import CaseTask
from workflows.presenters import due_label, task_state

# 23:00 in Shanghai, 15:00 UTC: "tomorrow" starts an hour later in Shanghai, not nine hours later.
NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


def test_due_dates_read_from_today_in_shanghai():
    assert due_label(NOW + timedelta(minutes=30), NOW) == "今天 23:30 前"
    assert due_label(NOW + timedelta(hours=2), NOW) == "明天 01:00 前"
    assert due_label(NOW + timedelta(days=3), NOW) == "2026-03-04（3 天后）"
    assert due_label(None, NOW) == "无期限"


def test_overdue_dates_count_whole_days():
    assert due_label(NOW - timedelta(hours=1), NOW) == "今天已到期"
    assert due_label(NOW - timedelta(hours=23, minutes=30), NOW) == "已逾期 1 天"
    assert due_label(NOW - timedelta(days=5), NOW) == "已逾期 5 天"


def test_states_in_chinese():
    labels = [task_state(CaseTask(status=status)) for status in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED,
                                                                 STATUS.DONE)]
    assert labels == ["待认领", "已认领", "办理中", "已完成"]
