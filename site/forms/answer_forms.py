"""A Django form for a schema (a revision of a definition), for the workbench and other UIs.

    form = AnswersForm(record.schema, data=request.POST or None, initial_answers=record.plain_answers())
    if form.is_valid():
        try:
            submit_visit(record, form.answers(), request.user)
        except ValidationError as error:
            form.add_answer_errors(error)

The form only converts between HTML inputs and the answer shapes of ``forms.kinds``; every rule
(required, choices, dates, details) is checked once, by ``forms.answers.clean_answers`` through
``save_draft``/``submit_visit``, whose errors ``add_answer_errors`` puts beside the inputs. A field
``key`` with parts posts them as ``key`` plus ``key__<part>`` (e.g. ``family_change__count``);
a table posts one input per cell, ``key-<row>-<column>`` (rows may skip numbers: a row removed in
the browser), and ``table_inputs(key)`` lays them out with each cell's error; a signature posts a
data URL in ``key__image``.

No ID number reaches the browser in full: the form shows them masked, or not at all with
``hide_id_numbers`` (visitors), and ``answers()`` gives a number posted back as shown (or blank)
its stored value again (``forms.answers.restore_concealed``).
"""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from config.choice_prompts import apply_prompts
from config.text_limits import LONG_TEXT, SHORT_TEXT
from registry.fields import TEL_INPUT_ATTRS

from .answers import conceal_answers, restore_concealed
from .kinds import is_identity_number

# No blank radio: an unanswered question has none checked (a "—" choice read as 一 on paper forms).
YES_NO_CHOICES = [("true", "是"), ("false", "否")]
# Beside an ID number a visitor may not see: blank, so typing one replaces it.
HIDDEN_NUMBER = "已登记，不显示；如需更正请重新填写"
# kind -> {part: form field factory}; the part "" is the field ``key`` itself. A factory returns
# None where the definition has no such part (a yes/no without a 说明 to fill in): no input is
# offered whose text would only be dropped.
PARTS = {
    "choice_other": {"other": lambda spec: forms.CharField(label=spec.option("other_label", "其他"),
                                                        max_length=SHORT_TEXT)},
    "family_change": {"count": lambda spec: forms.IntegerField(label="人数", min_value=0)},
    "illness": {"illness_name": lambda spec: forms.CharField(label="疾病名称", max_length=SHORT_TEXT)},
    "yes_no": {"detail": lambda spec: forms.CharField(label=spec.option("detail_label"), max_length=LONG_TEXT)
               if spec.option("detail_label") else None},
    "signature": {"image": lambda spec: forms.CharField(widget=forms.HiddenInput),
                  "unable": lambda spec: forms.BooleanField(label="本人无法签字"),
                  "reason": lambda spec: forms.CharField(label="无法签字的原因", max_length=SHORT_TEXT),
                  "date": lambda spec: forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))},
}


# An input the phone must not keep a copy of (js/visit-autosave.js): ID numbers, fields marked sensitive.
PRIVATE_INPUT_ATTRS = {"data-local-copy": "off", "autocomplete": "off"}


def _private(text_format, sensitive):
    """Whether a text answer or table column is one the phone keeps no copy of (phones it may keep)."""
    return text_format == "id_number" or (bool(sensitive) and text_format != "phone")


class TableWidget(forms.Widget):
    """The rows of a table answer from its cell inputs, in the order of their row numbers."""

    def __init__(self, column_keys, attrs=None):
        super().__init__(attrs)
        self.column_keys = list(column_keys)

    def value_from_datadict(self, data, files, name):
        columns = "|".join(re.escape(key) for key in self.column_keys)
        cell = re.compile(rf"{re.escape(name)}-(\d{{1,4}})-({columns})")
        rows = {}
        for input_name in data:
            match = cell.fullmatch(input_name)
            if match:
                rows.setdefault(int(match[1]), {})[match[2]] = data.get(input_name)
        return [rows[number] for number in sorted(rows)]

    def value_omitted_from_data(self, data, files, name):
        return False  # no cells posted means no rows


