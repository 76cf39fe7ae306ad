"""The 监督看板 on other pages: the workbench menu item.

    {% load supervision_tags %}
    {% reads_reports as show_reports %}   {# the menu: officers who read reports #}
"""

from django import template

from workflows.visit_rate import report_regions

register = template.Library()


@register.simple_tag(takes_context=True)
def reads_reports(context):
    """Whether the request's user reads reports anywhere (the regions are remembered for the request)."""
    request = context.get("request")
    return request is not None and bool(report_regions(request.user))
