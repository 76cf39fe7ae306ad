"""Starting, saving and submitting visit records: the API the workbench and the PDF build on.

    record = start_visit(elder, visitor)            # a draft on the live 附件2, sections 一-四 prefilled
    save_draft(record, answers, user)               # partial answers, required fields may be blank
    autosave_draft(record, answers, user)           # the valid part of partial answers, errors by key
    submit_visit(record, answers, user)             # validate, number, typed columns, rules

``answers`` is a dict by field key in the shapes ``forms.kinds`` documents. Errors are
``ValidationError({field key: [Chinese message, ...]})``. Who may do this to which elder is the
caller's check (``roles.access``), as for every view; but a draft is only ever saved and submitted
by the person who started it (``check_author``), whoever else may open it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

import audit

from .answers import clean_answers, context_for, protect_answers
from .choices import RecordStatus
from .kinds import REQUIRED, check_date_bounds
from .models import FormDefinition, VisitRecord, VisitSignature
from .prefill import file_answers
from .rules import evaluate_rules
from .signals import visit_submitted
from .typed_columns import fill_typed_columns

NOT_THE_AUTHOR = "这份探访记录草稿只有填写人本人可以修改和提交。"


class NoPublishedForm(Exception):
    """The visit form has no published version: an administrator must publish one first."""


def check_author(record, user):
    """PermissionDenied (with a Chinese message) unless ``user`` started the draft ``record``.

    Others who may open a draft (township staff, for one) see it but never change or submit it:
    the record would then be listed under its visitor's name with words they never wrote.
    """
    if not record.is_started_by(user):
        raise PermissionDenied(NOT_THE_AUTHOR)


def start_visit(elder, visitor, created_by=None, definition=None):
    """A new draft record for ``elder`` on the live version of the visit form, prefilled from the file."""
    record = prepare_visit(elder, visitor, created_by, definition)
    record.save()
    return record


def prepare_visit(elder, visitor, created_by=None, definition=None):
    """``start_visit``'s record, not saved: what a phone keeps to fill offline (``workbench.offline``)."""
    definition = definition or FormDefinition.objects.visit_form()
    if not definition.live or definition.live_revision_id is None:
        raise NoPublishedForm(_("“%(name)s”尚未发布，请管理员先发布表单。") % {"name": definition.name})
    record = VisitRecord(elder=elder, visitor=visitor, definition=definition,
                         definition_revision=definition.live_revision, created_by=created_by or visitor)
    record.answers = protect_answers(record.schema, _without_images(file_answers(record.schema, elder)))
    return record


def save_draft(record, answers, user):
    """Keep what has been filled so far; values must be valid, required fields may be blank."""
    check_author(record, user)
    cleaned = clean_answers(record.schema, answers, context_for(record.elder), partial=True)
    with transaction.atomic():
        _lock_draft(record)
        _store(record, cleaned)
        record.save()
    return record


def autosave_draft(record, answers, user, invalid_keys=()):
    """Save the valid part of ``answers``; a key that fails (or is in ``invalid_keys``) keeps its saved value.

    For saving while someone types: a half-typed phone number must not keep the rest of the page
    from being saved, nor wipe the number saved before. Returns the errors by key, {} when every
    answer was saved; a submitted record raises ValidationError as in ``save_draft``.
    """
    check_author(record, user)
    _check_draft(record)
    saved = record.answers_with_signatures()
    kept, errors = set(invalid_keys), {}
    context = context_for(record.elder)
    try:
        cleaned = clean_answers(record.schema, {**answers, **{key: saved.get(key) for key in kept}}, context,
                                partial=True)
    except ValidationError as error:
        errors = error.message_dict
        kept |= set(errors)
        cleaned = clean_answers(record.schema, {**answers, **{key: saved.get(key) for key in kept}}, context,
                                partial=True)
    with transaction.atomic():
        _lock_draft(record)
        _store(record, cleaned)
        record.save()
    return errors