class TableField(forms.Field):
    """A table answer as a list of row dicts; ``clean_answers`` checks the cells."""

    def __init__(self, spec, **kwargs):
        super().__init__(widget=TableWidget([column["key"] for column in spec.columns]), **kwargs)


@dataclass
class TableInputs:
    """What a template needs to draw a table answer as inputs: its filled rows of cells, one blank row.

    A cell is {"name", "id", "label", "format", "max_length", "value", "error"}; ``template_row`` has
    ``__prefix__`` for its row number (a script copies it to add rows); ``errors`` are those that
    belong to no cell.
    """

    rows: list
    blank_row: list
    template_row: list
    errors: list


def _main_field(spec):
    choices = [(str(value), label) for value, label in spec.choices] if spec.kind not in ("yes_no",) else None
    if spec.kind == "long_text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=spec.kind_spec.max_length(spec))
    if spec.kind == "number":
        return forms.DecimalField()
    if spec.kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    if spec.kind == "multiple_choice" or (spec.kind == "choice_other" and spec.options.get("multiple")):
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
    if spec.kind == "yes_no":
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect)
    if choices is not None and spec.kind not in ("text", "table", "signature", "counter"):
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
    if spec.kind == "table":
        return TableField(spec)
    max_length = spec.kind_spec.max_length(spec)
    if spec.option("format") == "phone":
        return forms.CharField(max_length=max_length, widget=forms.TextInput(attrs=TEL_INPUT_ATTRS))
    if _private(spec.option("format"), spec.options.get("sensitive")):
        return forms.CharField(max_length=max_length, widget=forms.TextInput(attrs=PRIVATE_INPUT_ATTRS))
    return forms.CharField(max_length=max_length)


