"""Who visits an elder (方案 六(一)(二)): the visitor, the first contact and the visits a month.

``assign_visitor`` is the one way to give an elder a visitor, after the census and any time later:
it ends the current ``registry.Assignment`` and starts the next one (``roles.permissions`` moves
``registry.visit_elder`` with it), and hands the open tasks the old visitor held for the elder
to the new one. ``Assignment.visits_per_month``, when set, is read by the visit scheduler as the
elder's own frequency instead of the rules by category.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from audit.models import Action as AuditAction
from audit.signals import record_current
from registry.choices import ElderStatus
from registry.dates import china_today
from registry.models import Assignment
from roles.access import Action, can
from roles.models import RoleKind
from workflows.models import CaseTask

FIRST_CONTACT_FIELDS = ["first_contact_name", "first_contact_phone", "first_contact_relation", "first_contact_kind"]


def visitors_for(elder):
    """Active accounts placed with a visitor role in the elder's township or one of its villages."""
    township = elder.village.parent
    return (get_user_model().objects
            .filter(is_active=True, staff_profile__role__kind=RoleKind.VISITOR,
                    staff_profile__region__path__startswith=township.path)
            .select_related("staff_profile__region").order_by("first_name", "username"))


def update_elder_fields(elder, values):
    """Save ``values`` (field name -> value) on ``elder`` after the registry's own checks.

    Raises the ``ValidationError`` of ``Elder.full_clean`` (errors by field name) and saves nothing.
    """
    for name, value in values.items():
        setattr(elder, name, value)
    elder.full_clean()
    elder.save(update_fields=list(values))


def move_open_tasks(elder, old_visitor, new_visitor):
    """Hand ``new_visitor`` the open tasks about ``elder`` that ``old_visitor`` holds; returns them."""
    tasks = list(CaseTask.objects.open().filter(owner=old_visitor, process__case__elder=elder))
    for task in tasks:
        if task.status == STATUS.ASSIGNED:
            with task.activation() as activation:
                activation.reassign(new_visitor)
        else:  # started: Viewflow has no transition for it; the work goes on under the new owner
            task.owner = new_visitor
            task.save(update_fields=["owner"])
        record_current(AuditAction.CHANGE, task, event="move_task", from_user=old_visitor.pk, to_user=new_visitor.pk)
    return tasks


@transaction.atomic
def assign_visitor(elder, visitor, by, first_contact=None, visits_per_month=None):
    """Make ``visitor`` the elder's visitor from today, as decided by ``by`` (who needs
    ``roles.assign_visitors`` over the elder), optionally with a new first contact (the
    ``FIRST_CONTACT_FIELDS``) and an own number of visits a month. Returns the new Assignment.
    """
    if not can(by, Action.ASSIGN, elder):
        raise PermissionDenied
    if elder.status != ElderStatus.ACTIVE:
        raise ValidationError({NON_FIELD_ERRORS: _("只能为在册的老年人分配探访人员。")})
    if not visitors_for(elder).filter(pk=visitor.pk).exists():
        raise ValidationError({"visitor": _("请选择本乡镇(街道)的探访人员。")})
    if first_contact:
        update_elder_fields(elder, first_contact)
    current = Assignment.objects.select_for_update().current().filter(elder=elder).first()
    if current is not None:
        current.end_date = china_today()
        current.save(update_fields=["end_date"])
    assignment = Assignment(elder=elder, visitor=visitor, assigned_by=by, start_date=china_today(),
                            visits_per_month=visits_per_month)
    assignment.full_clean()
    assignment.save()
    if current is not None and current.visitor_id != visitor.pk:
        move_open_tasks(elder, current.visitor, visitor)
    return assignment
