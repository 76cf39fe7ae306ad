"""Which region a supervision page is about: the one asked for, if the caller reads its reports."""

from django.http import Http404

import audit
from roles.models import Region
from workflows.visit_rate import may_view_rate, report_regions


def region_asked_for(request, attempted, allowed=None):
    """The region of ``region`` (query or form; default the caller's first of ``allowed``, i.e.
    ``report_regions``) when the caller reads its reports; else 404, audited as ``attempted``."""
    pk = request.GET.get("region") or request.POST.get("region")
    if not pk:
        allowed = report_regions(request.user) if allowed is None else allowed
        pk = allowed[0].pk if allowed else None
    region = Region.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if region is None or not may_view_rate(request.user, region):
        if region is not None:
            audit.record(request, "denied", region, outcome="denied", attempted=attempted)
        raise Http404
    return region
