"""Which part of the region tree a staff account covers: the one source for registry scoping."""

from roles.models import Region


def staff_region(user):
    """The region of the user's StaffProfile; None for anyone without one (they see nothing)."""
    if not (user.is_authenticated and user.is_active):
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.region if profile else None


def regions_for_staff(user):
    """Every region for an active superuser, else the profile region's subtree (or none)."""
    if user.is_active and user.is_superuser:
        return Region.objects.all()
    return Region.objects.within(staff_region(user))
