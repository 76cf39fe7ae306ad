"""The workbench offline in a page's <head>: the manifest, the scripts and who is signed in.

    {% load offline_tags %}{% offline_head %}   {# in the workbench's <head> #}

See ``workbench.offline`` for what a phone keeps and js/offline.js for what the page does with it.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from workbench.offline import keeps_offline

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_head(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return format_html(
        '<link rel="manifest" href="{}"><meta name="theme-color" content="#0c4a82">'
        '<meta name="tanfang-offline" content="{}" data-keep="{}" data-sw="{}" data-scope="{}" data-sync="{}" '
        'data-state="{}" data-inbox="{}"><script src="{}" defer></script><script src="{}" defer></script>',
        static("workbench.webmanifest"), user.pk, "1" if keeps_offline(user) else "0",
        reverse("workbench:service_worker"), reverse("workbench:home"), reverse("workbench:offline_sync"),
        reverse("workbench:offline_state"), reverse("workflows:inbox"),
        static("js/offline-store.js"), static("js/offline.js"))
