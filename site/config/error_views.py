"""The project's own error pages (handler403/404 in config.urls), Chinese in the demo as in production.

Inside the workbench a signed-in user gets the page in the workbench's frame, with the way back to
我的待办: a task that is already done, or taken by someone else, answers 404 there.
"""

import re

from django.shortcuts import render

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _template(request, name):
    user = getattr(request, "user", None)
    if request.path.startswith("/workbench/") and getattr(user, "is_authenticated", False):
        return f"workbench/{name}.html"
    return f"{name}.html"


def page_not_found(request, exception):
    return render(request, _template(request, "404"), status=404)


def permission_denied(request, exception):
    """403, with the reason when the code gave one for users (in Chinese); never a library's English text."""
    reason = str(exception or "")
    return render(request, _template(request, "403"), {"reason": reason if CHINESE.search(reason) else ""},
                  status=403)
