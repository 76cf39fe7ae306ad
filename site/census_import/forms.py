"""The forms of a census import: the upload of one list, its column mapping, the confirmation."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from census_import import columns
from census_import.files import is_workbook
from census_import.models import ImportFile, Source
from registry.dates import china_today
from registry.models import Category

MAX_BYTES = 20 * 1024 * 1024


class ListUploadForm(forms.Form):
    file = forms.FileField(label=_("名单文件（.xlsx 或 CSV）"),
                           help_text=_("直接上传部门发来的名单即可，表头前的标题行、表尾的制表人等行会自动识别；一个文件最多5万行。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}))
    source = forms.ChoiceField(label=_("名单来源"), choices=Source.choices)
    source_label = forms.CharField(label=_("来源说明"), max_length=40, required=False,
                                   help_text=_("记在每位老年人的档案上，留空则为如“残联名单 2026-12”"))
    category = forms.ModelChoiceField(label=_("全部人员的对象类别"), queryset=Category.objects.all(), required=False,
                                      empty_label=_("按名单中的类别列"),
                                      help_text=_("名单没有类别列时，在此为整个文件选择"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件超过20MB，请分成几个文件上传。"))
        if not (is_workbook(upload.name) or upload.name.lower().endswith((".csv", ".txt"))):
            raise forms.ValidationError(_("请上传.xlsx或CSV文件（旧的.xls请在表格软件中另存为.xlsx）。"))
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        self.digest = digest.hexdigest()
        return upload

    def clean_source_label(self):
        label = self.cleaned_data["source_label"].strip()
        source = dict(Source.choices).get(self.data.get("source"), "")
        return label or f"{source}名单 {china_today():%Y-%m}"

    def already_imported(self, region):
        """The earlier import of these same bytes in ``region`` (re-uploading a file registers nobody twice)."""
        return ImportFile.objects.filter(digest=self.digest, batch__region=region,
                                         batch__committed_at__isnull=False).select_related("batch").first()


class MappingForm(forms.Form):
    """Which field each heading of a file holds, and which sheet of a workbook to read."""

    def __init__(self, *args, import_file, **kwargs):
        super().__init__(*args, **kwargs)
        self.import_file = import_file
        if len(import_file.sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(label=_("工作表"), choices=[(s, s) for s in import_file.sheets],
                                                     initial=import_file.sheet)
        for index, heading in enumerate(import_file.header):
            if columns.heading_key(heading):
                self.fields[f"column_{index}"] = forms.ChoiceField(
                    label=heading, choices=[("", _("请选择")), *columns.choices()], required=False,
                    initial=import_file.mapping.get(str(index), ""))

    def clean(self):
        data = super().clean()
        mapping = {name.removeprefix("column_"): value for name, value in data.items()
                   if name.startswith("column_") and value}
        fields = [field for field in mapping.values() if field != columns.IGNORE]
        if len(fields) != len(set(fields)):
            raise forms.ValidationError(_("同一项不能对应两列。"))
        missing = columns.missing_required(mapping, bool(self.import_file.category_id))
        if missing:
            raise forms.ValidationError(_("还缺少：%(missing)s。") % {"missing": "、".join(missing)})
        data["mapping"] = mapping
        return data
