"""The monthly visit rate (月探访率) of a region: visited / due, by category and by child region.

Who counts as due and as visited is ``workflows.schedule.month_standing``'s answer; this module
only adds them up.
"""

from dataclasses import dataclass, field

from django.core.cache import cache

from registry.models import Category, Elder
from roles.access import regions_with
from roles.models import Region, RegionLevel

from .schedule import month_standing, this_month

REPORT_PERMISSION = "roles.view_reports"
# Officers whose start page shows the rate (方案 八: township, county, city, province).
RATE_CARD_LEVELS = {RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP}
RATE_CARD_SECONDS = 10 * 60


@dataclass
class RateLine:
    """Elders due and visited in one month, for one region, category or child region."""

    label: str
    due: int = 0
    visited: int = 0
    obj: object = None

    @property
    def rate(self):
        """visited / due as a percentage with one decimal, or None when nobody was due."""
        return round(100 * self.visited / self.due, 1) if self.due else None

    def add(self, standing):
        self.due += 1
        self.visited += standing.visited


@dataclass
class VisitRate:
    region: Region
    month: object
    total: RateLine
    by_category: list = field(default_factory=list)
    by_child: list = field(default_factory=list)
    not_visited_ids: list = field(default_factory=list)

    @property
    def not_visited(self):
        """The elders due and not yet visited, by name."""
        return Elder.objects.filter(pk__in=self.not_visited_ids).select_related("village").order_by("name", "pk")


def _child_key(region, village_path):
    """The path of ``region``'s child that holds ``village_path``."""
    rest = village_path[len(region.path):]
    return region.path + rest.split("/", 1)[0] + "/" if rest else None


def visit_rate(region, month):
    """The monthly visit rate of ``region``'s subtree in ``month`` (its first day)."""
    due = [standing for standing in month_standing(Elder.objects.within(region), month) if standing.due]
    total = RateLine(region.name, obj=region)
    categories = {category.pk: RateLine(category.name, obj=category) for category in Category.objects.all()}
    children = {child.path: RateLine(child.name, obj=child) for child in region.children.order_by("path")}
    for standing in due:
        total.add(standing)
        for category_id in standing.category_ids:
            categories[category_id].add(standing)
        child = children.get(_child_key(region, standing.village_path))
        if child is not None:
            child.add(standing)
    return VisitRate(region, month, total, list(categories.values()), list(children.values()),
                     [standing.pk for standing in due if not standing.visited])


def report_regions(user):
    """The topmost regions over which ``user`` may read reports (each covers its subtree)."""
    regions = sorted(regions_with(user, REPORT_PERMISSION), key=lambda region: region.path)
    top = []
    for region in regions:
        if not any(region.path.startswith(kept.path) for kept in top):
            top.append(region)
    return top


def may_view_rate(user, region):
    return any(region.path.startswith(allowed.path) for allowed in report_regions(user))


def rate_summary_for(user, now=None):
    """The start page's rate card: [RateLine] of this month for the officer's regions (cached 10 minutes).

    Empty for users who read no reports or only at village level.
    """
    month = this_month(now)
    lines = []
    for region in report_regions(user):
        if region.level not in RATE_CARD_LEVELS:
            continue
        key = f"workflows:visit-rate:{region.pk}:{month:%Y-%m}"
        due, visited = cache.get_or_set(key, lambda r=region: _totals(r, month), RATE_CARD_SECONDS)
        lines.append(RateLine(region.name, due, visited, region))
    return {"month": month, "lines": lines}


def _totals(region, month):
    total = visit_rate(region, month).total
    return total.due, total.visited
