"""Forms of the census and assignment screens, sized for a phone.

They check what a form can (types, required boxes); the rules live in ``workflows.census`` and
``workflows.assignment`` (and the registry's ``Elder.clean``), whose ``ValidationError`` the
screens put back next to the fields with ``add_service_errors``.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from config.choice_prompts import ChoicePromptsMixin, apply_prompts
from registry.models import Assignment, Elder
from workflows.assignment import FIRST_CONTACT_FIELDS, visitors_for
from workflows.census import CONSENT_FIELDS, duplicate_candidates
from workflows.models import CensusDecision

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RADIO_FIELDS = {"consents_to_visits", "consent_given_by", "lacks_capacity", "first_contact_kind"}


def elder_fields(elder, names):
    """Form fields for ``names`` of ``Elder``, as the registry defines them, filled from ``elder``."""
    fields = forms.fields_for_model(Elder, fields=names, widgets={
        **{name: forms.RadioSelect for name in RADIO_FIELDS & set(names)}, "consent_date": DATE_INPUT})
    for name, field in fields.items():
        field.initial = getattr(elder, name)
    return apply_prompts(fields)


class ServiceErrorsMixin(ChoicePromptsMixin):
    def add_service_errors(self, error):
        """Show a service's ``ValidationError`` beside its field, or above the form for other fields."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class VerifyForm(ServiceErrorsMixin, forms.Form):
    confirmed = forms.BooleanField(label=_("已入户核实信息无误"), error_messages={
        "required": _("请入户核实后勾选确认；信息有误请先修改档案。")})
    notes = forms.CharField(label=_("核实情况"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("如：本人在家，身体状况、居住情况与登记一致"))

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(elder_fields(elder, CONSENT_FIELDS))
        self.order_fields(["confirmed", *CONSENT_FIELDS, "notes"])

    def consent(self):
        return {name: self.cleaned_data[name] for name in CONSENT_FIELDS}


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, elder):
        return (f"{elder.name}，{elder.get_sex_display()}，{elder.birth_date:%Y-%m-%d}出生，"
                f"{elder.village.name}，{elder.masked_id_number}（{elder.get_status_display()}）")


class ApproveForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=CensusDecision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": _("请选择审核结果。")})
    merged_into = CandidateChoiceField(label=_("与哪份已有档案为同一人"), queryset=Elder.objects.none(),
                                       required=False, widget=forms.RadioSelect, empty_label=None,
                                       help_text=_("本乡镇(街道)内姓名相同，或性别、出生日期相同的档案"))
    reason = forms.CharField(label=_("理由"), required=False, max_length=150,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=_("不予通过时必填"))

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = duplicate_candidates(elder)


class VisitorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name() or user.get_username()}（{user.staff_profile.region.name}）"


class AssignForm(ServiceErrorsMixin, forms.Form):
    visitor = VisitorChoiceField(label=_("探访人员"), queryset=get_user_model().objects.none(),
                                 error_messages={"required": _("请选择探访人员。")})

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, **kwargs)
        current = elder.assignments.current().first()
        self.fields["visitor"].queryset = visitors_for(elder)
        self.fields["visitor"].initial = current.visitor_id if current else None
        self.fields.update(elder_fields(elder, FIRST_CONTACT_FIELDS))
        self.fields.update(forms.fields_for_model(Assignment, fields=["visits_per_month"]))
        visits = self.fields["visits_per_month"]
        visits.initial = current.visits_per_month if current else None
        visits.validators.extend(Assignment._meta.get_field("visits_per_month").validators)  # not copied by Django

    def first_contact(self):
        return {name: self.cleaned_data[name] for name in FIRST_CONTACT_FIELDS}
