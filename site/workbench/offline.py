"""The workbench offline: what a visitor's phone keeps, and the queue of visits it sends back.

THE contract of offline sync (the phone's side is static/js/offline-store.js, offline.js,
offline-visit.js and the service worker templates/workbench/sw.js):

- Kept on a phone only for visitors (``keeps_offline``): staff who see a region's elders keep
  nothing (no per-village opt-in yet). ``sync`` lists what is kept: the pages 首页, 我的探访对象 and
  我的待办 as last seen, each open visit task's page and its form to fill offline (``visit_form``,
  prefilled from the file: names, village, masked phones; visitors are never shown an ID number),
  the assigned elders (name, village, masked phone) and the live form's revision. The phone
  replaces its copy with each sync, so an elder reassigned since is gone after the next one; it
  drops everything after ``TANFANG_OFFLINE_MAX_DAYS`` without a sync and on logout.
- A visit filled offline is queued on the phone with an idempotency key and posted to ``submit``
  with the session and CSRF token of the same user (``state`` gives the phone both; a phone whose
  user signed out waits for that user's next login). ``submit`` answers ``accepted`` (the record is
  submitted and completes the task as online), ``invalid`` (field errors; nothing is kept on the
  server, the phone reopens the form with every value) or ``conflict`` (the task was reassigned,
  cancelled or done meanwhile: the answers are kept as a draft, the visitor told, and township
  and village staff see it in 我的待办 until they ``resolve`` it). A key seen before gets its first
  answer again (``OfflineSubmission``), so a retry never makes a second record.
"""

import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from viewflow.workflow.status import STATUS

import audit
from forms.models import FormDefinition, OfflineOutcome, OfflineSubmission
from forms.services import NoPublishedForm, autosave_draft, prepare_visit, resume_or_start_visit
from forms.writeback import file_changes, submit_with_file_changes
from registry.models import Assignment
from registry.phones import mask_phone
from roles.access import Action, assigned_elders, can, departments_handled_by, may

from .access import workbench_view
from .visits import error_links, form_sections, may_visit, visit_answers_form

# Bounds of what a phone keeps: a visitor's open visit tasks and assigned elders.
MAX_TASKS = 60
MAX_ELDERS = 200
# Static files the kept pages need; the service worker keeps them with the pages.
ASSETS = ["css/site.css", "css/workbench.css", "js/large-text.js", "js/char-counter.js", "js/local-copies.js",
          "js/visit-form.js", "js/visit-table.js", "js/visit-autosave.js", "js/offline-store.js", "js/offline.js",
          "js/offline-visit.js", "img/logo.svg", "img/favicon.svg", "img/icon-192.png", "img/icon-512.png",
          "workbench.webmanifest"]


def keeps_offline(user):
    """Whether ``user``'s phone keeps the workbench offline: visitors, whose access is their assignments.

    Staff who see a whole region's elders (a region permission to view them) or handle a
    department's referrals keep nothing on a phone.
    """
    return (getattr(user, "is_authenticated", False) and not may(user, Action.VIEW)
            and not departments_handled_by(user))


def open_visit_tasks_of(user):
    """The visit tasks ``user`` holds and may work on now, soonest due first."""
    from workflows.flows.visits import VisitFlow
    from workflows.inbox import own_tasks

    return own_tasks(user).filter(flow_task=VisitFlow.visit, status__in=[STATUS.ASSIGNED, STATUS.STARTED])