@transaction.atomic
def submit_visit(record, answers, user):
    """Validate ``answers`` against the record's own revision and submit the record.

    Sets the typed columns from the answers (``forms.typed_columns``), the visit number (one more
    than the elder's highest; care number likewise when section 六 is filled), the signatures, and
    evaluates the follow-up rules. Returns the record.
    """
    return submit_visit_in_transaction(record, answers, user)


def submit_visit_in_transaction(record, answers, user):
    """``submit_visit`` for a caller that has opened the transaction (no savepoint of its own):
    an error leaves the caller's transaction to roll back, so it must not be caught inside it."""
    check_author(record, user)
    # One submission per elder at a time, so two visitors can't both become 第 n 次.
    _lock_draft(record, with_elder=True)
    cleaned = check_submission(record, answers)
    _store(record, cleaned)
    numbers = VisitRecord.objects.filter(elder_id=record.elder_id).exclude(pk=record.pk)
    record.visit_number = (numbers.aggregate(n=Max("visit_number"))["n"] or 0) + 1
    if record.schema.care_section_filled(cleaned):
        record.care_number = record.elder.next_care_number()
    record.status = RecordStatus.SUBMITTED
    record.submitted_at = timezone.now()
    record.submitted_by = user
    record.save()
    flags = evaluate_rules(record)
    visit_submitted.send(sender=VisitRecord, record=record, flags=flags, user=user)
    audit.record_for_user(user, "create", record, event="submit_visit", visit_number=record.visit_number)
    return record


def check_submission(record, answers):
    """The cleaned ``answers`` if ``record`` could be submitted with them; ValidationError by key if not."""
    _check_draft(record)
    context = context_for(record.elder)
    cleaned = clean_answers(record.schema, answers, context)
    _check_visit_date(record, cleaned, context)
    return cleaned


def _lock_draft(record, with_elder=False):
    """Lock ``record``'s row and check that it is still a draft: an autosave may arrive after the submit.

    ``with_elder``: lock the elder's row too, in the same query (the elder is joined, and a
    ``FOR UPDATE`` without ``OF`` locks the rows of every table it reads).
    """
    rows = VisitRecord.objects.select_for_update().filter(pk=record.pk)
    row = rows.values_list("status", *(["elder__status"] if with_elder else [])).first()
    record.status = row[0] if row else record.status
    _check_draft(record)


def _check_draft(record):
    if record.status != RecordStatus.DRAFT:
        raise ValidationError({"__all__": [_("该探访记录已提交，不能修改。")]})


def _check_visit_date(record, cleaned, context):
    from datetime import date

    if not cleaned.get("visit_date"):
        raise ValidationError({"visit_date": [str(REQUIRED)]})
    try:
        check_date_bounds(date.fromisoformat(cleaned["visit_date"]), "visit", context)
    except ValidationError as error:
        raise ValidationError({"visit_date": error.messages}) from None


def _without_images(cleaned):
    return {key: {k: v for k, v in value.items() if k != "image"} if isinstance(value, dict) and "image" in value
            else value for key, value in cleaned.items()}


def _store(record, cleaned):
    """Answers (encrypted where sensitive), typed columns and signature images of ``record``."""
    record.answers = protect_answers(record.schema, _without_images(cleaned))
    fill_typed_columns(record, cleaned)
    if record.pk is None:
        record.save()
    signatures = {key: value["image"] for key, value in cleaned.items() if isinstance(value, dict) and "image" in value}
    signed = [VisitSignature(record=record, key=key, image=image) for key, image in signatures.items() if image]
    if signed:  # one upsert on (record, key) for all of them, ``signed_at`` now as ``auto_now`` sets it
        VisitSignature.objects.bulk_create(signed, update_conflicts=True, unique_fields=["record", "key"],
                                           update_fields=["image", "signed_at"])
    cleared = [key for key, image in signatures.items() if not image]
    if cleared:
        VisitSignature.objects.filter(record=record, key__in=cleared).delete()


def resume_or_start_visit(elder, visitor):
    """The visitor's latest draft for ``elder``, or a new one from ``start_visit``: (record, created)."""
    record = VisitRecord.objects.drafts().filter(elder=elder, created_by=visitor).order_by("-pk").first()
    if record is not None:
        return record, False
    return start_visit(elder, visitor), True
