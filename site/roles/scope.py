"""Which part of the region tree a user works in. Fails closed: no placement, no region."""


def staff_region(user):
    """The region a staff account is placed in, or None (anonymous, inactive or unplaced)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.region if profile else None


def regions_for(user, queryset):
    """``queryset`` (of Region) narrowed to the user's subtree; everything for a superuser."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    return queryset.within(staff_region(user))
