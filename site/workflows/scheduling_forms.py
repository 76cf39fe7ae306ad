"""Forms of the visit screens (screens/visits.py)."""

from django import forms

from config.choice_prompts import ChoicePromptsMixin

from .models import VisitEscalation
from .models.scheduling import EscalationOutcome
from .schedule import parse_month, this_month


class EscalationForm(ChoicePromptsMixin, forms.ModelForm):
    """What the township officer did about an overdue visit (逾期探访督办).

    已完成探访 is not offered: submitting the visit record closes the escalation with it."""

    outcome = forms.ChoiceField(label="处理结果", widget=forms.RadioSelect,
                                choices=[choice for choice in EscalationOutcome.choices
                                         if choice[0] != EscalationOutcome.VISITED],
                                error_messages={"required": "请选择处理结果。"})

    class Meta:
        model = VisitEscalation
        fields = ["outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == EscalationOutcome.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "选择“其他”时请填写处理情况。")
        return cleaned


class MonthForm(forms.Form):
    """The month picker of the visit rate page: ``YYYY-MM`` (an ``<input type="month">``)."""

    month = forms.CharField(label="月份", required=False, widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, data, **kwargs):
        # No month asked for means this month: show it in the picker too, which would otherwise be empty
        # (Chromium then draws a "--------- ----" placeholder).
        if not data.get("month"):
            data = data.copy()
            data["month"] = f"{this_month():%Y-%m}"
        super().__init__(data, **kwargs)

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
