"""``{% casework_panels region month report %}``: the dashboard's panels of referrals, visitors and emergencies."""

from django import template

from supervision.casework import casework
from supervision.periods import ReportPeriod

register = template.Library()


@register.inclusion_tag("supervision/_casework.html")
def casework_panels(region, month, report=None):
    """The casework of ``region`` in ``month`` (any day of it); the caller has checked the region is in scope.
    ``report``: the page's ``visit_rate`` of that month, so that it is not summed a second time."""
    return {"work": casework(region, ReportPeriod.month(month), rate=report)}
