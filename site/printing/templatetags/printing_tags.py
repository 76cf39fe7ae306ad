"""Template questions about printing: the 批量打印 menu item and a record's 打印 link; the cap on a printed value."""

from django import template

from config.text_limits import PRINT_VALUE_CAP
from roles.access import can_open_record, may_print_any_batch, may_print_record

register = template.Library()


@register.simple_tag(takes_context=True)
def may_print_batches(context):
    """Whether the request's user may ask for monthly print batches of any township."""
    request = context.get("request")
    return request is not None and may_print_any_batch(request.user)


@register.simple_tag(takes_context=True)
def can_print_visit_record(context, record):
    """Whether the request's user may print ``record`` (``printing:visit_record_pdf`` would answer 200)."""
    request = context.get("request")
    if request is None:
        return False
    return can_open_record(request.user, record) and may_print_record(request.user, record)


@register.filter
def print_cap(value):
    """At most ``PRINT_VALUE_CAP`` characters of one printed value, saying how much was left out.

    Today's forms can't store more, but a value typed before the limits (or a long table cell
    joined up) must not make one PDF take minutes to lay out.
    """
    if not isinstance(value, str) or len(value) <= PRINT_VALUE_CAP:
        return value
    return f"{value[:PRINT_VALUE_CAP]}……（共{len(value)}字，以下从略）"
