"""The back office's dashboard for civil-affairs officers: their regions' key figures and links, in Chinese.

Wagtail's home page has only page-editing panels; an officer of a province, city or county who
reads reports (``workflows.visit_rate.report_regions``) gets, first, one panel per region: this
month's visit rate against the 100% target, the child regions furthest from it, referrals overdue
and emergencies still being handled (sums over the rollup and grouped counts, as on the workbench).
"""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from roles.models import RegionLevel
from workflows.schedule import this_month
from workflows.visit_rate import report_regions, visit_rate

from .casework import casework
from .periods import ReportPeriod

PANEL_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
LOWEST_SHOWN = 5


class RegionFiguresPanel(Component):
    """One region's key figures of this month, with links to the workbench's rate page and reports."""

    name = "region_figures"
    order = 50
    template_name = "supervision/admin_region_panel.html"

    def __init__(self, region, month):
        self.region, self.month = region, month

    def get_context_data(self, parent_context=None):
        rate = visit_rate(self.region, self.month)
        work = casework(self.region, ReportPeriod.month(self.month))
        ranked = sorted((line for line in rate.by_child if line.due),
                        key=lambda line: (line.rate, line.label))[:LOWEST_SHOWN]
        return {
            "panel_id": f"region-figures-{self.region.code}",
            "heading": f"{self.region.name}探访关爱工作（{self.month.year}年{self.month.month}月）",
            "rate": rate, "lowest": ranked, "work": work,
            "referrals_received": sum(line.received for line in work.departments),
            "referrals_overdue": sum(line.overdue for line in work.departments),
            "rate_url": f"{reverse('workflows:visit_rate')}?region={self.region.pk}",
            "reports_url": f"{reverse('supervision:reports')}?region={self.region.pk}",
        }


@hooks.register("construct_homepage_panels")
def add_region_figures(request, panels):
    month = this_month()
    for region in report_regions(request.user):
        if region.level in PANEL_LEVELS:
            panels.append(RegionFiguresPanel(region, month))
