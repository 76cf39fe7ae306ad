"""The fixed answer lists of the visit record form (附件2 section 五) and of visit records.

The stored codes are English and never change; the Chinese labels are what the paper form prints.
Typed columns of ``VisitRecord`` use these codes, so reports can count them without reading JSON.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRating(models.TextChoices):
    """□无变化 □较好 □较差: expression, mobility, mood, hygiene, indoor environment."""

    NO_CHANGE = "no_change", _("无变化")
    BETTER = "better", _("较好")
    WORSE = "worse", _("较差")


class SafetyRating(models.TextChoices):
    """□安全 □较安全 □不安全: gas, water heating, electricity, fire."""

    SAFE = "safe", _("安全")
    FAIRLY_SAFE = "fairly_safe", _("较安全")
    UNSAFE = "unsafe", _("不安全")


class FamilyChange(models.TextChoices):
    """家庭人口 □无变化 □增加 n 人 □减少 n 人."""

    NO_CHANGE = "no_change", _("无变化")
    INCREASE = "increase", _("增加")
    DECREASE = "decrease", _("减少")


class IllnessChange(models.TextChoices):
    """疾病状况 □无变化 □严重 疾病名称 □转好."""

    NO_CHANGE = "no_change", _("无变化")
    SERIOUS = "serious", _("严重")
    BETTER = "better", _("转好")


class VisitMethod(models.TextChoices):
    """探访方式 as printed; 其他 carries a text."""

    PHONE = "phone", _("电话问候")
    HOME = "home", _("上门探访")
    ONLINE = "online", _("互联网音（视）频探访")
    OTHER = "other", _("其他")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class FollowUpKind(models.TextChoices):
    HAZARD = "hazard", _("安全隐患")
    HEALTH = "health", _("健康")
    NEED = "need", _("服务需求")
    EMERGENCY = "emergency", _("紧急情况")


class RuleCondition(models.TextChoices):
    EQUALS = "equals", _("等于其中一个值")
    NOT_EMPTY = "not_empty", _("已填写")
    IS_TRUE = "is_true", _("为“是”")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    CLOSED = "closed", _("已处理")


OTHER_CHOICE = "other"
