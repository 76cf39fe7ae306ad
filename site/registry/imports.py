"""Importing a census list: a CSV of people to check (from 民政, 卫健 or 残联 data) becomes new
elders in status 待核实, each opening its census case (``workflows.census``) like a person
registered one by one in the workbench.

Every row goes through ``NewElderForm``, so an imported person passes exactly the checks of the
form (ID number, phones, duplicates, category rules, the user's villages). Columns are named by
the form's labels; answers are written as on the form (是/否, 安全/不安全, 子女 ...). Rows stand
alone: valid rows are registered, invalid ones are reported by row number and column.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django import forms

from registry.dates import china_today
from registry.digits import fold_digits, is_ascii_digits
from registry.forms import NewElderForm
from registry.id_numbers import build_id_number

MAX_ROWS = 500
MAX_BYTES = 1024 * 1024
# Excel on Chinese Windows saves "CSV" in GBK, which GB 18030 contains; UTF-8 comes with or without a BOM.
ENCODINGS = ["utf-8-sig", "gb18030"]
LIST_SEPARATORS = re.compile(r"[、，,；;/\s]+")
# Fields a blank cell may leave to a default, as the form pre-fills them.
DEFAULTS = {"registered_on": lambda: china_today().isoformat()}
# Optional columns the template offers besides the required ones: the census list usually has them.
TEMPLATE_OPTIONAL = ["phone", "address_detail"]


class CensusFileError(Exception):
    """The file as a whole can't be imported (nothing was registered); ``message`` says why, in Chinese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RowOutcome:
    """One row of the file: ``number`` as a spreadsheet shows it (the header is row 1)."""

    number: int
    elder: object = None
    errors: list = field(default_factory=list)  # (column, message) pairs


@dataclass
class ImportResult:
    rows: list
    ignored_columns: list

    @property
    def created(self):
        return [row.elder for row in self.rows if row.elder is not None]

    @property
    def failed(self):
        return [row for row in self.rows if row.errors]


def column_fields():
    """Column heading → form field name: the labels of ``NewElderForm``."""
    return {str(form_field.label): name for name, form_field in NewElderForm.base_fields.items()}


def required_columns():
    return [str(form_field.label) for name, form_field in NewElderForm.base_fields.items()
            if form_field.required and name not in DEFAULTS]


def template_columns():
    fields = NewElderForm.base_fields
    return [str(form_field.label) for name, form_field in fields.items()
            if (form_field.required and name not in DEFAULTS) or name in TEMPLATE_OPTIONAL]


def decode_census_file(source):
    """The text of an uploaded file (or of a string), or ``CensusFileError`` when it isn't a CSV we can read."""
    if isinstance(source, str):
        return source
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise CensusFileError(f"文件超过{MAX_BYTES // 1024 // 1024}MB，请分成几个文件导入。")
    if b"\x00" in data:  # Excel workbooks, images and other binary files
        raise CensusFileError("这不是CSV文件。请在表格软件中“另存为”CSV格式后再上传。")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CensusFileError("无法识别文件的文字编码，请另存为“CSV UTF-8”格式后再上传。")


