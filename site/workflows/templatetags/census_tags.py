"""Template filters of the census screens: ``{% if request.user|may_assign_visitor:elder %}``."""

from django import template

from roles.access import Action, can

register = template.Library()


@register.filter
def may_assign_visitor(user, elder):
    """Whether ``user`` may choose the visitor of ``elder`` (更换探访人员)."""
    return can(user, Action.ASSIGN, elder)
