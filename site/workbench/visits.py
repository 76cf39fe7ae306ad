"""Visit records in the workbench: start, fill (saved as one types), submit, and the file changes found.

Who may do what: ``may_visit`` starts a visit; ``roles.access.visit_records_open_to`` is the one
rule for opening and listing records; only someone who may edit the elder's file
(``can(user, Action.EDIT, elder)``) writes a visit's changes back to it, a visitor's are proposed.
A draft is saved, autosaved and submitted by the person who started it only; anyone else who may
open it sees it read-only (``forms.services.check_author``).
"""

import json
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_POST

import audit
from forms.answer_forms import AnswersForm
from forms.choices import RecordStatus
from forms.prefill import HOUSEHOLD_CHOICES
from forms.services import (
    NOT_THE_AUTHOR,
    NoPublishedForm,
    autosave_draft,
    check_submission,
    resume_or_start_visit,
    save_draft,
)
from forms.writeback import (
    HOUSEHOLD,
    apply_proposed_changes,
    dismiss_proposed_changes,
    file_changes,
    submit_with_file_changes,
)
from registry.dates import china_today
from roles.access import Action, assigned_elders, can, sees_id_numbers, visit_records_open_to

from .access import visit_record_for, with_elder, workbench_view

AUTOSAVED_IN_SESSION = "workbench_autosaved_visits"
# Records submitted in this session whose copy on the phone (js/visit-autosave.js) the next page drops.
SUBMITTED_IN_SESSION = "workbench_submitted_visits"


def local_copy_key(user, record_pk):
    """The localStorage key of the phone's copy of a visit form: one per user and record."""
    return f"tanfang.visit.{user.pk}.{record_pk}"


def saved_version(record):
    """The version of a draft as the phone compares it with its copy: when it was last saved, in ms."""
    return int(record.updated_at.timestamp() * 1000)


def may_visit(user, elder):
    """Who may start a visit of ``elder``: the assigned visitor, and staff who may edit the elder's file.

    Editing the file (``Action.EDIT``: manage_elders or census_elders on a region above the elder)
    is what township (乡镇/街道) staff hold, and village (村/社区) staff in their own village, whose
    standard role carries census_elders: village officers are 探访人员 in practice, so they start
    visits of their village's elders and write what they find back to the file as township staff
    do. County and higher offices only read; a visitor reaches only the elders assigned to them.
    """
    return can(user, Action.EDIT, elder) or assigned_elders(user).filter(pk=elder.pk).exists()


def elder_visits(user, elder, reveal=False):
    """The elder page's part about visits: may ``user`` start one, which records they see, proposals.

    Listed: submitted records and the caller's own drafts, of those the caller may open. Proposed
    changes are shown to those who may edit the file, masked unless the page is ``reveal``-ed.
    """
    records = (visit_records_open_to(user).filter(elder=elder)
               .filter(Q(status=RecordStatus.SUBMITTED) | Q(created_by=user))
               .select_related("visitor", "definition_revision").order_by("status", "-visit_number", "-pk"))
    proposals = []
    if can(user, Action.EDIT, elder):
        for record in records:
            changes = file_changes(record, record.plain_answers(), record.proposed_changes, reveal=reveal,
                                   id_numbers="full" if reveal else "masked") \
                if record.proposed_changes else []
            if changes:
                proposals.append((record, changes))
    return {"can_visit": may_visit(user, elder), "visit_records": records, "proposals": proposals}


@require_POST
@with_elder()
def visit_start(request, elder):
    """Reopen the caller's draft for ``elder``, or start a new one (sections 一-四 prefilled)."""
    if not may_visit(request.user, elder):
        audit.record(request, "denied", elder, outcome="denied", attempted="visit")
        raise PermissionDenied
    try:
        record, created = resume_or_start_visit(elder, request.user)
    except NoPublishedForm as error:
        messages.error(request, str(error))
        return redirect("workbench:elder_detail", pk=elder.pk)
    if created:
        audit.record(request, "create", record, event="start_visit")
    return redirect("workbench:visit_edit", pk=record.pk)


def _hidden_keys(user, record):
    """Section 六 (care delivered, the department's) is not a visitor's: their form leaves it out.

    Those who may edit the elder's file (township and village staff) see the whole form.
    """
    care = record.schema.care_section()
    if care is None or can(user, Action.EDIT, record.elder):
        return []
    return [spec.key for spec in care.fields]


def visit_answers_form(request, record, data=None, answers=None):
    """The form of ``record`` for the caller; 探访日期 starts as today (Asia/Shanghai) until one is saved.

    ID numbers are masked for staff and left out for visitors (restored on saving). ``answers``:
    shown instead of the record's (``workbench.offline``'s form, with the phones masked)."""
    initial = dict(record.answers_with_signatures() if answers is None else answers)
    if record.schema.field("visit_date") is not None and not initial.get("visit_date"):
        initial["visit_date"] = china_today().isoformat()
    return AnswersForm(record.schema, data=data, initial_answers=initial,
                       hide_id_numbers=not sees_id_numbers(request.user, record.elder),
                       hidden_keys=_hidden_keys(request.user, record))