class AnswersForm(forms.Form):
    """``hidden_keys``: fields left off the form (e.g. a section its user doesn't fill); their
    answers stay as stored. ``hide_id_numbers``: ID numbers are not shown (visitors)."""

    def __init__(self, schema, *args, initial_answers=None, hide_id_numbers=False, hidden_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        self.stored_answers, self.hide_id_numbers = initial_answers or {}, hide_id_numbers
        self.hidden_keys = set(hidden_keys)
        self.hidden_answers = {key: self.stored_answers.get(key) for key in self.hidden_keys}
        shown = conceal_answers(schema, self.stored_answers, hide=hide_id_numbers)
        for spec in schema.fields():
            if spec.kind == "counter" or spec.key in self.hidden_keys:
                continue
            if spec.kind != "signature":
                self.fields[spec.key] = self._field(_main_field(spec), spec.label, spec.help_text)
            for part, factory in PARTS.get(spec.kind, {}).items():
                if (part_field := factory(spec)) is not None:
                    self.fields[f"{spec.key}__{part}"] = self._field(part_field, None, "")
            self._set_initial(spec, shown.get(spec.key))
            if hide_id_numbers and spec.kind == "text" and is_identity_number(spec.options) \
                    and self.stored_answers.get(spec.key):
                self.fields[spec.key].widget.attrs["placeholder"] = HIDDEN_NUMBER
        apply_prompts(self.fields)

    @staticmethod
    def _field(field, label, help_text):
        field.required = False  # clean_answers decides, with the definition's own messages
        if label is not None:
            field.label = label
        field.help_text = help_text
        return field

    def _set_initial(self, spec, value):
        if isinstance(value, dict):
            for part, part_value in value.items():
                name = spec.key if part == "value" else f"{spec.key}__{part}"
                if name in self.fields:
                    # Yes/no radios take "true"/"false"; a checkbox (本人无法签字) takes the bool itself.
                    if isinstance(part_value, bool) and not isinstance(self.fields[name], forms.BooleanField):
                        part_value = str(part_value).lower()
                    self.initial[name] = part_value
        elif value not in (None, ""):
            self.initial[spec.key] = value

    def answers(self):
        """The answers by key, in the shapes ``submit_visit`` and ``save_draft`` take."""
        data = self.cleaned_data
        answers = {}
        for spec in self.schema.fields():
            if spec.key in self.hidden_keys:
                answers[spec.key] = self.hidden_answers[spec.key]
                continue
            parts = PARTS.get(spec.kind)
            value = data.get(spec.key)
            value = value.isoformat() if hasattr(value, "isoformat") else value
            if parts:
                answer = {"value": value} if spec.kind != "signature" else {}
                for part in parts:
                    part_value = data.get(f"{spec.key}__{part}")
                    answer[part] = part_value.isoformat() if hasattr(part_value, "isoformat") else part_value
                answers[spec.key] = answer
            elif spec.kind != "counter":
                answers[spec.key] = "" if value is None else str(value) if spec.kind == "number" else value
        return restore_concealed(self.schema, answers, self.stored_answers, hide=self.hide_id_numbers)

    def add_answer_errors(self, error: ValidationError):
        """Put the errors of ``save_draft``/``submit_visit`` (keyed by field key) beside the inputs."""
        for key, errors in error.error_dict.items():
            name = key if key in self.fields else next((n for n in self.fields if n.startswith(f"{key}__")), None)
            for item in errors:
                self.add_error(name if name else None, item)

    def _rows_with_hidden_numbers(self, spec):
        """{(first cell, column key)} of the stored rows whose ID number a visitor's form leaves blank."""
        if not self.hide_id_numbers or not spec.columns:
            return set()
        first = spec.columns[0]["key"]
        return {(row.get(first), column["key"]) for row in self.stored_answers.get(spec.key) or []
                if isinstance(row, dict) for column in spec.columns
                if is_identity_number(column) and row.get(column["key"])}

    def answer_errors(self):
        """This form's own errors (an unreadable number or date) by field key, e.g. for a JSON answer."""
        errors = {}
        for name, messages in self.errors.items():
            errors.setdefault(name.split("__", 1)[0], []).extend(messages)
        return errors

    def table_inputs(self, key, choices=None):
        """The inputs of table answer ``key``: its rows (as posted, or as stored), cell errors beside cells.

        ``choices`` ({column key: [value]}) makes those cells a list to pick from; a value already
        there that is not in the list stays one of its options, so nothing is lost unseen.
        """
        choices = choices or {}
        spec = self.schema.field(key)
        cell_errors, other_errors = {}, []
        for error in self.errors.get(key, forms.utils.ErrorList()).as_data():
            params = error.params or {}
            if "column_key" in params:
                cell_errors[(params["row_index"], params["column_key"])] = params["message"]
            else:
                other_errors.extend(error.messages)
        rows = self[key].value() or []
        hidden = self._rows_with_hidden_numbers(spec)

        def options(column_key, value):
            if column_key not in choices:
                return None
            return [*choices[column_key], *([value] if value and value not in choices[column_key] else [])]

        def cells(number, row):
            return [{"name": f"{key}-{number}-{column['key']}", "id": f"id_{key}-{number}-{column['key']}",
                     "label": column["label"], "format": column.get("format") or "text", "value": value,
                     "max_length": SHORT_TEXT, "choices": options(column["key"], value),
                     "error": cell_errors.get((number, column["key"])),
                     "private": _private(column.get("format"), column.get("sensitive")),
                     "placeholder": HIDDEN_NUMBER if (row.get(spec.columns[0]["key"]), column["key"]) in hidden else ""}
                    for column in spec.columns for value in [row.get(column["key"]) or ""]]

        return TableInputs(rows=[cells(number, row) for number, row in enumerate(rows) if any(row.values())],
                           blank_row=cells(len(rows), {}), template_row=cells("__prefix__", {}),
                           errors=other_errors)
