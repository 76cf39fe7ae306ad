"""The default definition is 附件2 as printed (桂民发〔2023〕16号), section by section.

The expected lists below are copied from the policy text of 附件2 (/work/shared/policy), with
the stable keys we give each field; the one addition to the printed form is ``emergency``.
"""

import pytest

from forms.blocks import SectionsBlock
from forms.typed_columns import SYSTEM_KEY_KINDS
from tests.forms.factories import visit_form

pytestmark = pytest.mark.django_db

CHANGE = ["无变化", "较好", "较差"]
SAFETY = ["安全", "较安全", "不安全"]
YES_NO = ["是", "否"]

# (section title, [(key, kind, group, label, choice labels or table columns or None)])
EXPECTED = [
    ("一、探访对象基本情况", [
        ("county", "text", "家庭住址", "县（市、区）", None),
        ("township", "text", "家庭住址", "乡镇（街道）", None),
        ("village", "text", "家庭住址", "村（居）", None),
        ("lives_at_registered_residence", "yes_no", "", "是否居住在户籍所在地", YES_NO),
        ("name", "text", "被探访人", "姓名", None),
        ("phone", "text", "被探访人", "联系电话", None),
        ("emergency_contact_name", "text", "", "紧急联系人", None),
        ("emergency_contact_phone", "text", "紧急联系人", "联系电话", None),
        ("is_disabled", "yes_no", "", "是否残疾", YES_NO),
        ("disability_certificate_number", "text", "", "残疾人证号", None),
        ("living_alone_or_empty_nest", "yes_no", "", "是否独居、空巢", YES_NO),
        ("left_behind", "yes_no", "", "是否留守", YES_NO),
        ("disabled", "yes_no", "", "是否失能", YES_NO),
        ("family_planning_special", "yes_no", "", "是否计划生育特殊家庭老年人", YES_NO),
    ]),
    ("二、家庭基本情况", [
        ("household_members", "table", "", "家庭成员",
         ["姓名", "性别", "公民身份号码", "与户主关系", "健康状况", "是否为低保对象/特困人员"]),
    ]),
    ("三、家庭生活条件", [
        ("water_safety", "single_choice", "", "饮水是否安全", ["安全", "不安全"]),
        ("utilities_safety", "single_choice", "", "生活用火用电用气是否安全", ["安全", "不安全"]),
        ("housing_safety", "single_choice", "", "住房是否安全", ["安全", "不安全"]),
        ("monthly_income", "number", "", "家庭每月收入（元）", None),
        ("monthly_benefits_note", "long_text", "", "家庭每月领取养老保险、社会救助和社会福利补贴等情况", None),
    ]),
    ("四、已享受帮扶情况", [
        ("assistance_providers", "choice_other", "", "帮扶单位（组织）",
         ["党政机关、群团组织", "乡镇（街道）、村（居）民委员会", "企业", "社会组织", "专业社会工作者", "志愿者",
          "其他"]),
        ("assistance_person", "text", "", "帮扶责任人", None),
        ("assistance_measures", "long_text", "", "帮扶措施", None),
    ]),
    ("五、探访情况", [
        ("visit_number", "counter", "", "开展探访", None),
        ("visit_date", "date", "", "探访日期", None),
        ("visit_method", "choice_other", "", "探访方式", ["电话问候", "上门探访", "互联网音（视）频探访", "其他"]),
        ("family_change", "family_change", "家庭状况", "家庭人口", ["无变化", "增加", "减少"]),
        ("expression", "change_rating", "健康状况", "表达能力", CHANGE),
        ("mobility", "change_rating", "健康状况", "行动能力", CHANGE),
        ("illness", "illness", "健康状况", "疾病状况", ["无变化", "严重", "转好"]),
        ("mood", "change_rating", "精神状态", "情绪状态", CHANGE),
        ("gas_safety", "safety_rating", "安全情况", "燃气安全", SAFETY),
        ("water_heating_safety", "safety_rating", "安全情况", "水暖安全", SAFETY),
        ("electricity_safety", "safety_rating", "安全情况", "用电安全", SAFETY),
        ("fire_safety", "safety_rating", "安全情况", "消防安全", SAFETY),
        ("personal_hygiene", "change_rating", "卫生状况", "个人卫生", CHANGE),
        ("home_hygiene", "change_rating", "卫生状况", "家庭卫生", CHANGE),
        ("indoor_environment", "change_rating", "居住环境", "室内环境", CHANGE),
        ("service_needs", "long_text", "", "老年人服务需求", None),
        ("suggestions", "long_text", "", "实施关爱服务建议", None),
        ("emergency", "yes_no", "", "紧急情况", YES_NO),
        ("visitor_signature", "signature", "", "探访人员（签字）", None),
        ("elder_signature", "signature", "", "被探访人（签字）", None),
        ("data_entry_signature", "signature", "", "信息录入人（签字）", None),
    ]),
    ("六、关爱服务情况", [
        ("care_number", "counter", "", "开展关爱", None),
        ("care_date", "date", "", "关爱日期", None),
        ("care_service", "long_text", "", "关爱服务情况", None),
        ("care_staff_signature", "signature", "", "服务人员签字（盖章）", None),
        ("satisfaction", "long_text", "", "老年人服务满意度评价", None),
    ]),
]


