"""The 监督看板 on other pages: the workbench menu item and the start page's compact panel.

    {% load supervision_tags %}
    {% reads_reports as show_reports %}   {# the menu: officers who read reports #}
    {% start_page_dashboard %}            {# the start page of township, county, city and province officers #}
"""

from django import template

from supervision.panels import start_page_panels
from workflows.visit_rate import report_regions

register = template.Library()


@register.simple_tag(takes_context=True)
def reads_reports(context):
    """Whether the request's user reads reports anywhere (the regions are remembered for the request)."""
    request = context.get("request")
    return request is not None and bool(report_regions(request.user))


@register.inclusion_tag("supervision/_start_panel.html", takes_context=True)
def start_page_dashboard(context):
    request = context.get("request")
    return start_page_panels(request.user) if request is not None else {}
