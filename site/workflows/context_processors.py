"""The number next to 我的待办 in the workbench menu."""

from functools import cache

from workflows.inbox import open_count


def open_tasks(request):
    """``open_task_count``: computed only if a page shows it (the workbench menu), once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"open_task_count": cache(lambda: open_count(user))}
