"""Column mapping of census lists: which heading holds which fact, as departments name them.

THE contract: a list needs only ``REQUIRED`` (姓名, 公民身份号码, 村(社区)) plus a category, either as a
column or given for the whole file; every other fact is optional and completed at 入户核实. A
heading is matched after ``heading_key`` (NFKC, blanks, brackets and marks removed) against the
synonyms of ``FIELDS``, after the mapping remembered for the file's source (``ColumnMapping``).
``IGNORED`` headings (序号, 备注, 年龄 ...) are recognised as not wanted, so they don't ask for mapping.
"""

import re
import unicodedata

# field -> (label shown to the user, synonyms as heading_key gives them)
FIELDS = {
    "name": ("姓名", ["姓名", "老人姓名", "老年人姓名", "名字", "对象姓名"]),
    "id_number": ("公民身份号码", ["公民身份号码", "身份证号", "身份证号码", "证件号码", "身份证", "身份证件号码",
                                   "公民身份证号码", "证件号"]),
    "id_missing_reason": ("无身份证号原因", ["无身份证号原因", "无证原因", "缺号原因", "身份证号缺失原因"]),
    "village": ("村(社区)", ["村(社区)", "村", "社区", "村社区", "村/社区", "所在村", "所属村", "所在村(社区)",
                            "所属村(社区)", "村(居)", "村居", "村委会", "村(居)委会", "村(居)委", "村别", "村名"]),
    "category": ("对象类别", ["对象类别", "类别", "人员类别", "老人类别", "困难类型", "类型"]),
    "sex": ("性别", ["性别"]),
    "birth_date": ("出生日期", ["出生日期", "出生年月日", "出生年月", "生日"]),
    "phone": ("联系电话", ["联系电话", "电话", "手机", "手机号", "手机号码", "电话号码", "联系方式"]),
    "address": ("详细地址", ["详细地址", "地址", "住址", "家庭住址", "现住址", "居住地址"]),
}
REQUIRED = ("name", "id_number", "village")
IGNORE = "ignore"
IGNORED = ["序号", "编号", "备注", "年龄", "民族", "乡镇", "乡镇(街道)", "街道", "县(区)", "填报单位"]
_MARKS = re.compile(r"[\s*※★:：]+")


def heading_key(text):
    """A heading as compared: NFKC (full-width brackets become ASCII), no blanks, ``*`` or colons."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", str(text or "")))


_SYNONYMS = {heading_key(synonym): field for field, (_label, synonyms) in FIELDS.items() for synonym in synonyms}
_IGNORED = {heading_key(heading) for heading in IGNORED}


def field_for(heading, remembered=None):
    """The field a heading holds (``IGNORE`` for a known unwanted column), or None when unrecognised."""
    key = heading_key(heading)
    if not key:
        return None
    if remembered and key in remembered:
        return remembered[key]
    return _SYNONYMS.get(key) or (IGNORE if key in _IGNORED else None)


def mapping_for(header, remembered=None):
    """{column index: field} for a header row; columns not recognised are left out."""
    mapping = {}
    for index, heading in enumerate(header):
        field = field_for(heading, remembered)
        if field and (field == IGNORE or field not in mapping.values()):
            mapping[index] = field
    return mapping


def unrecognised(header, mapping):
    return [(index, heading) for index, heading in enumerate(header)
            if heading_key(heading) and index not in mapping]


def missing_required(mapping, has_default_category):
    """Labels of the required fields no column holds (category only when not given for the file)."""
    wanted = list(REQUIRED) + ([] if has_default_category else ["category"])
    return [FIELDS[field][0] for field in wanted if field not in mapping.values()]


def choices():
    return [(IGNORE, "不导入此列"), *((field, label) for field, (label, _synonyms) in FIELDS.items())]


def text_of(cell):
    """A heading cell as text (headings are short; numbers in a header row are kept as written)."""
    return unicodedata.normalize("NFKC", str(cell)).strip() if cell is not None else ""
