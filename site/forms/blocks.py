"""StreamField blocks of a form definition: sections, each a title and a stream of fields.

Every field block shares ``key`` (stable, unique in the definition), ``label``, ``group`` (the
sub-heading printed beside a run of fields, e.g. 健康状况), ``required`` and ``help_text``; the
kind is the block type name (``forms.kinds`` holds what each kind accepts and how it displays).
Checks that need the whole definition (duplicate keys, kinds of the keys that drive typed
columns) run in ``SectionsBlock.clean`` and are reported beside the offending field block.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from config.text_limits import LONG_TEXT, PRINT_VALUE_CAP, SHORT_TEXT

# The most a definition may allow one typed answer: what a printed record shows of one value.
MAX_LENGTH_CEILING = PRINT_VALUE_CAP
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
KEY_MESSAGE = _("字段标识只能包含小写英文字母、数字和下划线，并以字母开头。")


def validate_key(value):
    if not KEY_PATTERN.match(value or ""):
        raise ValidationError(KEY_MESSAGE, code="invalid_key")


class TextFormat(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        super().__init__(choices=[("text", _("文本")), ("phone", _("电话号码")), ("id_number", _("公民身份号码"))],
                         default="text", label=_("格式"), **kwargs)


class ChoiceItemBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("选项值"), max_length=40, validators=[validate_key],
                             help_text=_("英文小写字母、数字和下划线，保存后请勿修改"))
    label = blocks.CharBlock(label=_("选项文字"), max_length=60)

    class Meta:
        icon = "radio-full"
        label = _("选项")


class FieldBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("字段标识"), max_length=50, validators=[validate_key],
                           help_text=_("英文小写字母、数字和下划线，同一表单内不能重复；发布后请勿修改"))
    label = blocks.CharBlock(label=_("标题"), max_length=120)
    group = blocks.CharBlock(label=_("分组"), max_length=40, required=False, help_text=_("如：健康状况"))
    required = blocks.BooleanBlock(label=_("必填"), required=False)
    help_text = blocks.CharBlock(label=_("填写说明"), max_length=300, required=False)

    class Meta:
        icon = "form"


def _max_length_block(default):
    return blocks.IntegerBlock(label=_("最多字数"), required=False, min_value=1, max_value=MAX_LENGTH_CEILING,
                               help_text=_("留空则最多%(count)d个字") % {"count": default})


class TextFieldBlock(FieldBlock):
    format = TextFormat()
    sensitive = blocks.BooleanBlock(label=_("个人敏感信息（加密保存，显示时打码）"), required=False)
    max_length = _max_length_block(SHORT_TEXT)

    class Meta:
        label = _("文本")


class LongTextFieldBlock(FieldBlock):
    max_length = _max_length_block(LONG_TEXT)

    class Meta:
        label = _("多行文本")
        icon = "pilcrow"


class NumberFieldBlock(FieldBlock):
    unit = blocks.CharBlock(label=_("单位"), max_length=20, required=False, help_text=_("如：元、人"))
    min_value = blocks.DecimalBlock(label=_("最小值"), required=False)
    max_value = blocks.DecimalBlock(label=_("最大值"), required=False)
    integer = blocks.BooleanBlock(label=_("只能填整数"), required=False)

    class Meta:
        label = _("数字")
        icon = "plus-inverse"


class DateFieldBlock(FieldBlock):
    bounds = blocks.ChoiceBlock(
        choices=[("visit", _("不晚于今天，且不早于老年人登记日期")), ("past", _("不晚于今天")), ("any", _("不限"))],
        default="visit", label=_("日期范围"))

    class Meta:
        label = _("日期")
        icon = "date"


def _choice_list():
    return blocks.ListBlock(ChoiceItemBlock(), label=_("选项"))


def _choice_errors(choices):
    """Messages about a choice list: empty, or a value or label used twice."""
    if not choices:
        return _("请至少添加一个选项。")
    values = [item["value"] for item in choices]
    labels = [item["label"] for item in choices]
    if len(set(values)) != len(values):
        return _("选项值不能重复。")
    if len(set(labels)) != len(labels):
        return _("选项文字不能重复。")
    return None


class ChoiceFieldBlock(FieldBlock):
    choices = _choice_list()

    def clean(self, value):
        value = super().clean(value)
        message = _choice_errors(value["choices"])
        if message:
            raise StructBlockValidationError(
                block_errors={"choices": ListBlockValidationError(non_block_errors=[ValidationError(message)])})
        return value


class SingleChoiceFieldBlock(ChoiceFieldBlock):
    class Meta:
        label = _("单选")
        icon = "radio-full"


class MultipleChoiceFieldBlock(ChoiceFieldBlock):
    class Meta:
        label = _("多选")
        icon = "tasks"


class ChoiceWithOtherFieldBlock(ChoiceFieldBlock):
    multiple = blocks.BooleanBlock(label=_("可多选"), required=False)
    other_label = blocks.CharBlock(label=_("“其他”选项文字"), max_length=20, default="其他")

    class Meta:
        label = _("选择（含“其他”及说明）")
        icon = "radio-full"


class ChangeRatingFieldBlock(FieldBlock):
    class Meta:
        label = _("评价：无变化/较好/较差")
        icon = "order"


class SafetyRatingFieldBlock(FieldBlock):
    class Meta:
        label = _("评价：安全/较安全/不安全")
        icon = "warning"


class FamilyChangeFieldBlock(FieldBlock):
    class Meta:
        label = _("家庭人口：无变化/增加 n 人/减少 n 人")
        icon = "group"


class IllnessFieldBlock(FieldBlock):
    class Meta:
        label = _("疾病状况：无变化/严重（疾病名称）/转好")
        icon = "help"


class YesNoFieldBlock(FieldBlock):
    detail_label = blocks.CharBlock(label=_("选“是”时须填写的说明"), max_length=60, required=False,
                                    help_text=_("如：情况说明；留空则不填写说明"))

    class Meta:
        label = _("是/否")
        icon = "tick"


class ColumnBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("列标识"), max_length=50, validators=[validate_key])
    label = blocks.CharBlock(label=_("列标题"), max_length=60)
    format = TextFormat()
    sensitive = blocks.BooleanBlock(label=_("个人敏感信息（加密保存，显示时打码）"), required=False)

    class Meta:
        label = _("列")
        icon = "list-ul"


class TableFieldBlock(FieldBlock):
    columns = blocks.ListBlock(ColumnBlock(), label=_("列"))
    row_number_label = blocks.CharBlock(label=_("序号列标题"), max_length=20, required=False, default="序号")
    max_rows = blocks.IntegerBlock(label=_("最多行数"), required=False, min_value=1, max_value=50)

    class Meta:
        label = _("表格（可增加行）")
        icon = "table"

    def clean(self, value):
        value = super().clean(value)
        columns = value["columns"]
        keys = [column["key"] for column in columns]
        message = None
        if not columns:
            message = _("请至少添加一列。")
        elif len(set(keys)) != len(keys):
            message = _("列标识不能重复。")
        if message:
            raise StructBlockValidationError(
                block_errors={"columns": ListBlockValidationError(non_block_errors=[ValidationError(message)])})
        return value


class SignatureFieldBlock(FieldBlock):
    allow_unable = blocks.BooleanBlock(label=_("允许“本人无法签字”并说明原因"), required=False)
    with_date = blocks.BooleanBlock(label=_("签字时填写日期"), required=False)

    class Meta:
        label = _("签字")
        icon = "edit"


class CounterFieldBlock(blocks.StructBlock):
    """第 n 次开展探访 / 关爱: filled in by the system on submission, never typed."""

    key = blocks.CharBlock(label=_("字段标识"), max_length=50, validators=[validate_key])
    label = blocks.CharBlock(label=_("标题"), max_length=60, help_text=_("显示为“第 n 次”加标题，如：开展探访"))
    counter = blocks.ChoiceBlock(choices=[("visit", _("探访次数")), ("care", _("关爱服务次数"))], label=_("计数"))

    class Meta:
        label = _("次数（系统自动生成）")
        icon = "list-ol"


class FieldsBlock(blocks.StreamBlock):
    text = TextFieldBlock()
    long_text = LongTextFieldBlock()
    number = NumberFieldBlock()
    date = DateFieldBlock()
    single_choice = SingleChoiceFieldBlock()
    multiple_choice = MultipleChoiceFieldBlock()
    choice_other = ChoiceWithOtherFieldBlock()
    change_rating = ChangeRatingFieldBlock()
    safety_rating = SafetyRatingFieldBlock()
    family_change = FamilyChangeFieldBlock()
    illness = IllnessFieldBlock()
    yes_no = YesNoFieldBlock()
    table = TableFieldBlock()
    signature = SignatureFieldBlock()
    counter = CounterFieldBlock()

    class Meta:
        label = _("字段")


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=60, help_text=_("如：五、探访情况"))
    fields = FieldsBlock()

    class Meta:
        label = _("栏目")
        icon = "doc-full"


class SectionsBlock(blocks.StreamBlock):
    """The sections of a definition; checks keys across the whole definition."""

    section = SectionBlock()

    class Meta:
        label = _("栏目")

    def clean(self, value):
        value = super().clean(value)
        errors = definition_errors(
            [(field.block_type, field.value["key"]) for field in child.value["fields"]] for child in value)
        if errors:
            raise StreamBlockValidationError(block_errors={
                i: StructBlockValidationError(block_errors={"fields": StreamBlockValidationError(block_errors={
                    j: StructBlockValidationError(block_errors={"key": ValidationError(message)})
                    for j, message in field_errors.items()})})
                for i, field_errors in errors.items()})
        return value


def definition_errors(sections):
    """{section index: {field index: message}} for ``sections``, lists of (kind, key) pairs.

    A key may appear once in a definition, and a key that fills a typed column of visit records
    (``forms.typed_columns``) must keep the kind that column expects.
    """
    from .kinds import KIND_NAMES
    from .typed_columns import SYSTEM_KEY_KINDS

    seen = {}
    errors = {}
    for i, fields in enumerate(sections):
        for j, (kind, key) in enumerate(fields):
            if key in seen:
                errors.setdefault(i, {})[j] = _("字段标识“%(key)s”重复（已在第%(section)d栏使用）。") % {
                    "key": key, "section": seen[key] + 1}
                continue
            seen[key] = i
            expected = SYSTEM_KEY_KINDS.get(key)
            if expected and kind != expected:
                errors.setdefault(i, {})[j] = _("字段标识“%(key)s”用于统计和跟进，类型须为“%(kind)s”。") % {
                    "key": key, "kind": KIND_NAMES[expected]}
    return errors
