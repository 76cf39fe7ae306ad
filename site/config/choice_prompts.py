"""No "---------" (or "—") offered as a choice: selects open on a 请选择 prompt, radio buttons have no
empty choice, so nothing empty is pre-selected and a reader never takes a dash for an answer.

Every form of the project with choices mixes in ``ChoicePromptsMixin`` (or calls ``apply_prompts``
on fields it builds itself). A blank option with a label of its own (全部类别, （不转介给部门）) is
a real choice and is kept.
"""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

PROMPT = _("请选择")
DASH_LABELS = {BLANK_CHOICE_DASH[0][1], "—", "-", ""}


def _is_dash(value, label):
    return value in ("", None) and str(label).strip() in DASH_LABELS


def prompt_field(field):
    """Fix the empty choice of one form field in place (selects: 请选择; radios: none)."""
    widget = field.widget
    if not hasattr(field, "choices") or isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
        return field
    radio = isinstance(widget, forms.RadioSelect)
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and str(field.empty_label).strip() in DASH_LABELS:
            field.empty_label = None if radio else PROMPT
        return field
    choices = list(field.choices)
    if radio:
        field.choices = [(value, label) for value, label in choices if value not in ("", None)]
    else:
        field.choices = [(value, PROMPT if _is_dash(value, label) else label) for value, label in choices]
    return field


def apply_prompts(fields):
    """``prompt_field`` on each of ``fields`` (a form's ``fields`` or a dict of them); returns them."""
    for field in fields.values():
        prompt_field(field)
    return fields


class ChoicePromptsMixin:
    """For forms: after the form (and any subclass's ``__init__`` before this mixin) built its fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_prompts(self.fields)


class PromptedAdminModelForm(ChoicePromptsMixin, WagtailAdminModelForm):
    """The back office's forms of our own models (their ``base_form_class``): Wagtail's, with prompts."""