def _cell_choices(spec):
    """The household table's coded columns (性别, 与户主关系, 低保/特困) as lists, as on the registration form."""
    if spec.key != HOUSEHOLD:
        return None
    return {column: [str(label) for _code, label in choice_class.choices]
            for column, choice_class in HOUSEHOLD_CHOICES.items()}


def form_sections(form):
    """The sections the form shows: {"anchor", "title", "items"} where an item is {"spec", "field",
    "parts", "table", ...} of bound fields, by schema section; a section with nothing shown is left out."""
    sections = []
    for number, section in enumerate(form.schema.sections, start=1):
        items = []
        for spec in section.fields:
            if spec.kind == "counter" or spec.key in form.hidden_keys:
                continue
            parts = {name.split("__", 1)[1]: form[name] for name in form.fields if name.startswith(f"{spec.key}__")}
            items.append({"spec": spec, "field": form[spec.key] if spec.key in form.fields else None,
                          "parts": parts, "allow_unable": spec.options.get("allow_unable"),
                          "with_date": spec.options.get("with_date"),
                          "table": form.table_inputs(spec.key, _cell_choices(spec)) if spec.kind == "table" else None})
        if items:
            sections.append({"anchor": f"section-{number}", "title": section.title, "items": items})
    return sections


def error_links(form):
    """The banner's list of what to fix, in the order of the form: {"label", "message", "anchor"}.

    ``anchor`` is the id to jump to: the input, the first of a group of choices, the signature's
    label, a table's cell (or the table's own errors); None for an error of the whole form.
    """
    links = []
    for message in form.non_field_errors():
        links.append({"label": "", "message": message, "anchor": None})
    for name, field in form.fields.items():
        if name not in form.errors:
            continue
        key, _, part = name.partition("__")
        spec = form.schema.field(key)
        label = f"{spec.label}（{spec.group}）" if spec.group else spec.label
        bound = form[name]
        if spec.kind == "table":
            for error in form.errors[name].as_data():
                params = error.params or {}
                anchor = (f"id_{key}-{params['row_index']}-{params['column_key']}" if "column_key" in params
                          else f"id_{key}_error")
                links.extend({"label": label, "message": message, "anchor": anchor} for message in error.messages)
            continue
        if part and part != "image" and field.label:
            label = f"{label} · {field.label}"
        if isinstance(field.widget, forms.HiddenInput):
            anchor = f"{bound.auto_id}_label"
        elif isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            anchor = f"{bound.auto_id}_0"
        else:
            anchor = bound.auto_id
        links.extend({"label": label, "message": message, "anchor": anchor} for message in form.errors[name])
    return links


@dataclass
class ChangeReview:
    """The file changes of a record being submitted, and what its submitter has said about them.

    Submitting a record whose sections 一-四 differ from the file first shows the changes
    (``pending``); the page then posts ``changes_seen`` (a digest of exactly those changes) and,
    for someone who may edit the file, the box ``write_back`` ("将以上变更写回老年人档案").
    """

    changes: list
    digest: str
    may_write: bool
    write_back: bool
    seen: bool

    @classmethod
    def of(cls, request, record, answers):
        hidden = not sees_id_numbers(request.user, record.elder)
        changes = file_changes(record, answers, id_numbers="hidden" if hidden else "masked")
        payload = json.dumps([(change.key, change.new) for change in changes], ensure_ascii=False)
        digest = salted_hmac("workbench.visit_changes", f"{record.pk}:{payload}").hexdigest()[:20]
        return cls(changes=changes, digest=digest, may_write=can(request.user, Action.EDIT, record.elder),
                   write_back=request.POST.get("write_back") == "on",
                   seen=request.POST.get("changes_seen") == digest)

    @property
    def pending(self):
        return bool(self.changes) and not self.seen

    @property
    def keys(self):
        return [change.key for change in self.changes]


def _submit(request, record, answers, review):
    """Submit with the reviewed changes: written back (an editor who confirmed), proposed (a visitor)."""
    write_back = review.may_write and review.write_back
    keys = review.keys if write_back or not review.may_write else []
    submit_with_file_changes(record, answers, request.user, keys, write_back=write_back)
    request.session[SUBMITTED_IN_SESSION] = [*request.session.get(SUBMITTED_IN_SESSION, []), record.pk]
    audit.record(request, "change", record, event="submit_visit", proposed_changes=record.proposed_changes)
    message = f"探访记录已提交（第{record.visit_number}次）"
    if write_back and keys:
        audit.record(request, "change", record.elder, event="visit_write_back", record=record.pk, fields=keys)
        message += "，变更已写回老年人档案"
    elif record.proposed_changes:
        message += "，档案变更已提交乡镇（街道）、村（社区）工作人员核实"
    messages.success(request, message)


def _render_form(request, record, form, review=None, status=200):
    return render(request, "workbench/visit_form.html",
                  {"nav": "elders", "elder": record.elder, "record": record, "form": form,
                   "sections": form_sections(form), "error_links": error_links(form) if form.errors else [],
                   "review": review, "local_copy_key": local_copy_key(request.user, record.pk),
                   "saved_version": saved_version(record)}, status=status)


