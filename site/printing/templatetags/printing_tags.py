"""Template questions about printing: the 批量打印 menu item and a record's 打印 link."""

from django import template

from roles.access import can_open_record, may_print_record, townships_for_bulk_print

register = template.Library()


@register.simple_tag(takes_context=True)
def may_print_batches(context):
    """Whether the request's user may ask for monthly print batches of any township."""
    request = context.get("request")
    return request is not None and townships_for_bulk_print(request.user).exists()


@register.simple_tag(takes_context=True)
def can_print_visit_record(context, record):
    """Whether the request's user may print ``record`` (``printing:visit_record_pdf`` would answer 200)."""
    request = context.get("request")
    if request is None:
        return False
    return can_open_record(request.user, record) and may_print_record(request.user, record)
