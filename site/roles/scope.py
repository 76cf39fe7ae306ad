"""Which part of the region tree a user works in. Fails closed: no placement, no region."""


def staff_region(user):
    """The region a staff account is placed in, or None (anonymous, inactive or unplaced)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.region if profile else None


def actor_summary(user):
    """(role name, region name) of an account for logs and audit records; blanks when unknown.

    The role is the account's StaffProfile role once roles are data (roles issue); until then the
    names of its groups stand in.
    """
    if not getattr(user, "is_authenticated", False):
        return "", ""
    profile = getattr(user, "staff_profile", None)
    role = getattr(profile, "role", None) if profile else None
    role_name = role.name if role else "、".join(user.groups.order_by("name").values_list("name", flat=True))
    if user.is_superuser and not role_name:
        role_name = "超级管理员"
    return role_name, profile.region.name if profile else ""