def _described(spec):
    if spec.kind == "table":
        extra = [column["label"] for column in spec.columns]
    elif spec.kind in ("text", "long_text", "number", "date", "signature", "counter"):
        extra = None
    else:
        extra = [str(label) for _value, label in spec.choices]
    return (spec.key, spec.kind, spec.group, spec.label, extra)


@pytest.fixture
def definition():
    return visit_form()


def test_published_with_one_revision(definition):
    assert definition.name == "特殊困难老年人探访关爱服务记录表"
    assert definition.code == "fujian2"
    assert definition.live and not definition.has_unpublished_changes
    assert definition.live_revision_id == definition.latest_revision_id
    assert definition.revisions.count() == 1
    assert definition.footnote == "备注：此表一式两份，可复印，县级民政部门、乡镇（街道）各存档一份。"


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_each_section_as_printed(definition, index):
    title, fields = EXPECTED[index]
    section = definition.live_revision.as_object().schema().sections[index]
    assert section.title == title
    assert [_described(spec) for spec in section.fields] == fields


def test_six_sections_and_no_more(definition):
    assert [section.title for section in definition.schema().sections] == [title for title, _ in EXPECTED]


def test_keys_unique(definition):
    keys = definition.schema().keys()
    assert len(keys) == len(set(keys)) == sum(len(fields) for _, fields in EXPECTED)


def test_stored_data_passes_the_editor_validation(definition):
    SectionsBlock().clean(definition.sections)


def test_registry_keys_match_elder_fields(definition):
    from registry.models import Elder

    names = {field.name for field in Elder._meta.get_fields()}
    mirrored = ["name", "phone", "emergency_contact_name", "emergency_contact_phone", "is_disabled",
                "disability_certificate_number", "lives_at_registered_residence", "household_members",
                "water_safety", "utilities_safety", "housing_safety", "monthly_income", "monthly_benefits_note",
                "assistance_providers", "assistance_person", "assistance_measures", "village"]
    assert set(mirrored) <= names
    assert set(mirrored) <= set(definition.schema().keys())


def test_typed_column_keys_have_their_kinds(definition):
    schema = definition.schema()
    for key, kind in SYSTEM_KEY_KINDS.items():
        assert schema.field(key).kind == kind


def test_emergency_is_marked_as_an_addition(definition):
    spec = definition.schema().field("emergency")
    assert "附件2原表无此项" in spec.help_text and "六（三）" in spec.help_text
    assert spec.options["detail_label"] == "情况说明"


def test_personal_numbers_are_sensitive(definition):
    schema = definition.schema()
    assert schema.field("phone").options["format"] == "phone"
    assert schema.field("emergency_contact_phone").options["format"] == "phone"
    assert schema.field("disability_certificate_number").options["sensitive"]
    id_column = next(c for c in schema.field("household_members").columns if c["key"] == "id_number")
    assert id_column["format"] == "id_number" and id_column["sensitive"]


def test_elder_may_be_unable_to_sign(definition):
    schema = definition.schema()
    assert schema.field("elder_signature").options["allow_unable"]
    assert not schema.field("visitor_signature").options["allow_unable"]
    assert schema.field("data_entry_signature").options["with_date"]
    assert schema.field("care_staff_signature").options["with_date"]
