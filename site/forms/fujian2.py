"""附件2 特殊困难老年人探访关爱服务记录表, as the first published version of the visit form.

Loaded by migration 0002; administrators change it afterwards in the admin (new revisions).
Sections 一 to 四 mirror the registry: keys are the ``registry.Elder`` field names where one
exists (``name``, ``phone``, ``emergency_contact_name``, ``household_members``, ...) and choice
values are the registry's codes, so a visit form can be prefilled from the elder's file.
Section 五 keys fill the typed columns of ``VisitRecord`` (``forms.typed_columns``). The only
field not printed on the paper form is ``emergency`` (方案 六(三)), and its help text says so.
"""

import uuid

CODE = "fujian2"
NAME = "特殊困难老年人探访关爱服务记录表"
DESCRIPTION = "桂民发〔2023〕16号附件2。第一至四栏与老年人档案一致，第五栏每次探访填写，第六栏开展关爱服务时填写。"
FOOTNOTE = "备注：此表一式两份，可复印，县级民政部门、乡镇（街道）各存档一份。"

YES_NO = "yes_no"
EMERGENCY_HELP = ("本项为系统增设，附件2原表无此项：依据实施方案六（三），探访中发现老年人遇到紧急情况的，"
                  "须立即报告并协助处置。选“是”须填写情况说明。")


def _id():
    return str(uuid.uuid4())


def field(kind, key, label, *, group="", required=False, help_text="", **options):
    value = {"key": key, "label": label}
    if kind != "counter":
        value.update({"group": group, "required": required, "help_text": help_text})
    for name in ("choices", "columns"):
        if name in options:
            options[name] = [{"type": "item", "value": item, "id": _id()} for item in options[name]]
    value.update(options)
    return {"type": kind, "value": value, "id": _id()}


def choices(*pairs):
    return [{"value": value, "label": label} for value, label in pairs]


def column(key, label, text_format="text", sensitive=False):
    return {"key": key, "label": label, "format": text_format, "sensitive": sensitive}


def section(title, *fields):
    return {"type": "section", "value": {"title": title, "fields": list(fields)}, "id": _id()}


def text(key, label, text_format="text", sensitive=False, **kwargs):
    return field("text", key, label, format=text_format, sensitive=sensitive, **kwargs)


SAFE_UNSAFE = choices(("safe", "安全"), ("unsafe", "不安全"))
ASSISTANCE_PROVIDERS = choices(
    ("party_government", "党政机关、群团组织"),
    ("township_village", "乡镇（街道）、村（居）民委员会"),
    ("enterprise", "企业"),
    ("social_organisation", "社会组织"),
    ("social_worker", "专业社会工作者"),
    ("volunteer", "志愿者"),
)
VISIT_METHODS = choices(("phone", "电话问候"), ("home", "上门探访"), ("online", "互联网音（视）频探访"))


