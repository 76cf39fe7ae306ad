"""The workbench form that asks for a report upward: a month or a year, and a format."""

from django import forms

from registry.dates import china_today
from workflows.schedule import parse_month

from .models import ReportFormat

FIRST_YEAR = 2023  # 桂民发〔2023〕16号


class ReportForm(forms.Form):
    span = forms.ChoiceField(label="报表期间", choices=[("month", "月报"), ("year", "年报")], initial="month",
                             widget=forms.RadioSelect, error_messages={"required": "请选择月报或年报。"})
    month = forms.CharField(label="月份", max_length=7, required=False, help_text="月报填写，格式如 2024-05。",
                            widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-05"}))
    year = forms.IntegerField(label="年度", required=False, help_text="年报填写，如 2024。",
                              error_messages={"invalid": "请填写四位数的年度，如 2024。"})
    format = forms.ChoiceField(label="格式", choices=ReportFormat.choices, initial=ReportFormat.WORKBOOK,
                               widget=forms.RadioSelect, error_messages={"required": "请选择格式。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = china_today()
        self.initial.setdefault("month", f"{today:%Y-%m}")
        self.initial.setdefault("year", today.year)

    def clean(self):
        cleaned = super().clean()
        today = china_today()
        if cleaned.get("span") == "year":
            year = cleaned.get("year")
            if year is None and "year" not in self.errors:
                self.add_error("year", "请填写年度。")
            elif year is not None and not FIRST_YEAR <= year <= today.year:
                self.add_error("year", f"年度应在{FIRST_YEAR}年至{today.year}年之间。")
            else:
                cleaned["first"] = None if year is None else today.replace(year=year, month=1, day=1)
        elif cleaned.get("span") == "month":
            self._clean_month(cleaned, today)
        return cleaned

    def _clean_month(self, cleaned, today):
        try:
            first = parse_month(cleaned.get("month") or "")
        except ValueError as error:
            return self.add_error("month", str(error))
        if first > today.replace(day=1):
            return self.add_error("month", "不能选择以后的月份。")
        if first.year < FIRST_YEAR:
            return self.add_error("month", f"月份不能早于{FIRST_YEAR}年。")
        cleaned["first"] = first
