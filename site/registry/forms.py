"""Forms for an elder's file: villages limited to the user's scope, the category rules.

``ElderFormMixin`` holds what both front doors need; ``ElderAdminForm`` serves the Wagtail
panels (trusted administrators), ``ElderForm`` the workbench (township and village staff), and
``NewElderForm`` registering a person in the workbench.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from config.choice_prompts import ChoicePromptsMixin, apply_prompts
from registry.choices import CENSUS_STATUSES, ElderStatus
from registry.dates import china_today
from registry.id_numbers import mask_id_number
from registry.models import Elder, HouseholdMember
from roles.access import regions_under
from roles.models import Region, RegionLevel


class MaskedNumbersMixin:
    """A record's ID numbers (a 残疾人证号 holds one) are shown masked, never in full; a value posted
    back exactly as shown keeps the stored number, so only a newly typed one replaces it."""

    masked_fields = ("id_number", "disability_certificate_number")

    def mask_numbers(self):
        for name in self.masked_fields:
            stored = getattr(self.instance, name, "") if self.instance.pk else ""
            if name not in self.fields or not stored:
                continue
            shown = mask_id_number(stored)
            self.initial[name] = shown
            self.fields[name].clean = self._keeping(self.fields[name].clean, shown, stored)

    @staticmethod
    def _keeping(clean, shown, stored):
        return lambda value: clean(stored if isinstance(value, str) and value.strip() == shown else value)


class HouseholdMemberForm(ChoicePromptsMixin, MaskedNumbersMixin, forms.ModelForm):
    """One row of the household (section 二)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mask_numbers()


class ElderFormMixin(MaskedNumbersMixin):
    """A village outside the user's region is not offered, and posting one is refused as an
    invalid choice, so nobody registers an elder (or moves one) outside their own area."""

    def limit_to_user(self, user):
        self.mask_numbers()
        village = self.fields["village"]
        villages = Region.objects.of_level(RegionLevel.VILLAGE).select_related("parent")
        village.queryset = regions_under(user, "roles.manage_elders", villages) | regions_under(
            user, "roles.census_elders", villages)
        village.label_from_instance = lambda region: f"{region.parent.name} {region.name}"
        self.fields["categories"].error_messages["required"] = _("请至少选择一个对象类别。")
        self.limit_status()
        apply_prompts(self.fields)

    def limit_status(self):
        """The census alone sets its statuses: a new record may start 待核实 (which opens a census,
        see ``workflows.census``), an existing one never goes back to it, and a record in a census
        status keeps it until the census decides."""
        status = self.fields["status"]
        if self.instance.pk and self.instance.status in CENSUS_STATUSES:
            status.disabled = True
            status.help_text = _("由摸底排查流程确定")
            return
        keep = set()
        if self.instance.pk is None:
            keep = {ElderStatus.PENDING}
            self.initial["status"] = ElderStatus.PENDING
        status.choices = [choice for choice in status.choices
                          if choice[0] not in CENSUS_STATUSES or choice[0] in keep]

    def save_or_error(self, *formsets):
        """Save the elder and ``formsets`` in one transaction and return the elder.

        None when another registration of the same ID number was saved in the meantime
        (``Elder.save``): its message is then beside the field, as a validation error would be.
        """
        try:
            with transaction.atomic():
                elder = self.save()
                for formset in formsets:
                    formset.save()
        except ValidationError as error:
            self.add_error(None, error)
            return None
        return elder

    def _post_clean(self):
        # The category rules read the other fields from the instance, which ModelForm fills in
        # here, after clean(); categories themselves are only saved after the elder.
        super()._post_clean()
        categories = self.cleaned_data.get("categories")
        if categories is not None:
            for field, message in self.instance.category_errors(categories).items():
                if field not in self.errors:
                    self.add_error(field, message)


class HouseholdMemberAdminForm(MaskedNumbersMixin, WagtailAdminModelForm):
    """A household row in the back office (``registry.wagtail_hooks.HouseholdPanel``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mask_numbers()


class ElderAdminForm(ElderFormMixin, WagtailAdminModelForm):
    """Used by the Wagtail panels of ``registry.wagtail_hooks.ElderAdmin``."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.limit_to_user(for_user)


RADIO_FIELDS = ["lives_at_registered_residence", "is_disabled", "water_safety", "utilities_safety", "housing_safety",
                "first_contact_kind", "consents_to_visits", "consent_given_by", "lacks_capacity"]

# Sections of the workbench form, in the order of 附件2; the template renders them one by one.
ELDER_FORM_SECTIONS = [
    (_("一、探访对象基本情况"), ["name", "id_number", "phone", "village", "address_detail",
                          "lives_at_registered_residence", "categories", "is_disabled",
                          "disability_certificate_number", "emergency_contact_name", "emergency_contact_phone"]),
    (_("三、家庭生活条件"), ["water_safety", "utilities_safety", "housing_safety", "monthly_income",
                       "monthly_benefits_amount", "monthly_benefits_note"]),
    (_("四、已享受帮扶情况"), ["assistance_providers", "assistance_provider_other", "assistance_person",
                         "assistance_measures"]),
    (_("第一探访联系人"), ["first_contact_name", "first_contact_phone", "first_contact_relation",
                      "first_contact_kind"]),
    (_("探访关爱意愿"), ["consents_to_visits", "consent_date", "consent_given_by", "lacks_capacity", "guardian_name",
                   "guardian_relation", "guardian_phone"]),
    (_("登记状态"), ["registered_on", "status", "status_date", "status_reason"]),
]


# Dates that can't be in the future (``Elder.clean`` says so beside the field).
PAST_DATE_FIELDS = {"registered_on", "consent_date", "status_date"}


class ElderForm(ElderFormMixin, forms.ModelForm):
    """The workbench form: plain HTML inputs sized for a phone, sections as on 附件2."""

    class Meta:
        model = Elder
        fields = [name for _heading, names in ELDER_FORM_SECTIONS for name in names]
        widgets = {
            **{name: forms.RadioSelect for name in RADIO_FIELDS},
            "categories": forms.CheckboxSelectMultiple,
            "consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "assistance_measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_user(user)
        for name in PAST_DATE_FIELDS & self.fields.keys():  # the phone's date picker stops at today too
            self.fields[name].widget.attrs["max"] = china_today().isoformat()

    def sections(self):
        return [(heading, [self[name] for name in names if name in self.fields])
                for heading, names in ELDER_FORM_SECTIONS]


# The register status fields: a person registered in the workbench has no choice of status.
STATUS_FIELDS = ["status", "status_date", "status_reason"]


class NewElderForm(ElderForm):
    """Registering a person found in the field: the record always starts 待核实, which opens its
    census (``workflows.census``), so nobody puts a person on the register without a home visit
    and a township officer's approval. The status fields are not offered at all."""

    class Meta(ElderForm.Meta):
        fields = [name for name in ElderForm.Meta.fields if name not in STATUS_FIELDS]

    def limit_status(self):
        self.instance.status = ElderStatus.PENDING


HouseholdFormSet = forms.inlineformset_factory(
    Elder, HouseholdMember, form=HouseholdMemberForm,
    fields=["name", "sex", "id_number", "relation", "health", "assistance_status"], extra=1, can_delete=True,
)
