"""``manage.py rebuild_visit_rollup [--month YYYY-MM] [--region CODE]``: rebuild the visit rollup from the raw tables.

Without ``--month``, every month the rollup holds (this month when it holds none); without
``--region``, everywhere, and then the per-village counts of records by status (``registry.register``:
在册 and 摸底建档) too. Both are kept current by the writes; this is for a first build (e.g. after a bulk
load, which bypasses the signals) or a repair.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry import register
from roles.models import Region
from workflows import rollup
from workflows.schedule import parse_month, this_month


class Command(BaseCommand):
    help = "Rebuild the visit rollup (月探访率汇总) from elders, assignments and visit records."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM；默认汇总中已有的所有月份")
        parser.add_argument("--region", help="统计用区划代码（12位）；默认全区")

    def handle(self, *args, month=None, region=None, **options):
        try:
            months = [parse_month(month)] if month else (rollup.built_months() or [this_month()])
        except ValueError as error:
            raise CommandError(str(error)) from None
        place = None
        if region:
            place = Region.objects.filter(code=region).first()
            if place is None:
                raise CommandError(f"找不到区划代码为“{region}”的行政区划。")
        for first in months:
            rows = rollup.rebuild(first, place)
            self.stdout.write(f"{first:%Y-%m}{'（' + place.name + '）' if place else ''}：已重建{rows}行。")
        if place is None:
            register.recount()
            self.stdout.write("已重新统计各村(社区)在册人数和摸底建档情况。")
        if connection.vendor == "postgresql":
            # Fresh statistics: planned as nearly empty, a region's sums join row by row (60 ms, not 1 ms).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE workflows_visitrollup")
                if place is None:
                    cursor.execute("ANALYZE registry_villageregister")
