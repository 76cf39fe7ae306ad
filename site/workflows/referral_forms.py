"""The forms of the referral and emergency screens; every message Chinese, next to its field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choice_prompts import ChoicePromptsMixin
from config.text_limits import LONG_TEXT, REPORT_TEXT
from roles.models import Department

from .models import (
    DEFAULT_DUE_DAYS,
    CareService,
    EmergencyCall,
    EmergencyReport,
    SatisfactionReview,
    ServiceProvider,
    provider_consent_error,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RouteForm(ChoicePromptsMixin, forms.Form):
    """待分派转介 / 重新分派: the township chooses a department or a provider (one of the two)."""

    department = forms.ModelChoiceField(Department.objects.all(), label=_("承办部门"), required=False,
                                        empty_label="（不转介给部门）")
    provider = forms.ModelChoiceField(ServiceProvider.objects.filter(active=True), label=_("或：服务机构"),
                                      required=False, empty_label="（不转介给服务机构）",
                                      help_text=_("非政府服务机构须老年人已登记同意接受探访关爱服务"))
    need = forms.CharField(label=_("转介事项"), max_length=100)
    detail = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=REPORT_TEXT)
    due_days = forms.IntegerField(label=_("办理期限（天）"), min_value=1, max_value=90, initial=DEFAULT_DUE_DAYS)

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, **kwargs)
        self.elder = elder

    def clean(self):
        cleaned = super().clean()
        department, provider = cleaned.get("department"), cleaned.get("provider")
        if bool(department) == bool(provider):
            self.add_error("department", _("请选择承办部门或服务机构（二者选一）。"))
        elif provider and provider_consent_error(self.elder):
            self.add_error("provider", provider_consent_error(self.elder))
        return cleaned


class DecisionForm(ChoicePromptsMixin, forms.Form):
    """接收转介: accept, or reject with a reason (the case returns to the township)."""

    ACCEPT, REJECT = "accept", "reject"
    decision = forms.ChoiceField(label=_("办理意见"), widget=forms.RadioSelect,
                                 choices=[(ACCEPT, _("接收")), (REJECT, _("退回"))])
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=LONG_TEXT,
                             help_text=_("退回时必填，如：不属于本部门职责"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("退回时请说明原因。"))
        return cleaned

    @property
    def accepted(self):
        return self.cleaned_data["decision"] == self.ACCEPT


class CareServiceForm(ChoicePromptsMixin, forms.ModelForm):
    """关爱服务记录 (附件2 六): the date may not be in the future nor before the referral."""

    class Meta:
        model = CareService
        fields = ["service_date", "content", "server_name"]
        widgets = {"service_date": DATE_INPUT, "content": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"server_name": _("实际提供服务的人员姓名")}

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral

    def clean_service_date(self):
        value = self.cleaned_data["service_date"]
        referred_on = timezone.localdate(self.referral.created_at)
        if value > timezone.localdate():
            raise forms.ValidationError(_("关爱日期不能晚于今天。"))
        if value < referred_on:
            raise forms.ValidationError(_("关爱日期不能早于转介日期（%(date)s）。") % {"date": referred_on.isoformat()})
        return value


class ReviewForm(ChoicePromptsMixin, forms.ModelForm):
    class Meta:
        model = SatisfactionReview
        fields = ["rating", "method", "comments"]
        widgets = {"rating": forms.RadioSelect, "method": forms.RadioSelect,
                   "comments": forms.Textarea(attrs={"rows": 3})}


class EmergencyForm(ChoicePromptsMixin, forms.ModelForm):
    """紧急情况处置: who was called, what was done, the outcome and when (not in the future)."""

    class Meta:
        model = EmergencyReport
        fields = ["called", "called_other", "actions", "outcome", "handled_at"]
        widgets = {"actions": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3}),
                   "handled_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
        help_texts = {"called_other": _("选择“其他”时填写，如：村医、邻居"),
                      "outcome": _("如：已送医院救治、家属已到场照料")}

    def __init__(self, *args, visit_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_date = visit_date
        self.fields["handled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.is_bound:
            self.initial.setdefault("handled_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_handled_at(self):
        value = self.cleaned_data["handled_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("处置时间不能晚于现在。"))
        if self.visit_date and timezone.localdate(value) < self.visit_date:
            raise forms.ValidationError(_("处置时间不能早于探访日期（%(date)s）。") % {
                "date": self.visit_date.isoformat()})
        return value

    def clean(self):
        cleaned = super().clean()
        if EmergencyCall.OTHER in (cleaned.get("called") or []) and not cleaned.get("called_other", "").strip():
            self.add_error("called_other", _("选择“其他”时请填写联系对象。"))
        return cleaned
