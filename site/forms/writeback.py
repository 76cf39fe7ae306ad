"""Sections 一 to 四 of a visit back into the elder's file: the inverse of ``forms.prefill``.

    changes = file_changes(record, answers)           # [FileChange] where the answers differ from the file
    submit_with_file_changes(record, answers, user, [change.key for change in changes], write_back=True)
    apply_proposed_changes(record, user)              # what a visitor proposed, by township/village staff
    dismiss_proposed_changes(record)

``FileWriteback`` does the work: the registry's forms bound to the changed file, ``errors`` by
answer key, ``save()``.

A visitor checks sections 一-四 (prefilled from the file) at every visit. What a submitted record
says differently is listed for the visitor; someone who may edit the file writes it back, anyone
else leaves it on the record as ``VisitRecord.proposed_changes`` for township or village staff.

The values go through the registry's own forms (``registry.forms.ElderForm`` and
``HouseholdFormSet``), bound to the file as it is with only the changed answers laid over it, so
a write-back is checked exactly like an edit of the file. Their errors come back by answer key; a
household member's error names its row and column (``forms.kinds.cell_error``). Household rows
pair with the members in the file's order; rows beyond them are new members, members beyond the
rows are removed.

Not written back: the address (county, township, village) is the elder's place in the region tree,
and moving an elder is an edit of the file. "是否独居、空巢" turned to "是" for an elder in neither
category can't say which of the two: that is an error asking for the file to be edited.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.forms import ElderForm, HouseholdFormSet
from registry.models import Category, HouseholdMember

from .answers import clean_answers, conceal_value, context_for
from .kinds import cell_error
from .prefill import HOUSEHOLD_CHOICES, HOUSEHOLD_COLUMNS, file_answers
from .services import submit_visit_in_transaction

# Answers whose key is the name of the Elder field they mirror.
FIELD_KEYS = ["name", "phone", "emergency_contact_name", "emergency_contact_phone", "lives_at_registered_residence",
              "is_disabled", "disability_certificate_number", "water_safety", "utilities_safety", "housing_safety",
              "monthly_income", "assistance_person", "assistance_measures"]
# Yes/no answers that say whether the elder belongs to one of these categories.
CATEGORY_KEYS = {"living_alone_or_empty_nest": ("living_alone", "empty_nest"), "left_behind": ("left_behind",),
                 "disabled": ("disabled",), "family_planning_special": ("family_planning_special",)}
HOUSEHOLD = "household_members"
# Elder fields filled from an answer of another name.
SHARED_FIELDS = {"monthly_benefits_amount": "monthly_benefits_note", "monthly_benefits_note": "monthly_benefits_note",
                 "assistance_providers": "assistance_providers", "assistance_provider_other": "assistance_providers"}
WRITABLE_KEYS = [*FIELD_KEYS, *CATEGORY_KEYS, HOUSEHOLD, "monthly_benefits_note", "assistance_providers"]

# Answers holding an ID number that the file keeps whole (a form shows them masked or not at all).
ID_NUMBER_KEYS = {"disability_certificate_number"}

LEADING_AMOUNT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*元\s*[，,]?\s*")


def split_benefits(text):
    """(amount, note) of the benefits cell as ``prefill.benefits_text`` writes it, "300元，养老保险".

    Without a leading amount the whole text is the note and the amount is 0: the cell is one
    statement on paper, and a number kept from before would contradict it.
    """
    text = (text or "").strip()
    match = LEADING_AMOUNT.match(text)
    return (match[1], text[match.end():].strip()) if match else ("0", text)


def _concealed(value):
    """Blank, or masked as a form shows a number (``forms.kinds.conceal``): not a number to store."""
    return not value or "*" in value


def _keep_stored_id(values, member):
    """A household row's form values with ``member``'s ID number kept when the row is that person
    (same name) and its number cell is blank or masked."""
    if member.id_number and _concealed(values.get("id_number")) and values.get("name") == member.name:
        return {**values, "id_number": member.id_number}
    return values


@dataclass
class FileChange:
    """One answer of sections 一-四 that differs from the file: label, and both values as text."""

    key: str
    label: str
    old: str
    new: str


def _label(spec):
    return f"{spec.label}（{spec.group}）" if spec.group else spec.label


def _as_text(spec, value, reveal, id_numbers):
    if spec.kind_spec.is_blank(value):
        return _("（空）")
    if id_numbers != "full":
        value = conceal_value(spec, value, hide=id_numbers == "hidden")
    shown = spec.kind_spec.display(spec, value, reveal=reveal)
    if spec.kind == "table":
        return "；".join("，".join(cell for cell in row if cell) for row in shown)
    return shown or _("（不显示）")


def file_changes(record, answers, keys=None, reveal=True, id_numbers="masked"):
    """The answers (as a form gives them) that differ from ``record.elder``'s file as it is now.

    Only keys that can be written back, and of those only ``keys`` if given. Raises
    ValidationError by key for an answer that isn't valid, as ``save_draft`` would. Phones are
    masked unless ``reveal``; ID numbers are shown by ``id_numbers``: "masked", "hidden" (for
    visitors) or "full" (after an audited reveal).
    """
    schema = record.schema
    wanted = [key for key in WRITABLE_KEYS if schema.field(key) and (keys is None or key in keys)]
    new = clean_answers(schema, {key: answers.get(key) for key in wanted}, context_for(record.elder), partial=True)
    old = file_answers(schema, record.elder)
    changes = []
    for key in wanted:
        spec = schema.field(key)
        before, after = old.get(key), new.get(key)
        if before == after or (spec.kind_spec.is_blank(before) and spec.kind_spec.is_blank(after)):
            continue
        changes.append(FileChange(key, _label(spec), _as_text(spec, before, reveal, id_numbers),
                                  _as_text(spec, after, reveal, id_numbers)))
    return changes


def _posted(form):
    """What a browser would post for the unbound ``form``: every field at its initial value."""
    return {form.add_prefix(name): "" if form[name].value() is None else form[name].value() for name in form.fields}


def _code(choice_class, text):
    """The code of a household cell: its label as the form shows it, or the code itself."""
    by_label = {str(label): code for code, label in choice_class.choices}
    return by_label.get(text, text)


class FileWriteback:
    """The answers ``keys`` of ``record`` laid over its elder's file, bound to the registry's forms.

    ``errors`` holds the problems by answer key (``NON_FIELD_ERRORS`` for the file's own fields
    that no answer mirrors); ``save()`` writes the file and its household when there are none.
    """

    def __init__(self, record, answers, user, keys):
        self.record, self.elder = record, record.elder
        self.keys = [key for key in WRITABLE_KEYS if key in keys and record.schema.field(key)]
        self.answers = clean_answers(record.schema, {key: answers.get(key) for key in self.keys},
                                     context_for(self.elder), partial=True)
        self.errors = {}
        data = _posted(ElderForm(instance=self.elder, user=user))
        data.update(self._elder_values())
        self.elder_form = ElderForm(data, instance=self.elder, user=user)
        self.household = self._household_formset() if HOUSEHOLD in self.keys else None
        self._collect_errors()

    # ------------------------------------------------------------------ answers -> form data

    def _elder_values(self):
        values = {}
        for key in self.keys:
            answer = self.answers.get(key)
            if key in ID_NUMBER_KEYS and answer and "*" in answer:
                values[key] = getattr(self.elder, key)  # a masked number never replaces the real one
            elif key in FIELD_KEYS:
                values[key] = answer.get("value") if isinstance(answer, dict) else answer
            elif key == "monthly_benefits_note":
                values["monthly_benefits_amount"], values["monthly_benefits_note"] = split_benefits(answer)
            elif key == "assistance_providers":
                values["assistance_providers"] = list(answer["value"])
                values["assistance_provider_other"] = answer["other"]
        categories = self._categories()
        if categories is not None:
            values["categories"] = [category.pk for category in categories]
        return {name: "" if value is None else value for name, value in values.items()}

    def _categories(self):
        changed = [key for key in self.keys if key in CATEGORY_KEYS]
        if not changed:
            return None
        codes = set(self.elder.categories.values_list("code", flat=True))
        for key in changed:
            group, belongs = set(CATEGORY_KEYS[key]), self.answers[key]["value"]
            if belongs is None:
                self._add_error(key, _("请选择“是”或“否”。"))
            elif not belongs:
                codes -= group
            elif not codes & group:
                if len(group) == 1:
                    codes |= group
                else:
                    self._add_error(key, _("档案须写明是“独居”还是“空巢”，请在档案中修改对象类别。"))
        return Category.objects.filter(code__in=codes)

    def _household_formset(self):
        rows, members = self.answers.get(HOUSEHOLD) or [], list(self.elder.household())
        data = {"household-TOTAL_FORMS": max(len(rows), len(members)), "household-INITIAL_FORMS": len(members),
                "household-MIN_NUM_FORMS": 0, "household-MAX_NUM_FORMS": 1000}
        unbound = HouseholdFormSet(instance=self.elder, prefix="household", queryset=self.elder.household())
        for index, form in enumerate(unbound.forms[:len(members)]):
            data.update(_posted(form))
            if index >= len(rows):
                data[f"household-{index}-DELETE"] = "on"
        for index, row in enumerate(rows):
            values = self._member_values(row)
            if index < len(members):
                values = _keep_stored_id(values, members[index])
            data.update({f"household-{index}-{column}": value for column, value in values.items()})
        return HouseholdFormSet(data, instance=self.elder, prefix="household", queryset=self.elder.household())

    @staticmethod
    def _member_values(row):
        values = {}
        for column in HOUSEHOLD_COLUMNS:
            value = (row.get(column) or "").strip()
            if column in HOUSEHOLD_CHOICES:
                value = _code(HOUSEHOLD_CHOICES[column], value)
            field = HouseholdMember._meta.get_field(column)
            values[column] = field.get_default() if not value and field.has_default() else value
        return values

    # ------------------------------------------------------------------ form errors -> answer keys

    def _add_error(self, key, error):
        self.errors.setdefault(key, []).append(error if isinstance(error, ValidationError) else ValidationError(error))

    def _key_for(self, field_name):
        if field_name in FIELD_KEYS:
            return field_name
        if field_name in SHARED_FIELDS:
            return SHARED_FIELDS[field_name]
        if field_name == "categories":
            return next((key for key in self.keys if key in CATEGORY_KEYS), None)
        return None

    def _collect_errors(self):
        for field_name, errors in self.elder_form.errors.as_data().items():
            key = self._key_for(field_name)
            for error in errors:
                if key is None:
                    label = (self.elder_form.fields[field_name].label if field_name in self.elder_form.fields
                             else _("档案"))
                    error = ValidationError(_("档案中“%(field)s”：%(message)s") % {
                        "field": label, "message": " ".join(error.messages)})
                self._add_error(key or NON_FIELD_ERRORS, error)
        if self.household is None:
            return
        columns = {column["key"]: column for column in self.record.schema.field(HOUSEHOLD).columns}
        for index, form in enumerate(self.household.forms):
            for field_name, errors in form.errors.as_data().items():
                column = columns.get(field_name, {"key": field_name, "label": _("家庭成员")})
                for error in errors:
                    self._add_error(HOUSEHOLD, cell_error(index, column, " ".join(error.messages)))
        for error in self.household.non_form_errors().as_data():
            self._add_error(HOUSEHOLD, error)

    # ------------------------------------------------------------------ saving

    @transaction.atomic
    def save(self):
        """Write the file (and household); only when there are no ``errors``."""
        if self.errors:
            raise ValueError("FileWriteback.save() with errors")
        self.elder_form.save()
        if self.household is None:
            return
        self.household.save()
        kept = [form.instance for form in self.household.forms if form not in self.household.deleted_forms]
        for position, member in enumerate(kept):  # the order of the rows, new members last
            HouseholdMember.objects.filter(pk=member.pk).update(sort_order=position)


# ---------------------------------------------------------------------- services


@transaction.atomic
def submit_with_file_changes(record, answers, user, keys, write_back):
    """``submit_visit``, and the file changes ``keys`` it found written back or proposed.

    With ``write_back`` (the caller may edit the file and confirmed) the changes are written to the
    file, checked before anything is saved: their errors raise ValidationError by answer key and
    the record stays a draft. Otherwise ``keys`` are kept on the record as proposed changes
    (pass none when an editor chose not to write them back). Returns the record.
    """
    writeback = FileWriteback(record, answers, user, keys) if write_back and keys else None
    if writeback is not None and writeback.errors:
        raise ValidationError(writeback.errors)
    submit_visit_in_transaction(record, answers, user)
    if writeback is not None:
        writeback.save()
    elif keys:
        record.proposed_changes = list(keys)
        record.save(update_fields=["proposed_changes"])
    return record


@transaction.atomic
def apply_proposed_changes(record, user):
    """Write a submitted record's proposed changes to the file (ValidationError by key if they don't fit)."""
    writeback = FileWriteback(record, record.plain_answers(), user, record.proposed_changes)
    if writeback.errors:
        raise ValidationError(writeback.errors)
    writeback.save()
    keys, record.proposed_changes = record.proposed_changes, []
    record.save(update_fields=["proposed_changes"])
    return keys


def dismiss_proposed_changes(record):
    """Leave the file as it is; the record keeps what the visitor wrote."""
    keys, record.proposed_changes = record.proposed_changes, []
    record.save(update_fields=["proposed_changes"])
    return keys
