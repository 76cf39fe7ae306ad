"""Workbench screens of the census and of visitor assignment (/workbench/cases/census/).

Each task screen opens its task through ``inbox.get_task_or_403`` (404 outside the caller's scope
or at another step of the case, 403 for someone who knows the elder but has no business with the
task). Opening shows the form; submitting it claims the task for the caller if it is still free
and they may claim it, then does the step (``workflows.census``). Everything is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

import audit
from roles.access import Action, relation_to
from workbench.access import with_elder, workbench_view
from workbench.presenters import ElderFile
from workflows import census, inbox
from workflows.assignment import assign_visitor
from workflows.census_forms import ApproveForm, AssignForm, VerifyForm
from workflows.flows import CensusFlow
from workflows.models import CaseTask, CensusDecision


def _task(request, pk, node):
    try:
        task = inbox.get_task_or_403(request.user, pk)
    except PermissionDenied:
        audit.record(request, "denied", CaseTask(pk=pk), outcome="denied", attempted=node.name)
        raise
    if task.flow_task != node:
        raise Http404
    return task


def _submit(request, task, form, step):
    """Run ``step()`` for a valid form: True when done, False when the form shows the step's errors."""
    if not form.is_valid():
        return False
    try:
        step()
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    except PermissionDenied:
        audit.record(request, "denied", task, outcome="denied", attempted=task.flow_task.name)
        raise
    audit.record(request, "change", task, event=f"census_{task.flow_task.name}")
    return True


def _render(request, template, task, elder, form):
    if request.method == "GET":
        audit.record(request, "view", elder, task=task.pk)
    user = request.user
    return render(request, f"workflows/census/{template}", {
        "nav": "tasks", "task": task, "elder": elder, "form": form,
        "file": ElderFile(elder, relation_to(user, elder)),
        "may_act": inbox.may_act(user, task),
    }, status=400 if request.method == "POST" else 200)


@workbench_view
def verify(request, pk):
    task = _task(request, pk, CensusFlow.verify)
    elder = task.process.coerced.elder
    form = VerifyForm(request.POST or None, elder=elder)
    if request.method == "POST" and _submit(request, task, form, lambda: census.verify(
            request.user, task, form.consent(), form.cleaned_data["notes"])):
        messages.success(request, f"已完成{elder.name}的入户核实，等待乡镇(街道)审核。")
        return redirect("workbench:elder_detail", pk=elder.pk)
    return _render(request, "verify.html", task, elder, form)


@workbench_view
def approve(request, pk):
    task = _task(request, pk, CensusFlow.approve)
    elder = task.process.coerced.elder
    form = ApproveForm(request.POST or None, elder=elder)
    if request.method == "POST" and _submit(request, task, form, lambda: census.decide(
            request.user, task, form.cleaned_data["decision"], form.cleaned_data["reason"],
            form.cleaned_data["merged_into"])):
        decision = CensusDecision(form.cleaned_data["decision"])
        messages.success(request, f"{elder.name}：{decision.label}。")
        following = CaseTask.objects.open().filter(process=task.process, flow_task=CensusFlow.assign).first()
        if following is not None:
            return redirect("workflows:census_assign", pk=following.pk)
        return redirect("workbench:elder_detail", pk=elder.pk)
    return _render(request, "approve.html", task, elder, form)


@workbench_view
def assign(request, pk):
    task = _task(request, pk, CensusFlow.assign)
    elder = task.process.coerced.elder
    form = AssignForm(request.POST or None, elder=elder)
    if request.method == "POST" and _submit(request, task, form, lambda: census.assign(
            request.user, task, form.cleaned_data["visitor"], form.first_contact(),
            form.cleaned_data["visits_per_month"])):
        messages.success(request, f"已为{elder.name}分配探访人员。")
        return redirect("workbench:elder_detail", pk=elder.pk)
    return _render(request, "assign.html", task, elder, form)


@with_elder(Action.ASSIGN)
def reassign(request, elder):
    """更换探访人员 at any time, for officers holding ``roles.assign_visitors`` over the elder."""
    form = AssignForm(request.POST or None, elder=elder)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = assign_visitor(elder, form.cleaned_data["visitor"], request.user, form.first_contact(),
                                        form.cleaned_data["visits_per_month"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            audit.record(request, "change", elder, event="reassign_visitor", assignment=assignment.pk)
            visitor = assignment.visitor.get_full_name() or assignment.visitor.get_username()
            messages.success(request, f"已将{elder.name}的探访人员更换为{visitor}。")
            return redirect("workbench:elder_detail", pk=elder.pk)
    elif request.method == "GET":
        audit.record(request, "view", elder, event="reassign_visitor")
    return render(request, "workflows/census/reassign.html", {
        "nav": "elders", "elder": elder, "form": form, "current": elder.assignments.current().first()},
        status=400 if request.method == "POST" else 200)


urlpatterns = [
    path("tasks/<dbid:pk>/verify/", verify, name="census_verify"),
    path("tasks/<dbid:pk>/approve/", approve, name="census_approve"),
    path("tasks/<dbid:pk>/assign/", assign, name="census_assign"),
    path("elders/<dbid:pk>/visitor/", reassign, name="census_reassign"),
]
