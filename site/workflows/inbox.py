"""Whose task is it: the workbench's task inbox (我的待办) and every permission check on a task.

Viewflow's transitions check state, not permission (STACK-NOTES), and its inbox queries need a
model-wide permission that would open every township's cases. So the rules live here, on the
columns of ``CaseTask``:

- a task with an owner is that owner's alone; officers holding ``roles.reassign_work`` over the
  task's region may give it to someone else;
- an unowned task may be claimed by holders of its ``owner_permission`` over its region, or,
  when it names a department, by that department's staff whose own region covers it.

Views call ``get_task_or_404`` (404 for anything the caller has no business seeing), then
``claim`` / ``complete`` / ``reassign``, which check again and drive Viewflow's activation API.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, Q, Value, When
from django.db.models import Case as Cases
from django.http import Http404
from django.utils import timezone
from viewflow.workflow.status import STATUS

from roles.access import departments_handled_by, elders_visible_to, regions_with

from .models import CaseTask

REASSIGN_PERMISSION = "roles.reassign_work"


def _under(regions):
    paths = [region.path for region in regions]
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(region__path__startswith=path) for path in paths))


def _claim_permissions():
    return CaseTask.objects.open().filter(owner__isnull=True).exclude(owner_permission__isnull=True).exclude(
        owner_permission="").values_list("owner_permission", flat=True).distinct()


def claimable_scope(user):
    """A Q over ``CaseTask`` for the unowned tasks ``user`` may claim."""
    scope = Q(pk__in=[])
    for permission in _claim_permissions():
        scope |= Q(owner_permission=permission, department__isnull=True) & _under(regions_with(user, permission))
    departments = departments_handled_by(user)
    profile = getattr(user, "staff_profile", None)
    if departments and profile is not None and profile.region_id:
        scope |= Q(department__in=departments) & _under([profile.region])
    return Q(status=STATUS.NEW, owner__isnull=True) & scope


def reassign_scope(user):
    """A Q over ``CaseTask`` for the open tasks ``user`` may hand to someone else."""
    return Q(status__in=[STATUS.NEW, STATUS.ASSIGNED]) & _under(regions_with(user, REASSIGN_PERMISSION))


def inbox(user):
    """The caller's open tasks and those they may claim: overdue first, then by due date."""
    if not getattr(user, "is_authenticated", False):
        return CaseTask.objects.none()
    now = timezone.now()
    return (CaseTask.objects.open().filter(Q(owner=user) | claimable_scope(user))
            .annotate(overdue=Cases(When(due_at__lt=now, then=Value(True)), default=Value(False),
                                    output_field=BooleanField()))
            .select_related("process", "region", "department", "owner")
            .order_by("-overdue", "due_at", "created"))


def open_count(user):
    """How many open tasks ``user`` holds or may claim (the number in the menu)."""
    return inbox(user).count()


def may_claim(user, task):
    return CaseTask.objects.filter(pk=task.pk).filter(claimable_scope(user)).exists()


def may_work_on(user, task):
    return task.owner_id == user.pk and task.status in (STATUS.ASSIGNED, STATUS.STARTED)


def may_reassign(user, task):
    return CaseTask.objects.filter(pk=task.pk).filter(reassign_scope(user)).exists()


def get_task_or_404(user, pk):
    """The task ``pk`` if ``user`` owns it, may claim it or may reassign it; else 404, never 403."""
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit():
        raise Http404
    visible = Q(owner=user) | claimable_scope(user) | reassign_scope(user)
    task = CaseTask.objects.filter(pk=pk).filter(visible).select_related("process", "region").first()
    if task is None:
        raise Http404
    return task


def get_task_or_403(user, pk):
    """As ``get_task_or_404``, but 403 when ``user`` may open the task's elder and so knows of the
    case: a village worker opening the township's approval is refused, not told it doesn't exist."""
    try:
        return get_task_or_404(user, pk)
    except Http404:
        if str(pk).isdigit() and elders_visible_to(user).filter(cases__pk=CaseTask.objects.filter(
                pk=pk).values("process_id")[:1]).exists():
            raise PermissionDenied from None
        raise


@transaction.atomic
def claim(user, task):
    if not may_claim(user, task):
        raise PermissionDenied
    with task.activation() as activation:
        activation.assign(user)
    return task


@transaction.atomic
def reassign(officer, task, new_owner):
    """Give ``task`` to ``new_owner``; the officer needs ``roles.reassign_work`` over the task's region."""
    if not may_reassign(officer, task):
        raise PermissionDenied
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(new_owner)
        else:
            activation.reassign(new_owner)
    return task


@transaction.atomic
def complete(user, task, work=None):
    """Run ``work(activation)`` (saving what the task produced) and finish the task as ``user``."""
    if not may_work_on(user, task):
        raise PermissionDenied
    with task.activation() as activation:
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        if work is not None:
            work(activation)
        activation.execute()
    return task


def history(elder):
    """Every task of every case of ``elder``, oldest first: the case history on the elder's page."""
    return (CaseTask.objects.filter(process__case__elder=elder)
            .select_related("owner", "process").order_by("created", "pk"))
