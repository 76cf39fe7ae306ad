"""Writing audit events: who (user, role, region, IP), what (action, outcome), on which object."""

from django.conf import settings
from django.db import models

from audit.masking import mask_in, mask_personal_numbers
from audit.models import AuditEvent, Outcome

SYSTEM_USERNAME = "system"  # no request: management commands, background tasks
ANONYMOUS_USERNAME = "anonymous"  # a request by someone not logged in


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address our trusted proxies put in X-Forwarded-For.

    ``TANFANG_TRUSTED_PROXY_COUNT`` proxies each append the address they received from, so the
    client is that many entries from the right; anything further left can be forged by the client.
    """
    proxies = getattr(settings, "TANFANG_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return _valid_ip(hops[-proxies])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _valid_ip(value):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_ipv46_address

    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return value


def describe(obj):
    """(label, id, description) of a model instance or class, without any personal data."""
    if obj is None:
        return "", "", ""
    meta = obj._meta
    if isinstance(obj, type) and issubclass(obj, models.Model):
        return meta.label_lower, "", str(meta.verbose_name_plural)
    return meta.label_lower, str(obj.pk or ""), f"{meta.verbose_name} #{obj.pk}"


def actor(user, nobody=SYSTEM_USERNAME):
    """(user or None, username, role, region) of who acts; ``nobody`` names the unauthenticated."""
    from roles.scope import actor_summary

    if user is None or not getattr(user, "is_authenticated", False):
        return None, nobody, "", ""
    role, region = actor_summary(user)
    return user, user.get_username(), role[:200], region[:60]


def record_for_user(user, action, obj=None, outcome=Outcome.SUCCESS, *, ip=None, path="",
                    nobody=SYSTEM_USERNAME, **detail):
    user, username, role, region = actor(user, nobody)
    object_type, object_id, object_repr = describe(obj)
    return AuditEvent.objects.create(
        user=user, username=username, role=role, region=region, ip=ip, action=action, outcome=outcome,
        object_type=object_type, object_id=object_id, object_repr=object_repr,
        detail=mask_in(detail), path=mask_personal_numbers(path)[:500],
    )


def record(request, action, obj=None, outcome=Outcome.SUCCESS, **detail):
    """Record an action of ``request.user``. Only the path is kept, never the query string."""
    user = getattr(request, "user", None)
    return record_for_user(user, action, obj, outcome, ip=client_ip(request), path=request.path,
                           nobody=ANONYMOUS_USERNAME, **detail)


def record_anonymous(request, action, username, outcome, **detail):
    """An event of someone not (yet) logged in: failed logins and lockouts, named by the username tried."""
    username = mask_personal_numbers(username or "")[:150]
    return AuditEvent.objects.create(
        username=username, ip=client_ip(request) if request is not None else None, action=action,
        outcome=outcome, detail=mask_in(detail), path=request.path[:500] if request is not None else "",
    )
