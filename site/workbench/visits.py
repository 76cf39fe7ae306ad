"""Visit records in the workbench: start, fill (with autosave), submit, and the proposed file changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

import audit
from forms.answer_forms import AnswersForm
from forms.models import VisitRecord
from forms.services import NoPublishedForm, save_draft, start_visit, submit_visit
from roles.access import Action, assigned_elders, can, elders_visible_to

from .access import with_elder, workbench_view


def may_visit(user, elder):
    """The assigned visitor, and township/village staff who may edit the elder's file, start visits."""
    return can(user, Action.EDIT, elder) or assigned_elders(user).filter(pk=elder.pk).exists()


@require_POST
@with_elder()
def visit_start(request, elder):
    """Reopen the caller's draft for ``elder``, or start a new one (sections 一-四 prefilled)."""
    if not may_visit(request.user, elder):
        audit.record(request, "denied", elder, outcome="denied", attempted="visit")
        raise PermissionDenied
    record = VisitRecord.objects.drafts().filter(elder=elder, created_by=request.user).order_by("-pk").first()
    if record is None:
        try:
            record = start_visit(elder, request.user)
        except NoPublishedForm as error:
            messages.error(request, str(error))
            return redirect("workbench:elder_detail", pk=elder.pk)
        audit.record(request, "create", record, event="start_visit")
    return redirect("workbench:visit_edit", pk=record.pk)


def _record_for(request, pk):
    """The visit record ``pk`` if the caller may open it: its creator or staff who may edit the elder."""
    record = VisitRecord.objects.select_related("elder__village", "definition_revision").filter(pk=pk).first()
    user = request.user
    if record is None:
        raise Http404
    allowed = (elders_visible_to(user).filter(pk=record.elder_id).exists()
               and (record.created_by_id == user.pk or can(user, Action.EDIT, record.elder)))
    if not allowed:
        audit.record(request, "denied", record, outcome="denied", attempted="visit")
        raise Http404
    return record


def _visit_form(record, data=None):
    initial = record.plain_answers()
    for signature in record.signatures.all():  # images are kept apart from the answers
        initial[signature.key] = {**(initial.get(signature.key) or {}), "image": signature.image}
    return AnswersForm(record.schema, data=data, initial_answers=initial)


def _form_sections(form):
    """[(title, [item])] where an item is {"spec", "field", "parts"} of bound fields, by schema section."""
    sections = []
    for section in form.schema.sections:
        items = []
        for spec in section.fields:
            if spec.kind == "counter":
                continue
            parts = {name.split("__", 1)[1]: form[name] for name in form.fields if name.startswith(f"{spec.key}__")}
            items.append({"spec": spec, "field": form[spec.key] if spec.key in form.fields else None,
                          "parts": parts, "allow_unable": spec.options.get("allow_unable"),
                          "with_date": spec.options.get("with_date")})
        sections.append((section.title, items))
    return sections


@workbench_view
def visit_edit(request, pk):
    """Fill in a draft visit record (保存草稿 / 提交); a submitted record is shown read-only."""
    record = _record_for(request, pk)
    elder = record.elder
    if record.is_submitted:
        audit.record(request, "view", record)
        status = 200
        if request.method == "POST":
            messages.error(request, "该探访记录已提交，不能修改。")
            status = 400
        return render(request, "workbench/visit_detail.html",
                      {"nav": "elders", "elder": elder, "record": record,
                       "sections": record.display_sections()}, status=status)
    form = _visit_form(record, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            submitting = "submit" in request.POST
            try:
                if submitting:
                    submit_visit(record, form.answers(), request.user)
                else:
                    save_draft(record, form.answers(), request.user)
            except ValidationError as error:
                form.add_answer_errors(error)
            else:
                audit.record(request, "change", record, event="submit_visit" if submitting else "save_draft")
                if submitting:
                    messages.success(request, f"探访记录已提交（第{record.visit_number}次）")
                    return redirect("workbench:elder_detail", pk=elder.pk)
                messages.success(request, "草稿已保存")
                return redirect("workbench:visit_edit", pk=record.pk)
    else:
        audit.record(request, "view", record)
    return render(request, "workbench/visit_form.html",
                  {"nav": "elders", "elder": elder, "record": record, "form": form,
                   "sections": _form_sections(form)}, status=status)