def _api(view):
    """JSON for signed-in users (401 otherwise, never a redirect to the login page), never cached."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"user": None}, status=401)
        return view(request, *args, **kwargs)

    return never_cache(checked)


@require_GET
def service_worker(request):
    """The service worker, from /workbench/ so that its scope is the workbench (and nothing else)."""
    response = HttpResponse(render_to_string("workbench/sw.js", {
        "store_url": static("js/offline-store.js"), "state_url": reverse("workbench:offline_state"),
        "static_prefix": settings.STATIC_URL, "home_url": reverse("workbench:home"),
    }), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("workbench:home")
    return response


@require_GET
@_api
def state(request):
    """Who is signed in and their CSRF token: what the phone checks before it sends its queue."""
    return JsonResponse({"user": request.user.pk, "keep": keeps_offline(request.user), "csrf": get_token(request)})


@require_GET
@_api
def sync(request):
    """What the phone keeps for the signed-in visitor (``{"keep": false}`` for anyone else)."""
    user = request.user
    if not keeps_offline(user):
        return JsonResponse({"user": user.pk, "keep": False})
    tasks = list(open_visit_tasks_of(user)[:MAX_TASKS])
    elders = assigned_elders(user).select_related("village").order_by("pk")[:MAX_ELDERS]
    definition = FormDefinition.objects.visit_form()
    pages = [reverse("workbench:home"), reverse("workbench:elder_list"), reverse("workflows:inbox")]
    for task in tasks:
        pages += [reverse("workflows:task_detail", args=[task.pk]), reverse("workflows:visit_task", args=[task.pk]),
                  reverse("workbench:offline_visit", args=[task.pk])]
    audit.record(request, "list", Assignment, event="offline_sync", tasks=len(tasks))
    return JsonResponse({
        "user": user.pk, "keep": True, "max_age_days": settings.TANFANG_OFFLINE_MAX_DAYS,
        "synced_at": int(timezone.now().timestamp() * 1000),
        "form": {"name": definition.name, "revision": definition.live_revision_id},
        "elders": [{"id": elder.pk, "name": elder.name, "village": elder.village.name, "phone": elder.masked_phone}
                   for elder in elders],
        "tasks": [{"id": task.pk, "elder": task.process.case.elder_id, "elder_name": task.process.case.elder.name,
                   "due": task.due_at.isoformat() if task.due_at else None,
                   "form": reverse("workbench:offline_visit", args=[task.pk])} for task in tasks],
        "pages": pages, "assets": [static(path) for path in ASSETS],
    })


def _own_task(request, pk):
    """An open visit task the caller (who keeps the workbench offline) holds; 404 otherwise."""
    task = open_visit_tasks_of(request.user).filter(pk=pk).first() if keeps_offline(request.user) else None
    if task is None:
        raise Http404
    return task


@workbench_view
def visit_form(request, pk):
    """The visit form of the task ``pk`` to keep on the phone and fill offline (nothing saved here)."""
    task = _own_task(request, pk)
    elder = task.process.case.elder
    try:
        record = prepare_visit(elder, request.user)
    except NoPublishedForm as error:
        messages.error(request, str(error))
        return redirect("workflows:visit_task", pk=task.pk)
    form = visit_answers_form(request, record, answers=masked_phones(record.schema, record.plain_answers()))
    audit.record(request, "view", elder, event="offline_visit_form", task=task.pk)
    return render(request, "workbench/visit_form.html", {
        "nav": "tasks", "elder": elder, "record": record, "form": form, "sections": form_sections(form),
        "error_links": [], "offline": {"task": task, "submit_url": reverse("workbench:offline_submit", args=[task.pk])},
    })


def _phone_columns(spec):
    return [column["key"] for column in spec.columns if column.get("format") == "phone"] if spec.kind == "table" else []


def _is_phone(spec):
    return spec.kind == "text" and spec.option("format") == "phone"


def masked_phones(schema, answers):
    """``answers`` as a phone keeps them: every phone number masked (``unmasked_phones`` undoes it)."""
    result = dict(answers)
    for spec in schema.fields():
        value = result.get(spec.key)
        if _is_phone(spec) and value:
            result[spec.key] = mask_phone(value)
        elif _phone_columns(spec) and isinstance(value, list):
            result[spec.key] = [{**row, **{column: mask_phone(row[column]) for column in _phone_columns(spec)
                                           if row.get(column)}} if isinstance(row, dict) else row for row in value]
    return result


def unmasked_phones(schema, posted, shown):
    """``posted`` answers with each phone posted back as ``masked_phones`` showed it given its number
    from ``shown`` again; a phone typed anew is kept as typed."""
    result = dict(posted)
    for spec in schema.fields():
        value, before = result.get(spec.key), shown.get(spec.key)
        if _is_phone(spec) and value and before and value == mask_phone(before):
            result[spec.key] = before
        elif _phone_columns(spec) and isinstance(value, list) and isinstance(before, list):
            numbers = [row.get(column) for row in before if isinstance(row, dict) for column in _phone_columns(spec)]
            for row in value:
                for column in _phone_columns(spec) if isinstance(row, dict) else []:
                    known = [number for number in numbers if number and row.get(column) == mask_phone(number)]
                    row[column] = known[0] if known else row.get(column)
    return result


def _answers(form, elder, user):
    """The answers of a form the phone filled: its masked phones given back the file's numbers."""
    shown = prepare_visit(elder, user).plain_answers()
    return unmasked_phones(form.schema, form.answers(), shown)


def _key(request):
    try:
        return uuid.UUID(request.headers.get("Idempotency-Key", ""))
    except ValueError:
        return None


def _answer(submission):
    """The answer to a submission already received (the first time, or again for a retry)."""
    if submission.outcome == OfflineOutcome.ACCEPTED:
        number = submission.record.visit_number if submission.record else None
        return JsonResponse({"status": "accepted", "message": f"探访记录已提交（第{number}次）"})
    return JsonResponse({"status": "conflict", "message": f"未能提交：{submission.reason}内容已保存，"
                                                           "请联系乡镇（街道）工作人员处理。"}, status=409)


def _conflict_reason(user, task, elder):
    """Why a visit filled offline for ``task`` can no longer complete it; "" when it can."""
    if task.status == STATUS.CANCELED:
        return "该探访任务已取消。"
    if task.status == STATUS.DONE:
        return "该探访任务已由他人完成。"
    if task.owner_id != user.pk or task.status not in (STATUS.ASSIGNED, STATUS.STARTED):
        return "该探访任务已改派给他人。"
    if not may_visit(user, elder):
        return "该老年人已不再分配给您。"
    return ""


