"""Dropping the phone's copies of visit forms submitted in this session (see js/visit-autosave.js).

    {% load local_copies %}{% forget_local_copies %}   {# in the workbench's <head> #}
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from workbench.visits import SUBMITTED_IN_SESSION, local_copy_key

register = template.Library()


@register.simple_tag(takes_context=True)
def forget_local_copies(context):
    """The keys the page should remove from localStorage, taken once from the session, and the script that does."""
    request = context.get("request")
    session = getattr(request, "session", None)
    if session is None or not session.get(SUBMITTED_IN_SESSION):
        return ""
    keys = " ".join(local_copy_key(request.user, pk) for pk in session.pop(SUBMITTED_IN_SESSION))
    return format_html('<meta name="tanfang-forget-local-copies" content="{}"><script src="{}" defer></script>',
                       keys, static("js/local-copies.js"))
