"""Small forms of the workbench: searching the caller's elders, stating a reason to reveal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.choices import ElderStatus
from registry.id_numbers import ID_NUMBER_PATTERN, normalize_id_number
from registry.models import Category


def search_elders(elders, term):
    """A name matches in part; an ID number only in full, so masked lists can't be probed digit by digit."""
    term = term.strip()
    number = normalize_id_number(term)
    if ID_NUMBER_PATTERN.match(number):
        return elders.with_id_number(number)
    return elders.filter(name__icontains=term)


class ElderSearchForm(forms.Form):
    query = forms.CharField(label=_("姓名或公民身份号码"), required=False, max_length=40)
    category = forms.ModelChoiceField(label=_("对象类别"), queryset=Category.objects.all(), required=False,
                                      to_field_name="code", empty_label=_("全部类别"))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *ElderStatus.choices])

    def cleaned_data_as_text(self):
        """The valid search as the query string would give it (to keep it, ``workbench.searches``)."""
        data = self.cleaned_data
        return {"query": data["query"], "category": data["category"].code if data["category"] else "",
                "status": data["status"]}

    def filter(self, elders):
        if not self.is_valid():
            return elders.none()
        data = self.cleaned_data
        if data["query"]:
            elders = search_elders(elders, data["query"])
        if data["category"]:
            elders = elders.filter(categories=data["category"])
        if data["status"]:
            elders = elders.filter(status=data["status"])
        return elders


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看理由"), min_length=4, max_length=200,
        help_text=_("例如：核对身份办理救助申请。理由会记入审计日志。"),
        error_messages={"required": _("请填写查看完整信息的理由。"),
                        "min_length": _("理由太短，请具体说明（至少4个字）。")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