@require_POST
@_api
def submit(request, pk):
    """A visit from the phone's queue, sent with its ``Idempotency-Key`` (see the module's contract)."""
    from workflows.flows.visits import VisitFlow
    from workflows.models import CaseTask

    key, user = _key(request), request.user
    task = CaseTask.objects.filter(pk=pk, flow_task=VisitFlow.visit).select_related("process__case__elder").first()
    # Only the elder's visitor, now or before, gets a hearing: anyone else is told the task doesn't exist.
    if task is None or not Assignment.objects.filter(elder_id=task.process.case.elder_id, visitor=user).exists():
        audit.record(request, "denied", CaseTask, outcome="denied", attempted="offline_submit", task=pk)
        raise Http404
    if key is None or not keeps_offline(user):
        return JsonResponse({"status": "refused", "message": "无法识别的离线提交。"}, status=400)
    known = OfflineSubmission.objects.filter(key=key, user=user).select_related("record").first()
    if known is not None:
        return _answer(known)
    elder = task.process.case.elder
    try:
        with transaction.atomic():
            reason = _conflict_reason(user, task, elder)
            # The key is claimed first: a second request with it waits here until this one is done.
            submission = OfflineSubmission.objects.create(
                key=key, user=user, elder=elder, task_id=task.pk, reason=reason,
                outcome=OfflineOutcome.CONFLICT if reason else OfflineOutcome.ACCEPTED)
            (_keep_conflict if reason else _submit)(request, submission)
    except _Invalid as invalid:
        return JsonResponse({"status": "invalid", "errors": invalid.links,
                             "fields": sorted(invalid.form.errors)}, status=400)
    except IntegrityError:  # the same key, sent twice at once: the other one was stored
        submission = OfflineSubmission.objects.filter(key=key, user=user).select_related("record").first()
        if submission is None:  # another user's key
            return JsonResponse({"status": "refused", "message": "无法识别的离线提交。"}, status=400)
    return _answer(submission)


class _Invalid(Exception):
    def __init__(self, form):
        super().__init__("invalid")
        self.form, self.links = form, error_links(form)


def _submit(request, submission):
    """Submit the visit as the online form does; a visitor's file changes are proposed, not written."""
    user, elder = request.user, submission.elder
    record, _created = resume_or_start_visit(elder, user)
    form = visit_answers_form(request, record, request.POST)
    if not form.is_valid():
        raise _Invalid(form)
    answers = _answers(form, elder, user)
    keys = [change.key for change in file_changes(record, answers, id_numbers="hidden")]
    try:
        with transaction.atomic():
            submit_with_file_changes(record, answers, user, keys, write_back=False)
    except ValidationError as error:
        form.add_answer_errors(error)
        raise _Invalid(form) from None
    submission.record = record
    submission.save(update_fields=["record"])
    audit.record(request, "change", record, event="submit_visit", offline=True, task=submission.task_id,
                 proposed_changes=record.proposed_changes)


def _keep_conflict(request, submission):
    """Keep what was filled in as the visitor's draft, for township or village staff to resolve."""
    user, elder = request.user, submission.elder
    record, _created = resume_or_start_visit(elder, user)
    form = visit_answers_form(request, record, request.POST)
    form.is_valid()
    autosave_draft(record, _answers(form, elder, user), user, invalid_keys=form.answer_errors())
    submission.record = record
    submission.save(update_fields=["record"])
    audit.record(request, "create", record, event="offline_conflict", task=submission.task_id,
                 reason=submission.reason)


def conflicts_for(user):
    """Unresolved conflicts of elders whose file ``user`` may edit (township and village staff): 我的待办."""
    from roles.access import elders_for_action

    return (OfflineSubmission.objects.filter(outcome=OfflineOutcome.CONFLICT, resolved_at__isnull=True,
                                             elder__in=elders_for_action(user, Action.EDIT).values("pk"))
            .select_related("elder", "user", "record").order_by("received_at"))


@require_POST
@workbench_view
def resolve(request, pk):
    """Township or village staff mark a conflict handled (the draft stays with the elder's records)."""
    submission = OfflineSubmission.objects.filter(pk=pk, outcome=OfflineOutcome.CONFLICT).first()
    if submission is None or not can(request.user, Action.EDIT, submission.elder):
        raise Http404
    if submission.resolved_at is None:
        submission.resolved_at, submission.resolved_by = timezone.now(), request.user
        submission.save(update_fields=["resolved_at", "resolved_by"])
        audit.record(request, "change", submission.elder, event="offline_conflict_resolved", submission=submission.pk)
    messages.success(request, "已标记为已处理。")
    return redirect("workflows:inbox")
