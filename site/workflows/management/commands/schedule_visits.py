"""``manage.py schedule_visits``: run daily (cron or a systemd timer); running it twice does nothing twice."""

from django.core.management.base import BaseCommand

from workflows.rollup import ensure_built
from workflows.schedule import this_month
from workflows.scheduler import escalate_overdue_visits, schedule_visits


class Command(BaseCommand):
    help = ("Build this month's visit rollup if needed, create the visit tasks due in the current period "
            "and escalate overdue visits (idempotent).")

    def handle(self, *args, **options):
        ensure_built(this_month())  # the month's rollup, built once, before anyone asks for the rate
        started = schedule_visits()
        escalated = escalate_overdue_visits()
        self.stdout.write(f"已创建探访任务{started}项，逾期探访上报督办{escalated}项。")
