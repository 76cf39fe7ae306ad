"""Whose task is it: the workbench's task inbox (我的待办) and every permission check on a task.

Viewflow's transitions check state, not permission (STACK-NOTES), and its inbox queries need a
model-wide permission that would open every township's cases. So the rules live here, on the
columns of ``CaseTask``:

- a task with an owner is that owner's alone; officers holding ``roles.reassign_work`` over the
  task's region may give it to someone else;
- an unowned task may be claimed by holders of its ``owner_permission`` over its region, or,
  when it names a department, by that department's staff whose own region covers it.

Views call ``get_task_or_404`` (404 for anything the caller has no business seeing), then
``claim`` / ``unassign`` / ``complete`` / ``reassign``, which check again and drive Viewflow's
activation API; each first locks the task's case, so that of two people acting on one task at
once the second is refused with ``TaskTaken`` (该事项已被他人办理). ``eligible_owners`` says who
may be given a task: whoever could claim it, or for a task that nobody claims (a visit, given
straight to its visitor) the visitors of its township.
"""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, Q, Value, When
from django.db.models import Case as Cases
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from viewflow.workflow.models import Process
from viewflow.workflow.status import STATUS

from roles.access import departments_handled_by, elders_visible_to, regions_with, relation_to
from roles.models import Department, Region, RegionLevel, RoleKind

from .models import OPEN_TASK_STATUSES, Case, CaseTask
from .nodes import CLAIM_PERMISSIONS
from .schedule import overdue_task_filter

REASSIGN_PERMISSION = "roles.reassign_work"
TAKEN = _("该事项已被他人办理。")
DEPARTMENT_PERMISSION = "roles.handle_referrals"


def _under(regions):
    paths = [region.path for region in regions]
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(region__path__startswith=path) for path in paths))


def claimable_scope(user):
    """A Q over ``CaseTask`` for the unowned tasks ``user`` may claim."""
    return Q(status=STATUS.NEW, owner__isnull=True) & _claim_scope(user)


def _claim_scope(user):
    """A Q over ``CaseTask`` for the tasks ``user`` could claim were they open and unowned."""
    scope = Q(pk__in=[])
    for permission in sorted(CLAIM_PERMISSIONS):
        scope |= Q(owner_permission=permission, department__isnull=True) & _under(regions_with(user, permission))
    departments = departments_handled_by(user)
    profile = getattr(user, "staff_profile", None)
    if departments and profile is not None and profile.region_id:
        scope |= Q(department__in=departments) & _under([profile.region])
    return scope


def reassign_scope(user):
    """A Q over ``CaseTask`` for the open tasks ``user`` may hand to someone else."""
    return Q(status__in=[STATUS.NEW, STATUS.ASSIGNED]) & _under(regions_with(user, REASSIGN_PERMISSION))


def _listed(scope):
    """Open tasks in ``scope``: emergencies, then overdue ones, then by due date, with what a list shows."""
    now = timezone.now()
    return (CaseTask.objects.open().filter(scope)
            .annotate(overdue=Cases(When(overdue_task_filter(now), then=Value(True)), default=Value(False),
                                    output_field=BooleanField()))
            .select_related("process__case__elder", "region__parent", "department", "owner")
            .order_by("-urgent", "-overdue", "due_at", "created"))


def inbox(user):
    """The caller's open tasks and those they may claim: emergencies, overdue, then by due date."""
    if not getattr(user, "is_authenticated", False):
        return CaseTask.objects.none()
    return _listed(Q(owner=user) | claimable_scope(user))


def own_tasks(user):
    """The open tasks ``user`` holds (the 我的 tab)."""
    return _listed(Q(owner=user)) if getattr(user, "is_authenticated", False) else CaseTask.objects.none()


def claimable_tasks(user):
    """The unowned tasks ``user`` may claim (the 可认领 tab)."""
    return _listed(claimable_scope(user)) if getattr(user, "is_authenticated", False) else CaseTask.objects.none()


def may_reassign_any(user):
    """Whether ``user`` reassigns work anywhere (officers: the 辖区全部 tab and 改派)."""
    return bool(regions_with(user, REASSIGN_PERMISSION))


def region_tasks(user):
    """Every open task ``user`` may reassign (the 辖区全部 tab of officers)."""
    return _listed(reassign_scope(user)) if getattr(user, "is_authenticated", False) else CaseTask.objects.none()


def open_count(user):
    """How many open tasks ``user`` holds or may claim (the number in the menu)."""
    return inbox(user).count()


def may_claim(user, task):
    return CaseTask.objects.filter(pk=task.pk).filter(claimable_scope(user)).exists()


def claimable_among(user, tasks):
    """The pks of those ``tasks`` that ``user`` may claim (one query for a page of tasks)."""
    pks = [task.pk for task in tasks]
    return set(CaseTask.objects.filter(pk__in=pks).filter(claimable_scope(user)).values_list("pk", flat=True))


def may_work_on(user, task):
    return task.owner_id == user.pk and task.status in (STATUS.ASSIGNED, STATUS.STARTED)


def may_reassign(user, task):
    return CaseTask.objects.filter(pk=task.pk).filter(reassign_scope(user)).exists()


def may_unassign(user, task):
    """The owner may hand a claimed task back, if there is a pool to return it to."""
    has_pool = bool(task.owner_permission) or task.department_id is not None
    return has_pool and task.owner_id == user.pk and task.status == STATUS.ASSIGNED


def _region_codes(region):
    return [code for code in region.path.split("/") if code]


def _granted(permission, model, pks):
    """Q over users holding the object ``permission`` ("app.codename") on a ``model`` row in ``pks``."""
    app_label, codename = permission.split(".", 1)
    grants = UserObjectPermission.objects.filter(
        permission__codename=codename, permission__content_type__app_label=app_label,
        content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in pks])
    return Q(pk__in=grants.values("user_id"))


