"""The dashboard's figures counted straight on the raw tables, for the tests to compare with."""

from django.db.models import Q

from registry.models import Assignment, Elder
from roles.models import Region
from workflows import schedule


def counted_directly(region, month):
    """The written definition (``workflows.schedule``) counted straight on the raw tables (all rules monthly)."""
    last = schedule.month_end(month)
    on_register = Elder.objects.within(region).filter(registered_on__lte=last).filter(
        Q(status="active") | Q(status__in=["moved_away", "deceased", "withdrawn"], status_date__gte=month))
    due = on_register.filter(consents_to_visits=True)
    covered = Assignment.objects.filter(start_date__lte=last).filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
    return {
        "due": due.count(),
        "visited": due.filter(visit_records__status="submitted",
                              visit_records__visit_date__range=(month, last)).distinct().count(),
        "unassigned": due.exclude(pk__in=covered.values("elder_id")).count(),
        "declined": on_register.filter(consents_to_visits=False).count(),
    }


def census_directly(region):
    """摸底建档 of ``region`` counted on the elders and villages (see ``supervision.figures.CensusLine``)."""
    elders = Elder.objects.within(region)
    registered = elders.exclude(status__in=["rejected", "merged"])
    villages = Region.objects.filter(level="village", path__startswith=region.path)
    return {
        "registered": registered.count(),
        "verified": registered.exclude(status="pending").count(),
        "pending": elders.filter(status="pending").count(),
        "awaiting_approval": elders.filter(status="verified").count(),
        "villages": villages.count(),
        "empty_villages": villages.exclude(pk__in=registered.values("village_id")).count(),
    }
