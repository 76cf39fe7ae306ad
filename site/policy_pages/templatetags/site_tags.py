"""Template tags for the public site's layout."""

from django import template

from policy_pages.navigation import menu_links

register = template.Library()


@register.inclusion_tag("policy_pages/includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    return {"links": menu_links(request) if request else [], "request": request}