def sections():
    """The StreamField data (raw JSON) of 附件2, fresh block ids on every call."""
    return [
        section(
            "一、探访对象基本情况",
            text("county", "县（市、区）", group="家庭住址"),
            text("township", "乡镇（街道）", group="家庭住址"),
            text("village", "村（居）", group="家庭住址"),
            field(YES_NO, "lives_at_registered_residence", "是否居住在户籍所在地", detail_label=""),
            text("name", "姓名", group="被探访人", required=True),
            text("phone", "联系电话", "phone", group="被探访人"),
            text("emergency_contact_name", "紧急联系人"),
            text("emergency_contact_phone", "联系电话", "phone", group="紧急联系人"),
            field(YES_NO, "is_disabled", "是否残疾", detail_label=""),
            text("disability_certificate_number", "残疾人证号", sensitive=True),
            field(YES_NO, "living_alone_or_empty_nest", "是否独居、空巢", detail_label=""),
            field(YES_NO, "left_behind", "是否留守", detail_label=""),
            field(YES_NO, "disabled", "是否失能", detail_label=""),
            field(YES_NO, "family_planning_special", "是否计划生育特殊家庭老年人", detail_label=""),
        ),
        section(
            "二、家庭基本情况",
            field("table", "household_members", "家庭成员", row_number_label="序号", max_rows=20,
                  help_text="第一行填写户主。",
                  columns=[column("name", "姓名"), column("sex", "性别"),
                           column("id_number", "公民身份号码", "id_number", True),
                           column("relation", "与户主关系"), column("health", "健康状况"),
                           column("assistance_status", "是否为低保对象/特困人员")]),
        ),
        section(
            "三、家庭生活条件",
            field("single_choice", "water_safety", "饮水是否安全", choices=SAFE_UNSAFE),
            field("single_choice", "utilities_safety", "生活用火用电用气是否安全", choices=SAFE_UNSAFE),
            field("single_choice", "housing_safety", "住房是否安全", choices=SAFE_UNSAFE),
            field("number", "monthly_income", "家庭每月收入（元）", unit="元", min_value="0", max_value=None,
                  integer=False),
            field("long_text", "monthly_benefits_note", "家庭每月领取养老保险、社会救助和社会福利补贴等情况"),
        ),
        section(
            "四、已享受帮扶情况",
            field("choice_other", "assistance_providers", "帮扶单位（组织）", choices=ASSISTANCE_PROVIDERS,
                  multiple=True, other_label="其他"),
            text("assistance_person", "帮扶责任人"),
            field("long_text", "assistance_measures", "帮扶措施"),
        ),
        section(
            "五、探访情况",
            field("counter", "visit_number", "开展探访", counter="visit"),
            field("date", "visit_date", "探访日期", required=True, bounds="visit"),
            field("choice_other", "visit_method", "探访方式", required=True, choices=VISIT_METHODS,
                  multiple=False, other_label="其他"),
            field("family_change", "family_change", "家庭人口", group="家庭状况", required=True),
            field("change_rating", "expression", "表达能力", group="健康状况", required=True),
            field("change_rating", "mobility", "行动能力", group="健康状况", required=True),
            field("illness", "illness", "疾病状况", group="健康状况", required=True),
            field("change_rating", "mood", "情绪状态", group="精神状态", required=True),
            field("safety_rating", "gas_safety", "燃气安全", group="安全情况"),
            field("safety_rating", "water_heating_safety", "水暖安全", group="安全情况"),
            field("safety_rating", "electricity_safety", "用电安全", group="安全情况"),
            field("safety_rating", "fire_safety", "消防安全", group="安全情况"),
            field("change_rating", "personal_hygiene", "个人卫生", group="卫生状况"),
            field("change_rating", "home_hygiene", "家庭卫生", group="卫生状况"),
            field("change_rating", "indoor_environment", "室内环境", group="居住环境"),
            field("long_text", "service_needs", "老年人服务需求"),
            field("long_text", "suggestions", "实施关爱服务建议"),
            field(YES_NO, "emergency", "紧急情况", required=True, help_text=EMERGENCY_HELP, detail_label="情况说明"),
            field("signature", "visitor_signature", "探访人员（签字）", required=True, allow_unable=False,
                  with_date=False),
            field("signature", "elder_signature", "被探访人（签字）", allow_unable=True, with_date=False,
                  help_text="被探访人无法签字的，选择“本人无法签字”并说明原因。"),
            field("signature", "data_entry_signature", "信息录入人（签字）", allow_unable=False, with_date=True),
        ),
        section(
            "六、关爱服务情况",
            field("counter", "care_number", "开展关爱", counter="care"),
            field("date", "care_date", "关爱日期", bounds="visit"),
            field("long_text", "care_service", "关爱服务情况"),
            field("signature", "care_staff_signature", "服务人员签字（盖章）", allow_unable=False, with_date=True),
            field("long_text", "satisfaction", "老年人服务满意度评价"),
        ),
    ]
