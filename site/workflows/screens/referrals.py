"""Workbench screens of the referral and emergency flows (the task pk is in the URL).

Each screen fetches its task with ``inbox.get_task_or_404`` and answers 404 when the task is not
of its step (a step can't be skipped by editing the URL). Whoever may claim the task sees its
form, and submitting claims and completes it in one go (one tap on a phone); the owner completes
it; an officer who may only reassign it sees it read-only. Every view and change is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

import audit
from workbench.access import workbench_view
from workflows import inbox
from workflows.findings import findings
from workflows.flows import EmergencyFlow, ReferralFlow
from workflows.models import OPEN_TASK_STATUSES, CareService, Referral, SatisfactionReview
from workflows.models.routing import due_date_in
from workflows.referral_forms import CareServiceForm, DecisionForm, EmergencyForm, ReviewForm, RouteForm

TEMPLATE = "workflows/referrals/task.html"


def _open_task(request, pk, *nodes):
    """The open task ``pk`` of one of ``nodes`` that the caller may see; 404 otherwise."""
    task = inbox.get_task_or_404(request.user, pk)
    if task.flow_task not in nodes or task.status not in OPEN_TASK_STATUSES:
        raise Http404
    return task


def _render(request, task, form, status=200, **context):
    if context.get("referral") is not None:
        context["findings"] = findings(context["referral"])
    context.update({"nav": "tasks", "task": task, "elder": task.process.case.elder, "form": form,
                    "may_act": inbox.may_act(request.user, task), "title": task.flow_task.task_title,
                    "description": task.flow_task.task_description})
    return render(request, TEMPLATE, context, status=status)


def _referral_task(request, pk, *nodes):
    task = _open_task(request, pk, *nodes)
    return task, Referral.objects.current(task.process.case)


def _done(request, message):
    messages.success(request, message)
    return redirect("workflows:inbox")


def _handle(request, task, form, work, audited, **context):
    """GET: show ``form``; POST: validate, claim if needed, run ``work`` (which returns the message to
    show), audit and leave."""
    if request.method == "POST":
        if not inbox.may_act(request.user, task):
            audit.record(request, "denied", audited, outcome="denied", attempted=task.flow_task.name)
            raise PermissionDenied
        if form.is_valid():
            done = []
            inbox.claim_and_complete(request.user, task, lambda activation: done.append(work()))
            audit.record(request, "change", audited, event=task.flow_task.name)
            return _done(request, done[0])
        return _render(request, task, form, status=400, **context)
    audit.record(request, "view", audited, event=task.flow_task.name)
    return _render(request, task, form, **context)


@workbench_view
def referral_route(request, pk):
    task, previous = _referral_task(request, pk, ReferralFlow.assign, ReferralFlow.reroute)
    case = task.process.case
    flag = case.follow_up.flag
    source = previous or flag
    initial = {"need": previous.need if previous else flag.title, "detail": source.detail}
    form = RouteForm(request.POST or None, elder=case.elder, initial=initial)

    def work():
        data = form.cleaned_data
        Referral.objects.create(elder=case.elder, case=case, flag=flag, department=data["department"],
                                provider=data["provider"], need=data["need"], detail=data["detail"],
                                due_date=due_date_in(data["due_days"]), created_by=request.user)
        return "已转介，等待接收。"

    return _handle(request, task, form, work, case, history=case.referrals.all())


@workbench_view
def referral_accept(request, pk):
    task, referral = _referral_task(request, pk, ReferralFlow.accept)
    form = DecisionForm(request.POST or None)

    def work():
        if form.accepted:
            referral.accept(request.user)
            return "已接收转介，请在办理后记录关爱服务。"
        referral.reject(request.user, form.cleaned_data["reason"].strip())
        return "已退回乡镇（街道）重新分派。"

    return _handle(request, task, form, work, referral, referral=referral)


@workbench_view
def referral_service(request, pk):
    task, referral = _referral_task(request, pk, ReferralFlow.service)
    initial = {} if referral.to_provider else {"server_name": request.user.get_full_name()}
    form = CareServiceForm(request.POST or None, referral=referral, initial=initial)

    def work():
        service = CareService.record(referral, request.user, **form.cleaned_data)
        return f"已记录第{service.number}次关爱服务，等待满意度评价。"

    return _handle(request, task, form, work, referral, referral=referral)


@workbench_view
def referral_review(request, pk):
    task, referral = _referral_task(request, pk, ReferralFlow.review)
    service = referral.latest_service()
    try:
        SatisfactionReview.check_reviewer(request.user, service)
    except PermissionDenied:
        audit.record(request, "denied", referral, outcome="denied", attempted="review_own_service")
        raise
    form = ReviewForm(request.POST or None)

    def work():
        SatisfactionReview.check_reviewer(request.user, service)
        form.instance.service, form.instance.reviewed_by = service, request.user
        review = form.save()
        return "已记录满意度评价，转介办结。" if review.satisfied else "已记录“不满意”，转回重新开展关爱服务。"

    return _handle(request, task, form, work, referral, referral=referral, service=service)


@workbench_view
def emergency_handle(request, pk):
    task = _open_task(request, pk, EmergencyFlow.handle)
    case = task.process.case
    record = case.follow_up.flag.record
    form = EmergencyForm(request.POST or None, visit_date=record.visit_date)

    def work():
        form.instance.case, form.instance.record, form.instance.handled_by = case, record, request.user
        form.save()
        return "已记录紧急情况处置。"

    if request.method == "GET":
        audit.record(request, "view", case.elder, event="emergency", fields=["phone", "emergency_contact_phone"])
    return _handle(request, task, form, work, case, record=record,
                   flag=case.follow_up.flag, emergency=True)


urlpatterns = [
    path("<dbid:pk>/route/", referral_route, name="referral_route"),
    path("<dbid:pk>/accept/", referral_accept, name="referral_accept"),
    path("<dbid:pk>/service/", referral_service, name="referral_service"),
    path("<dbid:pk>/review/", referral_review, name="referral_review"),
    path("emergency/<dbid:pk>/", emergency_handle, name="emergency_handle"),
]
