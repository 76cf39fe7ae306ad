"""Workbench screens of the task inbox (我的待办): the lists, one task's page, claim, hand back, reassign.

Every task comes through ``task_for`` (``inbox.get_task_or_404``: 404 outside scope, audited as
denied); every change is a POST (CSRF) that the ``inbox`` service checks again, and is audited.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

import audit
from config.choice_prompts import PROMPT
from roles.access import Action, departments_handled_by, elders_visible_to, may
from workbench.access import not_found, workbench_view
from workbench.offline import conflicts_for
from workflows import inbox
from workflows.models import OPEN_TASK_STATUSES, CareService, CaseTask
from workflows.presenters import case_entries, person

TASKS_PER_PAGE = 30
# ?tab= -> (label, the tasks listed); 辖区全部 only for officers who reassign work.
TABS = {"": ("全部待办", inbox.inbox), "mine": ("我的", inbox.own_tasks),
        "claimable": ("可认领", inbox.claimable_tasks), "region": ("辖区全部", inbox.region_tasks)}


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(label="改派给", queryset=None, empty_label=PROMPT,
                                   error_messages={"required": "请选择改派给谁。",
                                                   "invalid_choice": "只能改派给有权办理此事项的人员。"})

    def __init__(self, task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = inbox.eligible_owners(task).exclude(pk=task.owner_id)
        self.fields["owner"].label_from_instance = person


def task_for(request, pk):
    """The task ``pk`` if the caller may see it; 404 otherwise, an existing task's denial audited."""
    try:
        return inbox.get_task_or_404(request.user, pk)
    except Http404:
        not_found(request, CaseTask, pk)


def _screen_url(user, task, can_claim):
    """Where ``task`` is done (the node's screen) for its owner or someone who may claim it (the screens
    claim a free task when its form is submitted: one tap on a phone); None for anyone else."""
    screen_url = getattr(task.flow_task, "screen_url", None)
    if screen_url and (can_claim or inbox.may_work_on(user, task)):
        return screen_url(task)
    return None


def _rows(user, tasks):
    """Each task with what the list needs: may the elder's name link, may it be claimed, its screen."""
    tasks = list(tasks)
    elder_ids = {task.process.case.elder_id for task in tasks}
    visible = set(elders_visible_to(user).filter(pk__in=elder_ids).values_list("pk", flat=True))
    claimable = inbox.claimable_among(user, tasks)
    return [{"task": task, "elder": task.process.case.elder, "elder_visible": task.process.case.elder_id in visible,
             "can_claim": task.pk in claimable, "screen_url": _screen_url(user, task, task.pk in claimable)}
            for task in tasks]


@workbench_view
def task_list(request):
    tab = request.GET.get("tab", "")
    if tab not in TABS or (tab == "region" and not inbox.may_reassign_any(request.user)):
        tab = ""
    page = Paginator(TABS[tab][1](request.user), TASKS_PER_PAGE).get_page(request.GET.get("page"))
    audit.record(request, "list", CaseTask, tab=tab or "all", page=page.number, rows=len(page.object_list))
    tabs = [(key, label) for key, (label, _) in TABS.items() if key != "region" or inbox.may_reassign_any(request.user)]
    return render(request, "workflows/inbox/list.html", {
        "nav": "tasks", "tab": tab, "tabs": tabs, "page": page, "rows": _rows(request.user, page.object_list),
        # Visits filled offline for tasks that were reassigned, cancelled or done meanwhile: for staff to resolve.
        "offline_conflicts": list(conflicts_for(request.user)) if may(request.user, Action.EDIT) else [],
    })


def _detail(request, task, reassign_form=None, status=200):
    user = request.user
    case = task.process.case
    can_claim = inbox.may_claim(user, task)
    return render(request, "workflows/inbox/detail.html", {
        "nav": "tasks", "task": task, "case": case, "entry": case_entries([case])[0],
        "elder_visible": elders_visible_to(user).filter(pk=case.elder_id).exists(),
        "screen_url": _screen_url(user, task, can_claim),
        "can_claim": can_claim,
        "can_unassign": inbox.may_unassign(user, task),
        "reassign_form": (reassign_form or ReassignForm(task)) if inbox.may_reassign(user, task) else None,
    }, status=status)


def _closed_detail(request, task):
    """A done task of an elder the caller no longer reaches (a department after its referral closed):
    what they did themselves, the services their departments recorded, and nothing of the elder."""
    departments = departments_handled_by(request.user)
    services = CareService.objects.filter(referral__case=task.process.case, referral__department__in=departments)
    return render(request, "workflows/inbox/closed.html", {
        "nav": "tasks", "task": task, "for_department": bool(departments), "services": services.order_by("number")})


@workbench_view
def task_detail(request, pk):
    """One task's page; once the task is done, someone who no longer reaches its elder sees only
    ``_closed_detail`` (a department keeps no view of the elder after its referral is closed)."""
    task = task_for(request, pk)
    audit.record(request, "view", task)
    if task.status not in OPEN_TASK_STATUSES and not elders_visible_to(request.user).filter(
            pk=task.process.case.elder_id).exists():
        return _closed_detail(request, task)
    return _detail(request, task)


def _change(request, task, step, change, **detail):
    """Run ``change()``; a refusal is audited as denied and answered 403."""
    try:
        change()
    except PermissionDenied:
        audit.record(request, "denied", task, outcome="denied", attempted=step)
        raise
    audit.record(request, "change", task, step=step, **detail)


@require_POST
@workbench_view
def task_claim(request, pk):
    task = task_for(request, pk)
    if task.owner_id is not None and task.owner_id != request.user.pk:
        messages.error(request, "该事项已被他人认领。")
        return redirect("workflows:task_detail", task.pk)
    _change(request, task, "claim", lambda: inbox.claim(request.user, task))
    messages.success(request, "已认领，请及时办理。")
    return redirect("workflows:task_detail", task.pk)


@require_POST
@workbench_view
def task_unassign(request, pk):
    task = task_for(request, pk)
    _change(request, task, "unassign", lambda: inbox.unassign(request.user, task))
    messages.success(request, "已退回认领池。")
    return redirect("workflows:inbox")


@require_POST
@workbench_view
def task_reassign(request, pk):
    task = task_for(request, pk)
    if not inbox.may_reassign(request.user, task):
        audit.record(request, "denied", task, outcome="denied", attempted="reassign")
        raise PermissionDenied
    form = ReassignForm(task, request.POST)
    if not form.is_valid():
        return _detail(request, task, reassign_form=form, status=400)
    owner = form.cleaned_data["owner"]
    _change(request, task, "reassign", lambda: inbox.reassign(request.user, task, owner), to=owner.get_username())
    messages.success(request, f"已改派给{person(owner)}。")
    return redirect("workflows:task_detail", task.pk)


urlpatterns = [
    path("", task_list, name="inbox"),
    path("tasks/<dbid:pk>/", task_detail, name="task_detail"),
    path("tasks/<dbid:pk>/claim/", task_claim, name="task_claim"),
    path("tasks/<dbid:pk>/unassign/", task_unassign, name="task_unassign"),
    path("tasks/<dbid:pk>/reassign/", task_reassign, name="task_reassign"),
]
