"""The 监督看板 at /workbench/reports/: an officer's region, this month and the last 12, drilling down to a village."""

from django.shortcuts import render

import audit
from roles.access import Action, can
from roles.models import RegionLevel
from workbench.access import workbench_view
from workflows.schedule import this_month
from workflows.scheduling_forms import MonthForm
from workflows.visit_rate import LIST_KINDS, may_view_rate, region_asked_for, report_regions, visit_rate

from . import charts, figures

DISABLED = "disabled"  # 失能: the plan requires monthly visits and effective help for them


def _breadcrumbs(user, region):
    """The region's ancestors the officer reads reports for, top first (one query)."""
    return [ancestor for ancestor in region.ancestors() if may_view_rate(user, ancestor)]


@workbench_view
def dashboard(request):
    allowed = report_regions(request.user)
    region = region_asked_for(request, "supervision_dashboard", allowed)
    form = MonthForm(request.GET)
    context = {"nav": "supervision", "region": region, "form": form, "allowed": allowed,
               "breadcrumbs": _breadcrumbs(request.user, region)}
    if not form.is_valid():
        return render(request, "supervision/dashboard.html", context, status=400)
    report = visit_rate(region, form.cleaned_data["month"] or this_month())
    month = report.month
    audit.record(request, "view", region, report="supervision_dashboard", month=f"{month:%Y-%m}")
    trend = figures.trend(region, month)
    categories = report.by_category
    after = request.GET.get("after", "")
    rows, next_after = ([], None)
    if region.level == RegionLevel.VILLAGE:
        rows, next_after = figures.not_visited_rows(region, month, int(after) if after.isdigit() else None)
        for row in rows:
            row.may_open = can(request.user, Action.VIEW, row.elder)
    return render(request, "supervision/dashboard.html", {
        **context, "report": report, "month": month, "target": figures.TARGET,
        "band": figures.band_of(report.total.rate),
        "trend": trend, "chart": charts.line_chart(trend, figures.TARGET),
        "ranked": figures.ranked(report),
        "categories": categories,
        "disabled": next((line for line in categories if line.obj.code == DISABLED), None),
        "lists": LIST_KINDS,
        "census": figures.census_completeness(region),
        "is_village": region.level == RegionLevel.VILLAGE,
        "rows": rows, "next_after": next_after, "paged": after.isdigit(),
    })
