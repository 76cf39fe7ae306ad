"""How due dates and states read: relative to today in Asia/Shanghai, in Chinese."""

from datetime import UTC, date, datetime, timedelta

from viewflow.workflow.status import STATUS

from workflows import schedule
from workflows.models import CaseTask
from workflows.presenters import due_of, task_state

# 23:00 in Shanghai, 15:00 UTC: "tomorrow" starts an hour later in Shanghai, not nine hours later.
NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


def label(due_at, status=STATUS.NEW):
    due = due_of(CaseTask(due_at=due_at, status=status), NOW)
    return None if due is None else (due.when, due.relative)


def test_a_whole_day_deadline_reads_as_its_last_day_never_the_midnight_after():
    """A visit due by 31 December falls due at midnight on 1 January: it reads 12月31日 (issue 9 item 16)."""
    assert schedule.due_date_of(CaseTask(due_at=schedule.due_at(date(2026, 12, 31)))) == date(2026, 12, 31)
    assert label(schedule.due_at(date(2026, 3, 1))) == ("2026年3月1日", "今天到期")
    assert label(schedule.due_at(date(2026, 3, 2))) == ("2026年3月2日", "明天到期")
    assert label(schedule.due_at(date(2026, 3, 31))) == ("2026年3月31日", "30 天后到期")
    assert label(schedule.due_at(date(2026, 2, 26))) == ("2026年2月26日", "已逾期 3 天")


def test_a_deadline_at_a_time_of_day_shows_the_time_in_shanghai():
    assert label(NOW + timedelta(minutes=30)) == ("2026年3月1日 23:30", "今天到期")
    assert label(NOW + timedelta(hours=2)) == ("2026年3月2日 01:00", "明天到期")
    assert label(NOW - timedelta(hours=1)) == ("2026年3月1日 22:00", "已超时")
    assert label(NOW - timedelta(hours=23, minutes=30)) == ("2026年2月28日 23:30", "已逾期 1 天")
    assert label(None) is None


def test_a_finished_task_shows_its_date_alone():
    assert label(schedule.due_at(date(2026, 2, 26)), STATUS.DONE) == ("2026年2月26日", "")


def test_states_in_chinese():
    labels = [task_state(CaseTask(status=status)) for status in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED,
                                                                 STATUS.DONE)]
    assert labels == ["待认领", "已认领", "办理中", "已完成"]
