"""``{% casework_panels region month %}``: the dashboard's panels of referrals, visitors and emergencies."""

from django import template

from supervision.casework import casework
from supervision.periods import ReportPeriod

register = template.Library()


@register.inclusion_tag("supervision/_casework.html")
def casework_panels(region, month):
    """The casework of ``region`` in ``month`` (any day of it); the caller has checked the region is in scope."""
    return {"work": casework(region, ReportPeriod.month(month))}
