"""Template questions about printing: whether to show the workbench's 批量打印 menu item."""

from django import template

from roles.access import townships_for_bulk_print

register = template.Library()


@register.simple_tag(takes_context=True)
def may_print_batches(context):
    """Whether the request's user may ask for monthly print batches of any township."""
    request = context.get("request")
    return request is not None and townships_for_bulk_print(request.user).exists()
