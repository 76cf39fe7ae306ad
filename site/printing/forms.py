"""The workbench form that asks for a monthly print batch: a township in scope and a past month."""

import re
from datetime import date

from django import forms

from printing.batches import month_records, no_records_message
from registry.dates import china_today

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_MONTH = date(2000, 1, 1)


class TownshipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, township):
        return f"{township.parent.name} {township.name}" if township.parent_id else township.name


class PrintBatchForm(forms.Form):
    township = TownshipChoiceField(
        queryset=None, label="乡镇(街道)", empty_label="请选择乡镇(街道)",
        error_messages={"required": "请选择乡镇(街道)。",
                        "invalid_choice": "所选乡镇(街道)不在你可以批量打印的范围内，请重新选择。"})
    month = forms.CharField(label="月份", max_length=7, help_text="打印该月探访日期的已提交记录，格式如 2024-05。",
                            error_messages={"required": "请选择月份。"},
                            widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-05"}))

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships.select_related("parent").order_by("path")
        if not self.is_bound:
            today = china_today()
            self.initial.setdefault("month", f"{today.year}-{today.month:02d}")
            only = list(townships[:2])
            if len(only) == 1:
                self.initial.setdefault("township", only[0].pk)

    def clean_month(self):
        match = MONTH.match(self.cleaned_data["month"].strip())
        month = None
        if match and 1 <= int(match[2]) <= 12:
            month = date(int(match[1]), int(match[2]), 1)
        if month is None or month < FIRST_MONTH:
            raise forms.ValidationError("请填写正确的月份，格式如 2024-05。")
        if month > china_today().replace(day=1):
            raise forms.ValidationError("不能选择以后的月份。")
        return month

    def clean(self):
        cleaned = super().clean()
        township, month = cleaned.get("township"), cleaned.get("month")
        if township and month:
            self.record_count = month_records(township, month).count()
            if not self.record_count:
                self.add_error("month", no_records_message(township, month) + "请换一个月份。")
        return cleaned
