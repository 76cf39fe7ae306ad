"""``{% casework_panels region month %}``: the dashboard's panels of referrals, visitors and emergencies."""

from django import template

register = template.Library()


@register.inclusion_tag("supervision/_casework.html", takes_context=True)
def casework_panels(context, region, month):
    return {"region": region, "month": month, "request": context.get("request")}
