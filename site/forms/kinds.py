"""The field kinds of a form definition: what answer each accepts, how it is stored and shown.

One ``Kind`` per block type of ``forms.blocks.FieldsBlock``. ``clean(spec, raw, context)`` turns
what a form posted into the stored JSON shape, or raises ``ValidationError`` with a Chinese
message; ``display(spec, value)`` renders a stored answer as text. Stored shapes:

==================  ==============================================================
text, long_text     "..."
number              "1200.5" (a decimal as text, exact)
date                "2024-05-01"
single_choice,      "code"
change_rating,
safety_rating
multiple_choice     ["code", ...]
choice_other        {"value": "code" or ["code", ...], "other": "..."}
family_change       {"value": "increase", "count": 2}
illness             {"value": "serious", "illness_name": "..."}
yes_no              {"value": true, "detail": "..."}
table               [{"column key": "...", ...}, ...]
signature           {"signed": true, "unable": false, "reason": "", "date": ""}
                    (the image itself is kept in ``VisitSignature``)
counter             n, set by the system
==================  ==============================================================
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.text_limits import LONG_TEXT, SHORT_TEXT
from registry.id_numbers import mask_id_number, normalize_id_number, validate_id_number
from registry.phones import mask_phone, normalize_phone, validate_phone

from .choices import OTHER_CHOICE, ChangeRating, FamilyChange, IllnessChange, SafetyRating

REQUIRED = _("此项为必填项。")
TOO_LONG = _("最多%(limit)d个字，现有%(length)d个字。")
MAX_TABLE_ROWS = 50  # a table without its own 最多行数 (the most a definition may set)
NUMBER_TEXT = 40  # more than any decimal a form asks for; a longer "number" is refused before parsing
BAD_CHOICE = _("“%(value)s”不是有效的选项。")
TRUE_WORDS = {True, "true", "yes", "1", "on", "是"}
FALSE_WORDS = {False, "false", "no", "0", "否"}


@dataclass
class AnswerContext:
    """What validation needs beyond the answers: today's date and the elder's registration date."""

    today: date
    registered_on: date | None = None


def _text(raw, limit=None):
    """``raw`` as stripped text; with ``limit``, a longer text is refused (no free text is unbounded)."""
    if raw is None:
        return ""
    if not isinstance(raw, (str, int, float, Decimal)):
        raise ValidationError(_("请填写文字。"))
    value = str(raw).strip()
    if limit is not None and len(value) > limit:
        raise ValidationError(TOO_LONG % {"limit": limit, "length": len(value)}, code="max_length")
    return value


def _formatted_text(raw, text_format, limit=SHORT_TEXT):
    value = _text(raw, limit)
    if value and text_format == "phone":
        value = normalize_phone(value)
        validate_phone(value)
    elif value and text_format == "id_number":
        value = normalize_id_number(value)
        validate_id_number(value)
    return value


def mask(value, text_format, sensitive):
    if not value or not (sensitive or text_format in ("phone", "id_number")):
        return value
    if text_format == "id_number":
        return mask_id_number(value)
    if text_format == "phone":
        return mask_phone(value)
    return value[:1] + "*" * max(len(value) - 2, 1) + (value[-1:] if len(value) > 2 else "")


def is_identity_number(options):
    """Whether a text field or table column (its options) holds an ID number: 公民身份号码, or sensitive
    text that isn't a phone (残疾人证号 contains the holder's 公民身份号码).

    Visitors never see these; staff see them masked unless revealed with a reason.
    """
    text_format = options.get("format") or "text"
    return text_format == "id_number" or (bool(options.get("sensitive")) and text_format != "phone")


def conceal(value, options, hide, hidden=""):
    """What a reader is shown of an ID number ``value``: ``hidden`` when ``hide`` (visitors), else masked."""
    if not value:
        return value
    return hidden if hide else mask(value, options.get("format") or "text", True)


def _choice(spec, raw):
    value = _text(raw, SHORT_TEXT)
    if value and value not in dict(spec.choices):
        raise ValidationError(BAD_CHOICE % {"value": value})
    return value


def _choices(spec, raw):
    if raw in (None, ""):
        return []
    values = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else None
    if values is None:
        raise ValidationError(_("请选择选项。"))
    allowed = dict(spec.choices)
    for value in values:
        if value not in allowed:
            raise ValidationError(BAD_CHOICE % {"value": value})
    return [code for code in allowed if code in values]


def _compound(raw, primary="value"):
    return raw if isinstance(raw, dict) else {primary: raw}


def _label(spec, code):
    return str(dict(spec.choices).get(code, code or ""))


def parse_bool(raw):
    if isinstance(raw, str):
        raw = raw.strip().lower()
    if not isinstance(raw, (str, bool, int, type(None))):
        raise ValidationError(_("请选择“是”或“否”。"))
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    if raw in (None, ""):
        return None
    raise ValidationError(_("请选择“是”或“否”。"))


def parse_date(raw):
    if isinstance(raw, date):
        return raw
    text = _text(raw)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("请填写正确的日期，格式如 2024-05-01。")) from None


def check_date_bounds(value, bounds, context):
    if bounds in ("visit", "past") and value > context.today:
        raise ValidationError(_("日期不能晚于今天。"), code="future")
    if bounds == "visit" and context.registered_on and value < context.registered_on:
        raise ValidationError(_("日期不能早于该老年人的登记日期（%(date)s）。") % {
            "date": context.registered_on.isoformat()}, code="before_registration")


class Kind:
    """A plain text answer; subclasses override what differs."""

    name = _("文本")
    fixed_choices = None
    default_max_length = SHORT_TEXT

    def max_length(self, spec):
        """The most characters a typed answer may have: the definition's ``max_length`` or the kind's default."""
        return int(spec.option("max_length", self.default_max_length))

    def choices_of(self, spec):
        if self.fixed_choices is not None:
            return list(self.fixed_choices)
        return [(item["value"], item["label"]) for item in spec.options.get("choices", [])]

    def clean(self, spec, raw, context):
        return _formatted_text(raw, spec.option("format", "text"), self.max_length(spec))

    def is_blank(self, value):
        return value in (None, "", [], {})

    def primary(self, value):
        """The value rules compare: a code, a list of codes, a bool or a text."""
        return value

    def display(self, spec, value, reveal=False):
        if reveal:
            return value or ""
        return mask(value or "", spec.option("format", "text"), spec.options.get("sensitive"))

    def is_sensitive(self, spec):
        return bool(spec.options.get("sensitive")) or spec.option("format", "text") in ("phone", "id_number")


class LongTextKind(Kind):
    name = _("多行文本")
    default_max_length = LONG_TEXT

    def clean(self, spec, raw, context):
        return _text(raw, self.max_length(spec))

    def is_sensitive(self, spec):
        return False


class NumberKind(LongTextKind):
    name = _("数字")

    def clean(self, spec, raw, context):
        text = _text(raw, NUMBER_TEXT)
        if not text:
            return ""
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("请填写数字。")) from None
        if not number.is_finite():
            raise ValidationError(_("请填写数字。"))
        if spec.options.get("integer") and number != number.to_integral_value():
            raise ValidationError(_("请填写整数。"))
        low, high = spec.options.get("min_value"), spec.options.get("max_value")
        if low not in (None, "") and number < Decimal(str(low)):
            raise ValidationError(_("不能小于%(value)s。") % {"value": low})
        if high not in (None, "") and number > Decimal(str(high)):
            raise ValidationError(_("不能大于%(value)s。") % {"value": high})
        return format(number.normalize(), "f")

    def display(self, spec, value, reveal=False):
        return f"{value}{spec.option('unit', '')}" if value not in (None, "") else ""


class DateKind(LongTextKind):
    name = _("日期")

    def clean(self, spec, raw, context):
        value = parse_date(raw)
        if value is None:
            return ""
        check_date_bounds(value, spec.option("bounds", "visit"), context)
        return value.isoformat()


class SingleChoiceKind(LongTextKind):
    name = _("单选")

    def clean(self, spec, raw, context):
        return _choice(spec, raw)

    def display(self, spec, value, reveal=False):
        return _label(spec, value)


class ChangeRatingKind(SingleChoiceKind):
    name = _("评价：无变化/较好/较差")
    fixed_choices = ChangeRating.choices


class SafetyRatingKind(SingleChoiceKind):
    name = _("评价：安全/较安全/不安全")
    fixed_choices = SafetyRating.choices


class MultipleChoiceKind(LongTextKind):
    name = _("多选")

    def clean(self, spec, raw, context):
        return _choices(spec, raw)

    def display(self, spec, value, reveal=False):
        return "、".join(_label(spec, code) for code in value or [])


class CompoundKind(LongTextKind):
    """An answer stored as {"value": ..., <details>}: rules and blank checks look at "value"."""

    def is_blank(self, value):
        return not value or value.get("value") in (None, "", [])

    def primary(self, value):
        return (value or {}).get("value")


class ChoiceWithOtherKind(CompoundKind):
    name = _("选择（含“其他”及说明）")

    def choices_of(self, spec):
        return [*super().choices_of(spec), (OTHER_CHOICE, spec.option("other_label", "其他"))]

    def clean(self, spec, raw, context):
        raw = _compound(raw)
        value = _choices(spec, raw.get("value")) if spec.options.get("multiple") else _choice(spec, raw.get("value"))
        chosen_other = OTHER_CHOICE in value if spec.options.get("multiple") else value == OTHER_CHOICE
        other = _text(raw.get("other"), SHORT_TEXT)
        label = spec.option("other_label", "其他")
        if chosen_other and not other:
            raise ValidationError(_("选择“%(label)s”时请填写具体内容。") % {"label": label})
        if other and not chosen_other:
            raise ValidationError(_("填写了具体内容，请同时选择“%(label)s”，或清空具体内容。") % {"label": label})
        return {"value": value, "other": other if chosen_other else ""}

    def display(self, spec, value, reveal=False):
        if self.is_blank(value):
            return ""
        codes = value["value"] if isinstance(value["value"], list) else [value["value"]]
        other = f"（{value['other']}）" if value.get("other") else ""
        labels = [_label(spec, code) + (other if code == OTHER_CHOICE else "") for code in codes]
        return "、".join(labels)


class FamilyChangeKind(CompoundKind):
    name = _("家庭人口：无变化/增加 n 人/减少 n 人")
    fixed_choices = FamilyChange.choices

    def clean(self, spec, raw, context):
        raw = _compound(raw)
        value = _choice(spec, raw.get("value"))
        count = None
        if value not in (FamilyChange.INCREASE, FamilyChange.DECREASE) and _text(raw.get("count")) not in ("", "0"):
            raise ValidationError(_("填写了人数，请选择“增加”或“减少”，或清空人数。"))
        if value in (FamilyChange.INCREASE, FamilyChange.DECREASE):
            try:
                count = int(_text(raw.get("count")))
            except ValueError:
                count = 0
            if count < 1:
                raise ValidationError(_("请填写增加或减少的人数（至少1人）。"))
        return {"value": value, "count": count}

    def display(self, spec, value, reveal=False):
        if self.is_blank(value):
            return ""
        label = _label(spec, value["value"])
        return f"{label} {value['count']} 人" if value.get("count") else label


class IllnessKind(CompoundKind):
    name = _("疾病状况：无变化/严重（疾病名称）/转好")
    fixed_choices = IllnessChange.choices

    def clean(self, spec, raw, context):
        raw = _compound(raw)
        value = _choice(spec, raw.get("value"))
        name = _text(raw.get("illness_name"), SHORT_TEXT)
        if value == IllnessChange.SERIOUS and not name:
            raise ValidationError(_("选择“严重”时请填写疾病名称。"))
        if name and value != IllnessChange.SERIOUS:  # on 附件2 the name belongs to “严重” only
            raise ValidationError(_("疾病名称只在疾病状况为“严重”时填写：请选择“严重”，或清空疾病名称。"))
        return {"value": value, "illness_name": name if value == IllnessChange.SERIOUS else ""}

    def display(self, spec, value, reveal=False):
        if self.is_blank(value):
            return ""
        label = _label(spec, value["value"])
        return f"{label}（疾病名称：{value['illness_name']}）" if value.get("illness_name") else label


class YesNoKind(CompoundKind):
    name = _("是/否")
    fixed_choices = [(True, _("是")), (False, _("否"))]

    def clean(self, spec, raw, context):
        raw = _compound(raw)
        value = parse_bool(raw.get("value"))
        detail = _text(raw.get("detail"), LONG_TEXT)
        detail_label = spec.option("detail_label", "")
        if value and detail_label and not detail:
            raise ValidationError(_("选择“是”时请填写%(label)s。") % {"label": detail_label})
        if detail and not (value and detail_label):
            raise ValidationError(_("%(label)s只在选择“是”时填写：请选择“是”，或清空%(label)s。") % {
                "label": detail_label or _("说明")})
        return {"value": value, "detail": detail if value and detail_label else ""}

    def display(self, spec, value, reveal=False):
        if self.is_blank(value):
            return ""
        label = "是" if value["value"] else "否"
        return f"{label}（{value['detail']}）" if value.get("detail") else label


def cell_error(row_index, column, message):
    """The error of one cell of a table answer: its text names the row, its params say where it is.

    ``params["row_index"]`` (from 0, in the rows as posted) and ``params["column_key"]`` let a form
    put the message beside the cell; ``forms.writeback`` reports the registry's errors the same way.
    """
    return ValidationError(_("第%(row)d行“%(column)s”：%(message)s"), code="cell", params={
        "row": row_index + 1, "column": column["label"], "message": message,
        "row_index": row_index, "column_key": column["key"]})


class TableKind(LongTextKind):
    name = _("表格（可增加行）")

    def clean(self, spec, raw, context):
        if raw in (None, ""):
            return []
        if not isinstance(raw, (list, tuple)) or not all(isinstance(row, dict) for row in raw):
            raise ValidationError(_("表格数据格式不正确。"))
        rows, errors = [], []
        for index, row in enumerate(raw):
            cleaned = {}
            for column in spec.columns:
                try:
                    cleaned[column["key"]] = _formatted_text(row.get(column["key"]), column.get("format") or "text")
                except ValidationError as error:
                    errors.append(cell_error(index, column, error.messages[0]))
            if any(cleaned.values()):
                rows.append(cleaned)
        if errors:
            raise ValidationError(errors)
        limit = spec.options.get("max_rows") or MAX_TABLE_ROWS
        if len(rows) > int(limit):
            raise ValidationError(_("最多填写%(count)d行。") % {"count": int(limit)})
        return rows

    def display(self, spec, value, reveal=False):
        rows = []
        for row in value or []:
            rows.append([cell if reveal else mask(cell, column.get("format") or "text", column.get("sensitive"))
                         for column in spec.columns for cell in [row.get(column["key"], "")]])
        return rows


class SignatureKind(LongTextKind):
    name = _("签字")

    def clean(self, spec, raw, context):
        from .signatures import clean_signature_image

        raw = _compound(raw, primary="image")
        image = clean_signature_image(raw.get("image"))
        unable = bool(parse_bool(raw.get("unable"))) if spec.options.get("allow_unable") else False
        reason = _text(raw.get("reason"), SHORT_TEXT)
        if unable and image:
            raise ValidationError(_("已签字时不能同时选择“本人无法签字”。"))
        if unable and not reason:
            raise ValidationError(_("请填写本人无法签字的原因。"))
        if reason and not unable:
            raise ValidationError(_("填写了无法签字的原因，请勾选“本人无法签字”，或清空原因。"))
        signed_on = ""
        if spec.options.get("with_date") and (image or unable):
            day = parse_date(raw.get("date"))
            if day is None:
                raise ValidationError(_("请填写签字日期。"))
            check_date_bounds(day, "past", context)
            signed_on = day.isoformat()
        return {"signed": bool(image), "unable": unable, "reason": reason if unable else "", "date": signed_on,
                "image": image}

    def is_blank(self, value):
        return not value or not (value.get("signed") or value.get("unable"))

    def primary(self, value):
        return bool(value and value.get("signed"))

    def display(self, spec, value, reveal=False):
        if self.is_blank(value):
            return ""
        text = "已签字" if value.get("signed") else f"本人无法签字（{value.get('reason', '')}）"
        return f"{text} {value['date']}" if value.get("date") else text


class CounterKind(LongTextKind):
    name = _("次数（系统自动生成）")

    def clean(self, spec, raw, context):
        return None  # never typed: ``forms.services`` sets it on submission

    def display(self, spec, value, reveal=False):
        return f"第 {value} 次{spec.label}" if value else ""


KINDS = {
    "text": Kind(),
    "long_text": LongTextKind(),
    "number": NumberKind(),
    "date": DateKind(),
    "single_choice": SingleChoiceKind(),
    "multiple_choice": MultipleChoiceKind(),
    "choice_other": ChoiceWithOtherKind(),
    "change_rating": ChangeRatingKind(),
    "safety_rating": SafetyRatingKind(),
    "family_change": FamilyChangeKind(),
    "illness": IllnessKind(),
    "yes_no": YesNoKind(),
    "table": TableKind(),
    "signature": SignatureKind(),
    "counter": CounterKind(),
}
KIND_NAMES = {code: kind.name for code, kind in KINDS.items()}
