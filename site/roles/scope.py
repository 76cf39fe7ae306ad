"""Which part of the region tree a user works in. Fails closed: no placement, no region."""


def profile_of(user):
    """The StaffProfile of ``user`` with its role and region, fetched once (one query) and kept on the user.

    The scope checks and the audit trail both read them on most requests; kept in the reverse
    one-to-one cache, so ``user.staff_profile`` afterwards costs nothing either. None when unplaced.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    from django.contrib.auth import get_user_model

    from .models import StaffProfile

    relation = get_user_model().staff_profile.related
    if not relation.is_cached(user):
        profile = StaffProfile.objects.select_related("role", "region").filter(user=user).first()
        relation.set_cached_value(user, profile)
    return relation.get_cached_value(user)


def staff_region(user):
    """The region a staff account is placed in, or None (anonymous, inactive or unplaced)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = profile_of(user)
    return profile.region if profile else None


def actor_summary(user):
    """(role name, region name) of an account for logs and audit records; blanks when unknown.

    The role is the account's StaffProfile role once roles are data (roles issue); until then the
    names of its groups stand in.
    """
    if not getattr(user, "is_authenticated", False):
        return "", ""
    profile = profile_of(user)
    role = getattr(profile, "role", None) if profile else None
    role_name = role.name if role else "、".join(user.groups.order_by("name").values_list("name", flat=True))
    if user.is_superuser and not role_name:
        role_name = "超级管理员"
    return role_name, profile.region.name if profile else ""
