"""Delete report jobs and their files after the retention period; fail jobs a worker left behind."""

from printing.management.commands.prune_print_batches import Command as PruneCommand
from supervision.models import ReportJob


class Command(PruneCommand):
    help = "删除超过保留天数的报表任务及其文件，并把长时间未完成的任务标记为失败。"
    model = ReportJob
    label = "报表任务"