def eligible_owners(task):
    """The active users ``task`` may be given to: those who could claim it, else (a task given
    straight to one person, such as a visit) the visitors placed in the task's township."""
    users = get_user_model().objects.filter(is_active=True)
    if task.region is None:
        return users.none()
    codes = _region_codes(task.region)
    if task.department_id is not None:
        eligible = (_granted(DEPARTMENT_PERMISSION, Department, [task.department_id])
                    & Q(staff_profile__region__code__in=codes))
    elif task.owner_permission:
        eligible = _granted(task.owner_permission, Region, Region.objects.filter(code__in=codes).values_list(
            "pk", flat=True))
    else:
        township = task.region.ancestor_of_level(RegionLevel.TOWNSHIP)
        if township is None:
            return users.none()
        eligible = Q(staff_profile__role__kind=RoleKind.VISITOR, staff_profile__region__path__startswith=township.path)
    return users.filter(eligible).distinct().order_by("first_name", "username")


def may_hold(user, task):
    """Whether ``task`` may be given to ``user`` (see ``eligible_owners``)."""
    return eligible_owners(task).filter(pk=user.pk).exists()


def get_task_or_404(user, pk):
    """The task ``pk`` if ``user`` owns it, may claim it or may reassign it; else 404, never 403.

    A task ``user`` could have claimed but someone else took or finished first raises ``TaskTaken``
    (该事项已被他人办理): the workbench sends them to their task list with that message."""
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit():
        raise Http404
    visible = Q(owner=user) | claimable_scope(user) | reassign_scope(user)
    task = (CaseTask.objects.filter(pk=pk).filter(visible)
            .select_related("process__case__elder", "region__parent", "department", "owner").first())
    if task is None:
        if CaseTask.objects.filter(pk=pk).filter(_claim_scope(user)).exists():
            # One the user could have claimed, done or taken by someone else meanwhile: say so.
            raise TaskTaken(TAKEN)
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


class TaskTaken(PermissionDenied):
    """Someone else claimed or did ``task`` first (two people acting on it at once); the message says so."""


def _lock(task):
    """Wait for, and hold until the transaction ends, the lock on ``task``'s case; then reload ``task``.

    Of two people acting on one task at once, the second waits here until the first has committed
    and then sees the task as the first left it, so the checks that follow refuse it with
    ``TaskTaken`` instead of a failed transition. (Viewflow's own lock on the row, taken without
    waiting, is then already ours. On SQLite the IMMEDIATE transactions of the settings queue
    writers the same way.)
    """
    list(Process.objects.select_for_update().filter(pk=task.process_id).values_list("pk", flat=True))
    task.refresh_from_db()


def _refuse(user, task):
    """Raise ``TaskTaken`` when ``task`` was closed or taken meanwhile, else ``PermissionDenied``."""
    if task.status not in OPEN_TASK_STATUSES:
        raise TaskTaken(_("该事项已办理完毕。") if task.owner_id == user.pk else TAKEN)
    if task.owner_id is not None and task.owner_id != user.pk:
        raise TaskTaken(TAKEN)
    raise PermissionDenied


@transaction.atomic
def claim(user, task):
    _lock(task)
    if task.owner_id == user.pk and task.status == STATUS.ASSIGNED:
        return task  # claimed twice (a double tap): already theirs
    if not may_claim(user, task):
        _refuse(user, task)
    with task.activation() as activation:
        activation.assign(user)
    return task


@transaction.atomic
def reassign(officer, task, new_owner):
    """Give ``task`` to ``new_owner``; the officer needs ``roles.reassign_work`` over the task's region."""
    _lock(task)
    if task.status not in OPEN_TASK_STATUSES:
        _refuse(officer, task)  # done meanwhile
    if not may_reassign(officer, task) or not may_hold(new_owner, task):
        raise PermissionDenied
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(new_owner)
        else:
            activation.reassign(new_owner)
    return task


@transaction.atomic
def unassign(user, task):
    """Hand a claimed task back to the pool it was claimed from."""
    _lock(task)
    if task.status not in OPEN_TASK_STATUSES:
        _refuse(user, task)  # done meanwhile
    if not may_unassign(user, task):
        raise PermissionDenied
    with task.activation() as activation:
        activation.unassign()
    return task


@transaction.atomic
def complete(user, task, work=None):
    """Run ``work(activation)`` (saving what the task produced) and finish the task as ``user``."""
    _lock(task)
    if not may_work_on(user, task):
        _refuse(user, task)
    with task.activation() as activation:
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        if work is not None:
            work(activation)
        activation.execute()
    return task


def may_act(user, task):
    """Whether ``user`` may do ``task`` now: they hold it, or it is free and they may claim it."""
    return may_work_on(user, task) or may_claim(user, task)


@transaction.atomic
def claim_and_complete(user, task, work=None):
    """One tap on a task screen: claim ``task`` for ``user`` if it is free, then ``complete`` it."""
    _lock(task)
    if task.status == STATUS.NEW and task.owner_id is None:
        claim(user, task)
    return complete(user, task, work)


def cases_seen_by(user, elder):
    """The cases of ``elder`` that ``user`` may follow, newest first (the elder page's case history).

    Whoever reaches the elder by region or assignment sees every case; department staff, who reach
    the elder only through a referral, see the cases with a task of their department.
    """
    cases = Case.objects.filter(elder=elder).select_related("created_by").order_by("-created", "-pk")
    relation = relation_to(user, elder)
    if relation in ("region", "assigned"):
        return cases
    if relation == "referral":
        departments = departments_handled_by(user)
        return cases.filter(pk__in=CaseTask.objects.filter(department__in=departments).values("process_id"))
    return cases.none()
