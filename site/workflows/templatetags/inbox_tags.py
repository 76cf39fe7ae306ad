"""Task inbox pieces for other pages: the next tasks on the start page, the elder's case history.

    {% load inbox_tags %}
    {% next_tasks %}              {# the start page: the caller's first few open tasks #}
    {% case_history elder %}      {# the elder page: every case the caller may follow #}
    {% include "workflows/includes/due.html" %}   {{ task|task_state }}
"""

from django import template

from roles.access import elders_visible_to
from workflows import inbox, presenters

register = template.Library()

NEXT_TASKS = 5

register.filter("due", presenters.due_of)
register.filter("task_state", presenters.task_state)
register.filter("task_title", presenters.task_title)


@register.inclusion_tag("workflows/inbox/next_tasks.html", takes_context=True)
def next_tasks(context, limit=NEXT_TASKS):
    """The caller's first ``limit`` open tasks, with the elders whose file the caller may open (档案);
    the total comes from the menu's ``open_task_count``."""
    user = context["request"].user
    tasks = list(inbox.inbox(user)[:limit])
    visible = elders_visible_to(user).filter(pk__in={task.process.case.elder_id for task in tasks})
    return {"tasks": tasks, "visible_elders": set(visible.values_list("pk", flat=True)),
            "total": context.get("open_task_count")}


@register.inclusion_tag("workbench/includes/case_history.html", takes_context=True)
def case_history(context, elder):
    """The cases of ``elder`` the caller may follow. The elder page has already checked access."""
    return {"entries": presenters.case_entries(inbox.cases_seen_by(context["request"].user, elder))}