def _read_rows(text):
    """Header-checked rows as (row number, {column: cell}); blank rows are skipped."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip() for cell in next(reader, [])]
        records = list(reader)
    except csv.Error as error:
        raise CensusFileError(f"文件不是有效的CSV格式：{error}") from error
    missing = [column for column in required_columns() if column not in header]
    if missing:
        raise CensusFileError(f"缺少以下列：{'、'.join(missing)}。请使用导入模板的表头。")
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if repeated:
        raise CensusFileError(f"以下列重复出现：{'、'.join(repeated)}。")
    rows = [(number, dict(zip(header, record, strict=False)))
            for number, record in enumerate(records, start=2) if any(cell.strip() for cell in record)]
    if len(rows) > MAX_ROWS:
        raise CensusFileError(f"一次最多导入{MAX_ROWS}行，这个文件有{len(rows)}行，请分成几个文件导入。")
    return header, rows


class RowConverter:
    """Turns the cells of a row into what ``NewElderForm`` posts, for one user's villages and choices."""

    def __init__(self, user):
        self.fields = NewElderForm(user=user).fields

    def form_data(self, cells):
        """(data for the form, {field name: message}) for the cells the form could not even read."""
        data, errors = {}, {}
        for column, name in column_fields().items():
            value = (cells.get(column) or "").strip()
            if not value and name in DEFAULTS:
                value = DEFAULTS[name]()
            try:
                data[name] = self.convert(name, value) if value else ""
            except forms.ValidationError as error:
                errors[name] = error.messages[0]
        return data, errors

    def convert(self, name, value):
        form_field = self.fields[name]
        if name == "village":
            return self.village(value, form_field.queryset)
        if name == "categories":
            return self.by_label(LIST_SEPARATORS.split(value), {c.name: c.pk for c in form_field.queryset})
        if isinstance(form_field, forms.MultipleChoiceField):
            return self.by_label(LIST_SEPARATORS.split(value), self.choice_values(form_field))
        if isinstance(form_field, forms.ChoiceField):
            return self.by_label([value], self.choice_values(form_field))[0]
        return value

    @staticmethod
    def choice_values(form_field):
        return {str(label): str(value) for value, label in form_field.choices if value != ""}

    @staticmethod
    def by_label(labels, values):
        unknown = [label for label in labels if label and label not in values]
        if unknown:
            raise forms.ValidationError(
                f"没有“{'、'.join(unknown)}”这个选项，可填：{'、'.join(values)}。")
        return [values[label] for label in labels if label]

    @staticmethod
    def village(value, villages):
        """A 12-digit code, a name, or "乡镇 村" when two villages in scope share a name."""
        if is_ascii_digits(code := fold_digits(value), length=12):
            matches = villages.filter(code=code)
        elif len(parts := value.split()) == 2:
            matches = villages.filter(parent__name=parts[0], name=parts[1])
        else:
            matches = villages.filter(name=value)
        found = list(matches[:2])
        if len(found) > 1:
            raise forms.ValidationError(f"您负责的范围内有多个“{value}”，请写成“乡镇(街道) 村(社区)”或12位区划代码。")
        if not found:
            raise forms.ValidationError(f"您负责的范围内没有“{value}”这个村(社区)。")
        return str(found[0].pk)


def _import_row(converter, user, number, cells):
    data, conversion_errors = converter.form_data(cells)
    form = NewElderForm(data, user=user)
    # the elder, its categories and its census case together; None when the number was registered meanwhile
    if form.is_valid() and not conversion_errors and (elder := form.save_or_error()) is not None:
        return RowOutcome(number, elder=elder)
    errors = {name: list(messages) for name, messages in form.errors.items()}
    errors.update({name: [message] for name, message in conversion_errors.items()})
    return RowOutcome(number, errors=[
        (str(form.fields[name].label) if name in form.fields else "", message)
        for name, messages in errors.items() for message in messages])


def import_census_rows(source, user):
    """Register each valid row of a census list (a CSV upload or its text) as a pending elder of ``user``.

    Raises ``CensusFileError`` before registering anyone when the file can't be read as a whole.
    The census cases are started by the user of the current request (``audit.context``).
    """
    header, rows = _read_rows(decode_census_file(source))
    known = column_fields()
    converter = RowConverter(user)
    return ImportResult(
        rows=[_import_row(converter, user, number, cells) for number, cells in rows],
        ignored_columns=[column for column in header if column and column not in known],
    )


def example_id_number():
    """An invented but valid number (GB 11643 check character) for the template's example row."""
    return build_id_number("450102", date(1946, 7, 9), 248)


def template_rows(user):
    """The header and one example row of invented data, in one of the user's villages."""
    converter = RowConverter(user)
    village = converter.fields["village"].queryset.order_by("path").first()
    category = converter.fields["categories"].queryset.first()
    example = {
        "name": "黄桂芳", "id_number": example_id_number(), "phone": "13807712345",
        "village": f"{village.parent.name} {village.name}" if village else "",
        "address_detail": "3组12号", "lives_at_registered_residence": "是",
        "categories": category.name if category else "", "is_disabled": "否",
        "emergency_contact_name": "黄小明", "emergency_contact_phone": "13907712345",
        "water_safety": "安全", "utilities_safety": "安全", "housing_safety": "安全",
        "monthly_income": "860", "monthly_benefits_amount": "320",
        "first_contact_name": "黄小明", "first_contact_phone": "13907712345",
        "first_contact_relation": "子女", "first_contact_kind": "同住地子女",
        "consents_to_visits": "是", "consent_date": china_today().isoformat(), "consent_given_by": "本人",
        "lacks_capacity": "否",
    }
    known = column_fields()
    columns = template_columns()
    return [columns, [example.get(known[column], "") for column in columns]]
