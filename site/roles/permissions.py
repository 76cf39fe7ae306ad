"""Keeps django-guardian object permissions in step with placements, roles and assignments.

- A StaffProfile grants its role's ``region_permissions`` on its region object and its
  ``department_permissions`` on its department, and puts the user in the role's group.
- Changing a role's permission sets re-grants them to every holder.
- A current registry Assignment grants ``registry.visit_elder`` on that elder to the visitor;
  ending or deleting it takes the permission back (reassigning moves it).

No region-scoped role holds a model-wide permission on elders: scope lives only here.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from .access import permissions_changed
from .models import SEPARATED_ADMIN_KINDS, Department, Region, Role, StaffProfile

VISIT_PERMISSION = "registry.visit_elder"


def sync_placement_permissions(user):
    """Re-grant everything a user's placement gives, from scratch."""
    permissions_changed()
    placement_types = ContentType.objects.get_for_models(Region, Department).values()
    UserObjectPermission.objects.filter(user=user, content_type__in=placement_types).delete()
    user.groups.remove(*Group.objects.filter(role__isnull=False))
    profile = StaffProfile.objects.filter(user=user).select_related("role").first()
    if profile is None or profile.role is None:
        return
    user.groups.add(profile.role.group)
    grants = [(permission, profile.region) for permission in profile.role.region_permissions.all()]
    if profile.department_id:
        grants += [(permission, profile.department) for permission in profile.role.department_permissions.all()]
    UserObjectPermission.objects.bulk_create([
        UserObjectPermission(user=user, permission=permission, object_pk=str(target.pk),
                             content_type=ContentType.objects.get_for_model(target))
        for permission, target in grants
    ])


def sync_all():
    """Re-grant every placement and assignment permission (after a restore or a bulk import)."""
    from django.contrib.auth import get_user_model

    from registry.models import Assignment

    users = get_user_model().objects.filter(staff_profile__isnull=False)
    for user in users:
        sync_placement_permissions(user)
    visit_type = ContentType.objects.get_for_model(Assignment._meta.get_field("elder").related_model)
    UserObjectPermission.objects.filter(content_type=visit_type, permission__codename="visit_elder").delete()
    current = Assignment.objects.current().select_related("visitor", "elder")
    for assignment in current:
        assign_perm(VISIT_PERMISSION, assignment.visitor, assignment.elder)
    return users.count(), current.count()


def _profile_saved(sender, instance, **kwargs):
    sync_placement_permissions(instance.user)


def _role_permissions_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Role):
        for profile in instance.profiles.select_related("user"):
            sync_placement_permissions(profile.user)


def _assignment_saved(sender, instance, **kwargs):
    permissions_changed()
    if instance.end_date is None:
        assign_perm(VISIT_PERMISSION, instance.visitor, instance.elder)
    else:
        _revoke_visit(instance)


def _revoke_visit(assignment):
    permissions_changed()
    still_current = type(assignment).objects.current().filter(
        elder=assignment.elder_id, visitor=assignment.visitor_id).exclude(pk=assignment.pk)
    if not still_current.exists():
        remove_perm(VISIT_PERMISSION, assignment.visitor, assignment.elder)


def _assignment_deleted(sender, instance, **kwargs):
    _revoke_visit(instance)


def _separated_admin_groups(sender, instance, action, pk_set, reverse, **kwargs):
    """三权分立: refuse to give one account two of system, security and audit administration."""
    if action != "pre_add" or reverse:
        return
    kinds = set(Role.objects.filter(group__in=instance.groups.all()).values_list("kind", flat=True))
    kinds |= set(Role.objects.filter(group__pk__in=pk_set).values_list("kind", flat=True))
    if len(kinds & SEPARATED_ADMIN_KINDS) > 1:
        raise ValidationError(_("系统管理员、安全管理员、审计管理员三权分立，同一账号不能兼任。"))


def connect():
    from django.contrib.auth import get_user_model

    post_save.connect(_profile_saved, sender=StaffProfile, dispatch_uid="roles.profile_saved")
    post_delete.connect(_profile_saved, sender=StaffProfile, dispatch_uid="roles.profile_deleted")
    for field in ("region_permissions", "department_permissions"):
        m2m_changed.connect(_role_permissions_changed, sender=getattr(Role, field).through,
                            dispatch_uid=f"roles.role_{field}_changed")
    post_save.connect(_assignment_saved, sender="registry.Assignment", dispatch_uid="roles.assignment_saved")
    post_delete.connect(_assignment_deleted, sender="registry.Assignment", dispatch_uid="roles.assignment_deleted")
    m2m_changed.connect(_separated_admin_groups, sender=get_user_model().groups.through,
                        dispatch_uid="roles.separated_admin_groups")
