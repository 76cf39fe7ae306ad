"""The monthly visit rate (月探访率) of a region: visited / due, by category and by child region.

What counts as due, visited, 未分配 and 不同意探访 is ``workflows.schedule``'s definition; the
numbers are sums over its rollup (``workflows.rollup``), a handful of queries for any region; the
lists of elders are keyset-paginated queries on the raw tables inside the region.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from forms.models import VisitRecord
from registry.models import Assignment, Category, Elder
from roles.access import regions_with, topmost
from roles.models import Region, RegionLevel

from . import rollup, schedule
from .models import VisitRollup

REPORT_PERMISSION = "roles.view_reports"
# Officers whose start page shows the rate (方案 八: township, county, city, province).
RATE_CARD_LEVELS = {RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP}
# A path segment: a 12-digit code and its "/" (roles.models.region_path).
PATH_SEGMENT = 13
LIST_KINDS = {"not_visited": "尚未探访", "unassigned": "未分配探访人员", "declined": "不同意探访"}
PER_PAGE = 50
LISTED_FIELDS = ("name", "phone", "village__name", "village__path")


@dataclass
class RateLine:
    """The counts of one month for one region, category or child region (see ``workflows.schedule``)."""

    label: str
    due: int = 0
    visited: int = 0
    obj: object = None
    unassigned: int = 0
    declined: int = 0
    overdue_counted: bool = False

    @property
    def rate(self):
        """visited / due as a percentage with one decimal, or None when nobody was due."""
        return round(100 * self.visited / self.due, 1) if self.due else None

    @property
    def not_visited(self):
        return self.due - self.visited

    @property
    def overdue(self):
        """逾期未访: due and not visited, once the month's grace period is over (else 0)."""
        return self.not_visited if self.overdue_counted else 0

    def add(self, sums):
        for name in VisitRollup.COUNTS:
            setattr(self, name, getattr(self, name) + (sums.get(name) or 0))


@dataclass
class VisitRate:
    region: Region
    month: object
    total: RateLine
    by_category: list = field(default_factory=list)
    by_child: list = field(default_factory=list)

    @property
    def overdue_counted(self):
        return self.total.overdue_counted


def _sums(rows):
    return rows.annotate(**{name: Sum(name) for name in VisitRollup.COUNTS})


def visit_rate(region, month, now=None):
    """The monthly visit rate of ``region``'s subtree in ``month`` (any day of it): sums over the rollup.

    One grouped sum gives the total, the categories and the child regions (a few queries in all).
    """
    month = schedule.month_of(month)
    rollup.ensure_built(month)
    overdue = (now or timezone.now()) >= schedule.overdue_from(month)
    rows, place = rollup.rows_within(region)
    rows = rows.filter(month=month)
    total = RateLine(region.name, obj=region, overdue_counted=overdue)
    categories = {category.pk: RateLine(category.name, obj=category, overdue_counted=overdue)
                  for category in Category.objects.all()}
    children = {child.path: RateLine(child.name, obj=child, overdue_counted=overdue)
                for child in region.child_regions}
    child = Substr(f"{place}__path", 1, len(region.path) + PATH_SEGMENT) if children else Value("")
    for sums in _sums(rows.annotate(child=child).values("category_id", "child")):
        if sums["category_id"] is not None:
            if sums["category_id"] in categories:
                categories[sums["category_id"]].add(sums)
            continue
        total.add(sums)
        if sums["child"] in children:
            children[sums["child"]].add(sums)
    return VisitRate(region, month, total, list(categories.values()), list(children.values()))


def elders_listed(region, month, kind="not_visited", after=None, limit=PER_PAGE):
    """A page of the elders of ``region`` in ``month`` of ``kind`` (``LIST_KINDS``), by name.

    Returns (elders, the ``after`` of the next page or None). Keyset pagination (``after`` is the
    last pk shown) on the raw tables inside the region: the SQL narrows to the kind's candidates,
    ``schedule.ElderFacts`` applies the definition (intervals), so a page costs the same few
    queries however long the list.
    """
    month = schedule.month_of(month)
    last = schedule.month_end(month)
    candidates = Elder.objects.within(region).filter(schedule.in_register_during(month))
    if kind == "declined":
        candidates = candidates.filter(consents_to_visits=False)
    else:
        candidates = candidates.filter(consents_to_visits=True)
    if kind == "not_visited":
        candidates = candidates.exclude(Exists(VisitRecord.objects.submitted().filter(
            elder=OuterRef("pk"), visit_date__range=(month, last))))
    elif kind == "unassigned":
        candidates = candidates.exclude(Exists(Assignment.objects.filter(elder=OuterRef("pk"), start_date__lte=last)
                                               .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))))
    candidates = candidates.order_by("name", "pk")
    if after is not None:
        cursor = Elder.objects.filter(pk=after).values_list("name", flat=True).first()
        if cursor is not None:
            candidates = candidates.filter(Q(name__gt=cursor) | Q(name=cursor, pk__gt=after))
    test = {"not_visited": lambda s: s.due and not s.visited, "unassigned": lambda s: s.unassigned,
            "declined": lambda s: s.declined}[kind]
    # What the lists show (name, village, the phone masked): the other encrypted fields are not decrypted.
    candidates = candidates.select_related("village").only(*LISTED_FIELDS)
    page, batch = [], candidates[:limit + 1]
    # Elders on a longer interval may not be due this month: read on until the page is full.
    while True:
        elders = list(batch)
        keep = {standing.pk for standing in schedule.ElderFacts([elder.pk for elder in elders], month)
                .standings(month) if test(standing)}
        page += [elder for elder in elders if elder.pk in keep]
        if len(page) > limit or len(elders) <= limit:
            break
        batch = candidates.filter(
            Q(name__gt=elders[-1].name) | Q(name=elders[-1].name, pk__gt=elders[-1].pk))[:limit + 1]
    return page[:limit], (page[limit - 1].pk if len(page) > limit else None)


def report_regions(user):
    """The topmost regions over which ``user`` may read reports (each covers its subtree)."""
    return topmost(regions_with(user, REPORT_PERMISSION))


def may_view_rate(user, region):
    return any(region.path.startswith(allowed.path) for allowed in report_regions(user))


def region_asked_for(request, attempted, allowed=None):
    """The region of ``region`` (query or form; default the caller's first of ``allowed``, i.e.
    ``report_regions``) with its parent, when the caller reads its reports; else 404, the denial
    audited as ``attempted``. No query for one of ``allowed`` (read with their parents)."""
    import audit

    allowed = report_regions(request.user) if allowed is None else allowed
    pk = request.GET.get("region") or request.POST.get("region") or (allowed[0].pk if allowed else None)
    region = next((region for region in allowed if str(region.pk) == str(pk)), None)
    if region is None and str(pk).isdigit():
        region = Region.objects.select_related("parent").filter(pk=pk).first()
    if region is None or not may_view_rate(request.user, region):
        if region is not None:
            audit.record(request, "denied", region, outcome="denied", attempted=attempted)
        raise Http404
    return region
