"""Follow-ups start themselves: every flag of a submitted visit becomes one case (方案 六(三)).

``forms.services.submit_visit`` sends ``visit_submitted`` inside its transaction with the flags its
rules raised. An emergency starts ``EmergencyFlow`` at once; anything else starts one
``ReferralFlow``, routed by the table (``ReferralRoute``), else to the department the follow-up
rule names, else to the township to route by hand. A flag starts at most one case
(``FollowUpCase``), and the case's end closes it.
"""

from django.dispatch import receiver
from django.utils import timezone

from forms.choices import FlagStatus, FollowUpKind
from forms.signals import visit_submitted

from .models import DEFAULT_DUE_DAYS, FollowUpCase, Referral, ReferralRoute, provider_consent_error
from .models.routing import due_date_in


@receiver(visit_submitted, dispatch_uid="workflows.start_follow_ups")
def start_follow_ups(sender, record, flags, user=None, **kwargs):
    for flag in flags:
        start_follow_up(flag, user)


def start_follow_up(flag, user=None):
    """Start the case for ``flag`` (by ``user``, the submitter); None if it has one already."""
    from .flows import EmergencyFlow, ReferralFlow

    if FollowUpCase.objects.filter(flag=flag).exists():
        return None
    flow_class = EmergencyFlow if flag.kind == FollowUpKind.EMERGENCY else ReferralFlow
    return flow_class.start.run(flag=flag, user=user)


def link_flag(case, flag):
    return FollowUpCase.objects.create(case=case, flag=flag)


def create_routed_referral(case, flag, user):
    """Link ``flag`` to the new referral ``case`` and create its referral if it can be routed.

    A provider route for an elder without recorded consent is skipped: the township routes by hand.
    """
    link_flag(case, flag)
    route = ReferralRoute.objects.for_flag(flag)
    if route is not None and route.provider_id and provider_consent_error(case.elder):
        route = None
    if route is not None:
        department, provider, due_date = route.department, route.provider, route.due_date()
    elif flag.department_id:
        department, provider = flag.department, None
        due_date = due_date_in(DEFAULT_DUE_DAYS)
    else:
        return None
    return Referral.objects.create(elder=case.elder, case=case, flag=flag, department=department, provider=provider,
                                   need=flag.title, detail=flag.detail, due_date=due_date, created_by=user)


def close_flag(case, user):
    """The case of a follow-up is over: its flag is closed, by ``user``."""
    link = FollowUpCase.objects.filter(case=case).select_related("flag").first()
    if link is None:
        return
    flag = link.flag
    flag.status, flag.closed_at, flag.closed_by = FlagStatus.CLOSED, timezone.now(), user
    flag.save(update_fields=["status", "closed_at", "closed_by"])
