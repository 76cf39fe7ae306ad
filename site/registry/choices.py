"""The fixed answer lists of the registry form (附件2 sections 一 to 四 and the consent record)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

YES_NO = [(True, _("是")), (False, _("否"))]


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Safety(models.TextChoices):
    SAFE = "safe", _("安全")
    UNSAFE = "unsafe", _("不安全")


class ElderStatus(models.TextChoices):
    """Where a record stands. Only ``ACTIVE`` elders are visited and counted; the census
    (``workflows.census``) alone moves a record out of ``PENDING``: to ``VERIFIED`` once verified at
    the door, then into ``ACTIVE``, ``REJECTED`` or ``MERGED`` when the township decides."""

    ACTIVE = "active", _("在册")
    MOVED_AWAY = "moved_away", _("迁出")
    DECEASED = "deceased", _("去世")
    WITHDRAWN = "withdrawn", _("退出")
    PENDING = "pending", _("待核实")
    VERIFIED = "verified", _("已核实待审核")
    REJECTED = "rejected", _("未通过核实")
    MERGED = "merged", _("重复登记已合并")


# Statuses only the census sets: the elder forms never offer them on an existing record.
CENSUS_STATUSES = (ElderStatus.PENDING, ElderStatus.VERIFIED, ElderStatus.REJECTED, ElderStatus.MERGED)


class FirstContactKind(models.TextChoices):
    """How the first contact was determined (方案 六(一))."""

    CHILD_NEARBY = "child_nearby", _("同住地子女")
    DESIGNATED = "designated", _("乡镇会同村(社区)指定")


class FirstContactRelation(models.TextChoices):
    CHILD = "child", _("子女")
    CHILD_IN_LAW = "child_in_law", _("儿媳/女婿")
    GRANDCHILD = "grandchild", _("孙子女")
    SPOUSE = "spouse", _("配偶")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER_RELATIVE = "other_relative", _("其他亲属")
    NEIGHBOUR = "neighbour", _("邻居")
    VILLAGE_CADRE = "village_cadre", _("村(社区)干部")
    GRID_WORKER = "grid_worker", _("网格员")
    OTHER = "other", _("其他")


class ConsentGivenBy(models.TextChoices):
    ELDER = "elder", _("本人")
    GUARDIAN = "guardian", _("监护人")


class AssistanceProvider(models.TextChoices):
    """帮扶单位（组织）, the checkboxes of 附件2 section 四."""

    PARTY_GOVERNMENT = "party_government", _("党政机关、群团组织")
    TOWNSHIP_VILLAGE = "township_village", _("乡镇（街道）、村（居）民委员会")
    ENTERPRISE = "enterprise", _("企业")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    SOCIAL_WORKER = "social_worker", _("专业社会工作者")
    VOLUNTEER = "volunteer", _("志愿者")
    OTHER = "other", _("其他")


class HouseholdRelation(models.TextChoices):
    """与户主关系 in 附件2 section 二."""

    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    DAUGHTER_IN_LAW = "daughter_in_law", _("儿媳")
    SON_IN_LAW = "son_in_law", _("女婿")
    GRANDCHILD = "grandchild", _("孙子女")
    PARENT = "parent", _("父母")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class AssistanceStatus(models.TextChoices):
    """是否为低保对象/特困人员."""

    NONE = "none", _("否")
    MINIMUM_LIVING = "minimum_living", _("低保对象")
    EXTREME_POVERTY = "extreme_poverty", _("特困人员")


# 残疾人证号 = the holder's ID number + the kind of disability (1 视力, 2 听力, 3 言语, 4 肢体,
# 5 智力, 6 精神, 7 多重) + the grade (1 most severe to 4); 重残 means grade 1 or 2.
DISABILITY_KIND_DIGITS = "1234567"
DISABILITY_GRADE_DIGITS = "1234"
SEVERE_DISABILITY_GRADES = "12"
