"""Workbench screens of scheduled visits: the visit task, the overdue escalation, the monthly visit rate."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

import audit
from forms.services import NoPublishedForm, resume_or_start_visit
from roles.models import RegionLevel
from workbench.access import workbench_view
from workbench.offline import keeps_offline
from workbench.views import _csv_response

from .. import inbox
from ..flows.visits import VisitEscalationFlow, VisitFlow
from ..models import CaseTask
from ..schedule import this_month
from ..scheduling_forms import EscalationForm, MonthForm
from ..visit_rate import LIST_KINDS, elders_listed, may_view_rate, region_asked_for, report_regions, visit_rate


def _task_of(request, pk, node):
    """The task ``pk`` of ``node`` if the caller may see it (``workflows.inbox``); 404 otherwise."""
    task = inbox.get_task_or_404(request.user, pk)
    if task.flow_task != node:
        raise Http404
    return task, task.process.case


@workbench_view
def visit_task(request, pk):
    """The visit task: its visitor opens (or resumes) the visit record; submitting it completes the task."""
    task, case = _task_of(request, pk, VisitFlow.visit)
    if request.method == "POST":
        if not inbox.may_work_on(request.user, task):
            audit.record(request, "denied", case.elder, outcome="denied", attempted="visit_task")
            raise PermissionDenied
        try:
            record, created = resume_or_start_visit(case.elder, request.user)
        except NoPublishedForm as error:
            messages.error(request, str(error))
            return redirect("workflows:visit_task", pk=task.pk)
        if created:
            audit.record(request, "create", record, event="start_visit", task=task.pk)
        return redirect("workbench:visit_edit", pk=record.pk)
    audit.record(request, "view", case.elder, task=task.pk)
    may_work = inbox.may_work_on(request.user, task)
    return render(request, "workflows/visits/task.html", {
        "nav": "tasks", "task": task, "elder": case.elder, "scheduled": case.scheduled_visit, "may_work": may_work,
        # With no connection, the phone opens the form it keeps for this task (js/offline.js).
        "offline_url": reverse("workbench:offline_visit", args=[task.pk])
        if may_work and keeps_offline(request.user) else None})


@workbench_view
def visit_escalation(request, pk):
    """逾期探访督办: a township officer records what was done about an overdue visit."""
    task, case = _task_of(request, pk, VisitEscalationFlow.escalate)
    escalation = case.visit_escalation
    visit_task = CaseTask.objects.filter(process_id=escalation.scheduled_visit.case_id,
                                         flow_task=VisitFlow.visit).first()
    form = EscalationForm(request.POST if request.method == "POST" else None, instance=escalation)
    if request.method == "POST" and form.is_valid():
        inbox.claim_and_complete(request.user, task, work=lambda activation: form.instance.mark_handled(request.user))
        audit.record(request, "change", escalation, event="escalation_handled", outcome_code=escalation.outcome)
        messages.success(request, "督办情况已记录")
        return redirect("workbench:elder_detail", pk=case.elder_id)
    return render(request, "workflows/visits/escalation.html", {
        "nav": "tasks", "task": task, "elder": case.elder, "escalation": escalation, "form": form,
        "scheduled": escalation.scheduled_visit, "visit_task": visit_task}, status=400 if form.is_bound else 200)


@workbench_view
def rate(request):
    """月探访率 of a region the caller reads reports for: totals with 未分配 and 不同意探访 beside them,
    child regions, categories, and a list (尚未探访, 未分配探访人员 or 不同意探访) a page at a time."""
    allowed = report_regions(request.user)
    region = region_asked_for(request, "visit_rate", allowed)
    form = MonthForm(request.GET)
    parent = region.parent if region.parent_id and may_view_rate(request.user, region.parent) else None
    context = {"nav": "reports", "region": region, "parent": parent, "form": form}
    if not form.is_valid():
        return render(request, "workflows/visits/rate.html", context, status=400)
    report = visit_rate(region, form.cleaned_data["month"] or this_month())
    audit.record(request, "view", region, report="visit_rate", month=f"{report.month:%Y-%m}")
    kind = request.GET.get("list") if request.GET.get("list") in LIST_KINDS else "not_visited"
    after = request.GET.get("after", "")
    # Names are listed from the township down: above it the list is a drill-down, not a scan of
    # a county's or the province's register sorted by name on every visit to the page.
    named = region.level in NAMED_LIST_LEVELS
    elders, next_after = (elders_listed(region, report.month, kind, int(after) if after.isdigit() else None)
                          if named else ([], None))
    counts = {"not_visited": report.total.not_visited, "unassigned": report.total.unassigned,
              "declined": report.total.declined}
    lists = [(key, label, counts[key]) for key, label in LIST_KINDS.items()]
    return render(request, "workflows/visits/rate.html", {
        **context, "report": report, "kind": kind, "kind_label": LIST_KINDS[kind], "lists": lists,
        "elders": elders, "next_after": next_after, "paged": after.isdigit(), "named": named})


NAMED_LIST_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)

RATE_EXPORT_COLUMNS = ["范围", "名称", "应探访", "已探访", "探访率（%）", "未分配探访人员", "不同意探访", "逾期未访"]


@workbench_view
def rate_export(request):
    """The rate page's numbers as CSV: the region, its child regions and the categories."""
    region = region_asked_for(request, "visit_rate")
    form = MonthForm(request.GET)
    if not form.is_valid():
        return render(request, "workflows/visits/rate.html", {"nav": "reports", "region": region, "form": form},
                      status=400)
    report = visit_rate(region, form.cleaned_data["month"] or this_month())
    response = _csv_response(f"月探访率-{region.name}-{report.month:%Y-%m}.csv")
    writer = csv.writer(response)
    writer.writerow(RATE_EXPORT_COLUMNS)
    lines = [("合计", report.total)] + [("下级区域", line) for line in report.by_child] + [
        ("对象类别", line) for line in report.by_category]
    for scope, line in lines:
        writer.writerow([scope, line.label, line.due, line.visited, "" if line.rate is None else line.rate,
                         line.unassigned, line.declined, line.overdue if report.overdue_counted else ""])
    audit.record(request, "export", region, report="visit_rate", month=f"{report.month:%Y-%m}")
    return response


urlpatterns = [
    path("<dbid:pk>/", visit_task, name="visit_task"),
    path("escalations/<dbid:pk>/", visit_escalation, name="visit_escalation"),
    path("rate/", rate, name="visit_rate"),
    path("rate/export.csv", rate_export, name="visit_rate_export"),
]