@workbench_view
def visit_edit(request, pk):
    """Fill in a draft visit record (保存草稿 / 提交); a submitted record is shown read-only."""
    record = visit_record_for(request, pk)
    if record.is_submitted or not record.is_started_by(request.user):
        return _visit_detail(request, record)
    if request.method != "POST":
        audit.record(request, "view", record)
        return _render_form(request, record, visit_answers_form(request, record))
    form = visit_answers_form(request, record, request.POST)
    review = None
    if form.is_valid():
        answers = form.answers()
        try:
            if "submit" not in request.POST:
                save_draft(record, answers, request.user)
                audit.record(request, "change", record, event="save_draft")
                messages.success(request, "草稿已保存")
                return redirect("workbench:visit_edit", pk=record.pk)
            review = ChangeReview.of(request, record, answers)
            if review.pending:  # once it could be submitted, show the changes; keep what was filled in
                check_submission(record, answers)
                save_draft(record, answers, request.user)
                return _render_form(request, record, form, review)
            _submit(request, record, answers, review)
            return redirect("workbench:elder_detail", pk=record.elder_id)
        except ValidationError as error:
            form.add_answer_errors(error)
    return _render_form(request, record, form, review, status=400)


def _visit_detail(request, record):
    """A record read-only: a submitted one, or a draft shown to someone other than who started it."""
    status = 200
    if request.method == "POST" and record.is_submitted:
        messages.error(request, "该探访记录已提交，不能修改。")
        status = 400
    elif request.method == "POST":
        audit.record(request, "denied", record, outcome="denied", attempted="change_draft")
        messages.error(request, NOT_THE_AUTHOR)
        status = 403
    else:
        audit.record(request, "view", record)
    return render(request, "workbench/visit_detail.html",
                  {"nav": "elders", "elder": record.elder, "record": record,
                   "sections": record.display_sections(
                       hide_id_numbers=not sees_id_numbers(request.user, record.elder))}, status=status)


@require_POST
@workbench_view
def visit_autosave(request, pk):
    """Save a draft as it is typed (JSON): the valid answers are saved, the others keep their saved value.

    Answers ``{"saved", "saved_at", "errors": {key: [message]}}``, status 400 when some answer
    could not be saved or the record is already submitted. Audited once per record and session.
    """
    record = visit_record_for(request, pk)
    if record.is_submitted:
        return JsonResponse({"saved": False, "errors": {"__all__": ["该探访记录已提交，不能修改。"]}}, status=400)
    if not record.is_started_by(request.user):
        audit.record(request, "denied", record, outcome="denied", attempted="autosave")
        return JsonResponse({"saved": False, "errors": {"__all__": [NOT_THE_AUTHOR]}}, status=403)
    form = visit_answers_form(request, record, request.POST)
    form.is_valid()
    invalid = form.answer_errors()
    errors = {**invalid, **autosave_draft(record, form.answers(), request.user, invalid_keys=invalid)}
    autosaved = request.session.get(AUTOSAVED_IN_SESSION, [])
    if record.pk not in autosaved:
        request.session[AUTOSAVED_IN_SESSION] = [*autosaved, record.pk]
        audit.record(request, "change", record, event="autosave")
    return JsonResponse({"saved": True, "saved_at": timezone.localtime(record.updated_at).strftime("%H:%M"),
                         "version": saved_version(record), "errors": errors}, status=400 if errors else 200)


def _proposal_for(request, pk):
    record = visit_record_for(request, pk)
    if not can(request.user, Action.EDIT, record.elder):
        audit.record(request, "denied", record, outcome="denied", attempted="apply_changes")
        raise PermissionDenied
    return record


@workbench_view
def visit_changes(request, pk):
    """A visitor's proposed file changes: township or village staff write them back (写回档案) or dismiss them."""
    record = _proposal_for(request, pk)
    if not record.proposed_changes:
        messages.info(request, "没有待核实的档案变更。")
        return redirect("workbench:elder_detail", pk=record.elder_id)
    errors = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "apply":
                keys = apply_proposed_changes(record, request.user)
                audit.record(request, "change", record.elder, event="visit_write_back", record=record.pk, fields=keys)
                messages.success(request, f"已将第{record.visit_number}次探访发现的变更写回档案。")
            else:
                keys = dismiss_proposed_changes(record)
                audit.record(request, "change", record, event="dismiss_changes", fields=keys)
                messages.success(request, f"已不予采纳第{record.visit_number}次探访提出的档案变更。")
            return redirect("workbench:elder_detail", pk=record.elder_id)
        except ValidationError as error:
            errors = error.message_dict
    changes = file_changes(record, record.plain_answers(), record.proposed_changes, reveal=False)
    if request.method != "POST":
        audit.record(request, "view", record, event="proposed_changes")
    return render(request, "workbench/visit_changes.html", {
        "nav": "elders", "elder": record.elder, "record": record,
        "changes": [(change, errors.get(change.key, [])) for change in changes],
        "other_errors": [text for key, texts in errors.items() if key not in record.proposed_changes
                         for text in texts],
    }, status=400 if errors else 200)
