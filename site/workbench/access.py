"""The workbench's door: login, no caching of personal data, scoped fetches that audit denials."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

import audit
from registry.models import Elder
from roles.access import Action, can, can_open_record, get_elder_or_404, may


def workbench_view(view):
    """Logged-in users only; ``Cache-Control: no-store`` on every response (personal data).

    Someone who loses a race for a task (``workflows.inbox.TaskTaken``, e.g. two officers verifying
    one elder at once) is sent to their task list with the reason, not shown an error page.
    """

    @wraps(view)
    def answering_races(request, *args, **kwargs):
        from workflows.inbox import TaskTaken

        try:
            return view(request, *args, **kwargs)
        except TaskTaken as taken:
            messages.error(request, str(taken))
            return redirect("workflows:inbox")

    return never_cache(login_required(answering_races))


def not_found(request, model, pk, **detail):
    """Raise 404 for ``pk`` of ``model``; when the row exists (outside the caller's scope), audit the denial.

    Guessed ids and ids out of scope answer alike; only the audit trail tells them apart.
    """
    existing = model.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if existing is not None:
        audit.record(request, "denied", existing, outcome="denied", **detail)
    raise Http404


def elder_for(request, pk, action=Action.VIEW):
    """The elder ``pk`` for ``action``; 404 outside scope (audited as denied), 403 inside it."""
    try:
        elder = get_elder_or_404(request.user, pk)
    except Http404:
        not_found(request, Elder, pk, attempted=action)
    if action != Action.VIEW and not can(request.user, action, elder):
        audit.record(request, "denied", elder, outcome="denied", attempted=action)
        raise PermissionDenied
    return elder


def require_anywhere(request, action):
    """403 (audited as denied) unless the user may do ``action`` somewhere: for pages about no one elder."""
    if not may(request.user, action):
        audit.record(request, "denied", Elder, outcome="denied", attempted=action)
        raise PermissionDenied


def visit_record_for(request, pk, attempted="visit"):
    """The visit record ``pk`` if the caller may open it (``can_open_record``); 404 otherwise, audited."""
    from forms.models import VisitRecord

    record = (VisitRecord.objects.select_related("elder__village__parent__parent", "definition_revision")
              .filter(pk=pk).first() if str(pk).isdigit() else None)
    if record is None or not can_open_record(request.user, record):
        not_found(request, VisitRecord, pk, attempted=attempted)
    return record


def with_elder(action=Action.VIEW):
    """Decorator: resolve ``pk`` to an elder the user may ``action`` on, as ``elder``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            return view(request, elder_for(request, pk, action), *args, **kwargs)

        return workbench_view(wrapper)

    return decorate
