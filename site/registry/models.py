"""The elder registry: who is visited (附件2 sections 一 to 四), their household, and who visits them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from config.text_limits import LONG_TEXT, BoundedTextField
from registry import choices
from registry.dates import age_on, china_today
from registry.fields import (
    ChoiceListField,
    EncryptedCharField,
    EncryptedIdNumberField,
    EncryptedPhoneNumberField,
    IdNumberField,
    LookupHashField,
)
from registry.id_numbers import birth_date_of, mask_id_number, normalize_id_number, sex_of, validate_id_number
from registry.phones import mask_phone

MINIMUM_AGE = 60
UNDER_AGE_MESSAGE = _("按此公民身份号码，登记日期时未满%(age)d周岁，不能登记为探访关爱对象。")
NOT_NEGATIVE = MinValueValidator(0, message=_("金额不能为负数。"))

DUPLICATE_ID_NUMBER_MESSAGE = _("该公民身份号码已登记，不能重复登记。如需核实，请联系县级民政部门。")


class Category(models.Model):
    """One of the six kinds of special difficulty (方案 三); an elder belongs to at least one.

    The rows are created by a data migration and referenced by ``code`` in code and reports.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("对象类别")
        verbose_name_plural = _("对象类别")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class ElderQuerySet(models.QuerySet):
    def within(self, region):
        """Elders whose village lies in ``region``'s subtree (one prefix query); none for ``None``."""
        if region is None:
            return self.none()
        return self.filter(village__path__startswith=region.path)

    def active(self):
        return self.filter(status=choices.ElderStatus.ACTIVE)

    def assigned_to(self, user):
        """Elders whose current assignment (no end date) names ``user`` as the visitor."""
        return self.filter(assignments__visitor=user, assignments__end_date__isnull=True)

    def with_id_number(self, number):
        """The elder (at most one) registered under ``number``, typed in any accepted form.

        The only way to find an elder by ID number: the number itself is stored encrypted, so
        this matches its keyed hash. Only the full number matches, never a part of it.
        """
        number = normalize_id_number(number)
        if not number:
            return self.none()
        return self.filter(id_number_hash=self.model._meta.get_field("id_number_hash").hash_of(number))


class Elder(ClusterableModel):
    """A 特殊困难老年人 on the register: sections 一 to 四 of 附件2 plus consent and status.

    One record per person in the whole province: ``id_number`` is stored encrypted, and its keyed
    hash ``id_number_hash`` carries the unique constraint and lookups (``Elder.objects.with_id_number``).
    Phones and the disability certificate number are encrypted too (see registry.crypto). Sex and birth date
    are read from the ID number on save. The household (``household_members``) is edited inline;
    ``assignments`` say who visits the elder. ``clean()`` holds the cross-field rules, each error
    attached to its field; the rules about categories need the chosen set, so forms call
    ``category_errors()`` with it. A record 待核实 imported from a census list (``census_import``) holds
    only what the list had (no ID number at all when the list gave a reason): birth date, consent
    date and income may be empty until 入户核实 completes the file through the forms, which require them.
    """

    # Not page content: keep it out of Wagtail's usage index (one insert per save otherwise).
    wagtail_reference_index_ignore = True

    # 一、探访对象基本情况
    name = models.CharField(_("姓名"), max_length=40)
    id_number = EncryptedIdNumberField(_("公民身份号码"))
    id_number_hash = LookupHashField(_("公民身份号码查询摘要"), source="id_number", unique=True, null=True)
    sex = models.CharField(_("性别"), max_length=6, choices=choices.Sex.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), null=True, editable=False)
    phone = EncryptedPhoneNumberField(_("联系电话"), blank=True)
    village = models.ForeignKey(
        "roles.Region", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="elders",
        limit_choices_to={"level": "village"},
    )
    address_detail = models.CharField(_("详细地址"), max_length=120, blank=True,
                                      help_text=_("组、门牌号等"))
    lives_at_registered_residence = models.BooleanField(
        _("是否居住在户籍所在地"), choices=choices.YES_NO, default=True)
    categories = models.ManyToManyField(Category, verbose_name=_("对象类别"), related_name="elders")
    is_disabled = models.BooleanField(_("是否残疾"), choices=choices.YES_NO, default=False)
    disability_certificate_number = EncryptedCharField(
        _("残疾人证号"), max_length=20, blank=True,
        help_text=_("20位：本人公民身份号码加残疾类别、等级各1位"),
    )
    emergency_contact_name = models.CharField(_("紧急联系人"), max_length=40)
    emergency_contact_phone = EncryptedPhoneNumberField(_("紧急联系人电话"))

    # 第一探访联系人 (方案 六(一))
    first_contact_name = models.CharField(_("第一探访联系人"), max_length=40)
    first_contact_phone = EncryptedPhoneNumberField(_("第一探访联系人电话"))
    first_contact_relation = models.CharField(
        _("与老年人关系"), max_length=20, choices=choices.FirstContactRelation.choices)
    first_contact_kind = models.CharField(
        _("确定方式"), max_length=20, choices=choices.FirstContactKind.choices)

    # 探访关爱意愿 (方案 四: services are offered only with the elder's consent)
    consents_to_visits = models.BooleanField(
        _("是否同意接受探访关爱服务"), choices=choices.YES_NO, default=True)
    consent_date = models.DateField(_("意愿确认日期"), null=True)
    consent_given_by = models.CharField(
        _("意愿表达人"), max_length=10, choices=choices.ConsentGivenBy.choices,
        default=choices.ConsentGivenBy.ELDER)
    lacks_capacity = models.BooleanField(
        _("是否无民事行为能力或限制民事行为能力"), choices=choices.YES_NO, default=False)
    guardian_name = models.CharField(_("监护人姓名"), max_length=40, blank=True)
    guardian_relation = models.CharField(_("监护人与老年人关系"), max_length=20, blank=True)
    guardian_phone = EncryptedPhoneNumberField(_("监护人电话"), blank=True)

    # 三、家庭生活条件
    water_safety = models.CharField(_("饮水是否安全"), max_length=10, choices=choices.Safety.choices)
    utilities_safety = models.CharField(
        _("生活用火用电用气是否安全"), max_length=10, choices=choices.Safety.choices)
    housing_safety = models.CharField(_("住房是否安全"), max_length=10, choices=choices.Safety.choices)
    monthly_income = models.DecimalField(
        _("家庭每月收入（元）"), max_digits=10, decimal_places=2, null=True, validators=[NOT_NEGATIVE])
    monthly_benefits_amount = models.DecimalField(
        _("家庭每月领取养老保险、社会救助和社会福利补贴等（元）"), max_digits=10, decimal_places=2,
        default=0, validators=[NOT_NEGATIVE])
    monthly_benefits_note = models.CharField(
        _("领取情况说明"), max_length=200, blank=True, help_text=_("如：城乡居民养老保险、高龄津贴、低保金"))

    # 四、已享受帮扶情况
    assistance_providers = ChoiceListField(
        _("帮扶单位（组织）"), item_choices=choices.AssistanceProvider.choices, blank=True)
    assistance_provider_other = models.CharField(_("其他帮扶单位（组织）"), max_length=60, blank=True)
    assistance_person = models.CharField(_("帮扶责任人"), max_length=40, blank=True)
    assistance_measures = BoundedTextField(_("帮扶措施"), max_length=LONG_TEXT, blank=True)

    # Register status
    status = models.CharField(
        _("状态"), max_length=12, choices=choices.ElderStatus.choices, default=choices.ElderStatus.ACTIVE,
        db_index=True)
    status_date = models.DateField(_("状态变更日期"), null=True, blank=True)
    status_reason = models.CharField(_("状态变更原因"), max_length=200, blank=True)
    registered_on = models.DateField(_("登记日期"), default=china_today)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ElderQuerySet.as_manager()

    class Meta:
        verbose_name = _("老年人")
        verbose_name_plural = _("老年人登记")
        ordering = ["-registered_on", "-id"]
        # Granted per elder (django-guardian) by a current Assignment and taken back when it ends.
        permissions = [("visit_elder", _("探访分配给本人的老年人"))]

    def __str__(self):
        return self.name

    def next_care_number(self):
        """第 n 次开展关爱: one count over the visit records' section 六 and the referrals' care services.

        The caller holds this elder's row lock (``select_for_update``) so two filings can't share a number.
        """
        highest = (self.visit_records.aggregate(n=models.Max("care_number"))["n"],
                   self.care_services.aggregate(n=models.Max("number"))["n"])
        return max(n or 0 for n in highest) + 1

    def age(self, on=None):
        """Full years of age on ``on`` (default: today in China)."""
        return age_on(self.birth_date, on or china_today()) if self.birth_date else None

    age.short_description = _("年龄")

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def location(self):
        """Township and village, e.g. 民生街道 明秀社区 (select_related("village__parent") in lists)."""
        return f"{self.village.parent.name} {self.village.name}"

    def household(self):
        """The household in the order of the file (ties by id, so two readings agree row by row)."""
        return self.household_members.order_by("sort_order", "pk")

    @property
    def category_names(self):
        return "、".join(category.name for category in self.categories.all())

    @property
    def assistance_provider_names(self):
        labels = dict(choices.AssistanceProvider.choices)
        return "、".join(str(labels[code]) for code in self.assistance_providers if code in labels)

    def derive_from_id_number(self):
        """Set sex and birth date from the ID number; False when the number isn't valid."""
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            return False
        self.id_number = IdNumberField.normalize(self.id_number)
        self.sex, self.birth_date = sex_of(self.id_number), birth_date_of(self.id_number)
        return True

    def clean(self):
        super().clean()
        errors = {}
        today = china_today()
        if self.registered_on and self.registered_on > today:
            errors["registered_on"] = _("登记日期不能晚于今天。")
        # The age rule holds on the day of registration, which is never later than today: a
        # future 登记日期 must not let a 59-year-old in.
        registered_on = min(self.registered_on or today, today)
        if self.derive_from_id_number() and self.age(registered_on) < MINIMUM_AGE:
            errors["id_number"] = UNDER_AGE_MESSAGE % {"age": MINIMUM_AGE}
        for rule in (self._disability_errors, self._first_contact_errors, self._consent_errors,
                     self._assistance_errors, self._status_errors):
            errors.update(rule())
        if errors:
            raise ValidationError(errors)

    def _disability_errors(self):
        # The certificate number starts with the ID number: normalised (and folded) the same way.
        cert = self.disability_certificate_number = normalize_id_number(self.disability_certificate_number)
        if self.is_disabled and not cert:
            return {"disability_certificate_number": _("残疾老年人须填写残疾人证号。")}
        if not self.is_disabled and cert:
            return {"disability_certificate_number": _("“是否残疾”为“否”时不应填写残疾人证号。")}
        if not cert:
            return {}
        if not (len(cert) == 20 and cert[18] in choices.DISABILITY_KIND_DIGITS
                and cert[19] in choices.DISABILITY_GRADE_DIGITS):
            return {"disability_certificate_number": _(
                "残疾人证号应为20位：本人公民身份号码，加残疾类别（1-7）和残疾等级（1-4）各1位。")}
        if cert[:18] != IdNumberField.normalize(self.id_number):
            return {"disability_certificate_number": _("残疾人证号前18位应与本人公民身份号码一致。")}
        return {}

    def _first_contact_errors(self):
        if (self.first_contact_kind == choices.FirstContactKind.CHILD_NEARBY
                and self.first_contact_relation != choices.FirstContactRelation.CHILD):
            return {"first_contact_relation": _("第一探访联系人为“同住地子女”时，与老年人关系应为“子女”。")}
        return {}

    def _consent_errors(self):
        errors = {}
        if self.consent_date and self.consent_date > china_today():
            errors["consent_date"] = _("意愿确认日期不能晚于今天。")
        if self.lacks_capacity and self.consent_given_by != choices.ConsentGivenBy.GUARDIAN:
            errors["consent_given_by"] = _("老年人无民事行为能力或限制民事行为能力时，应由监护人表达意愿。")
        if self.consent_given_by == choices.ConsentGivenBy.GUARDIAN:
            for field in ("guardian_name", "guardian_relation", "guardian_phone"):
                if not getattr(self, field).strip():
                    errors[field] = _("由监护人表达意愿时须填写%(field)s。") % {
                        "field": self._meta.get_field(field).verbose_name}
        return errors

    def _assistance_errors(self):
        other_named = self.assistance_provider_other.strip()
        if choices.AssistanceProvider.OTHER in self.assistance_providers and not other_named:
            return {"assistance_provider_other": _("勾选“其他”时请填写帮扶单位（组织）名称。")}
        return {}

    def _status_errors(self):
        if self.status in (choices.ElderStatus.ACTIVE, choices.ElderStatus.PENDING, choices.ElderStatus.VERIFIED):
            return {}
        errors = {}
        status = self.get_status_display()
        if not self.status_date:
            errors["status_date"] = _("状态为“%(status)s”时须填写状态变更日期。") % {"status": status}
        elif self.status_date > china_today():
            errors["status_date"] = _("状态变更日期不能晚于今天。")
        elif self.registered_on and self.status_date < self.registered_on:
            errors["status_date"] = _("状态变更日期不能早于登记日期。")
        if not self.status_reason.strip():
            errors["status_reason"] = _("状态为“%(status)s”时须填写状态变更原因。") % {"status": status}
        return errors

    def category_errors(self, categories):
        """Rules that depend on the chosen categories (not saved yet when a form is cleaned)."""
        codes = {category.code for category in categories}
        if "severely_handicapped" not in codes:
            return {}
        cert = self.disability_certificate_number.strip()
        if not self.is_disabled:
            return {"is_disabled": _("对象类别含“重残”时，“是否残疾”应为“是”。")}
        if len(cert) == 20 and cert[19] not in choices.SEVERE_DISABILITY_GRADES:
            return {"categories": _("“重残”指残疾等级为一级或二级，残疾人证号显示的等级为%(grade)s级。") % {
                "grade": cert[19]}}
        return {}

    def save(self, *args, **kwargs):
        """Save; ValidationError on ``id_number`` when another record of the number was saved first.

        Validation (``validate_unique``) looks before the save; two registrations of one new
        number at the same moment both pass it, and the unique hash refuses the second. Its user
        gets the form's duplicate message, not a server error; the caller's transaction stays usable.
        """
        self.derive_from_id_number()
        self.disability_certificate_number = normalize_id_number(self.disability_certificate_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_hash"}
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError:
            if not (self.id_number and self._duplicates().exists()):
                raise
            raise ValidationError({"id_number": [self.duplicate_id_number_message()]}, code="unique") from None

    def validate_unique(self, exclude=None):
        """Django's checks, plus one person one record, through the hash (the number is encrypted)."""
        exclude = set(exclude or ())
        errors = {}
        try:
            super().validate_unique(exclude=exclude | {"id_number_hash"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "id_number" not in exclude and self.id_number and self._duplicates().exists():
            errors.setdefault("id_number", []).append(
                ValidationError(self.duplicate_id_number_message(), code="unique"))
        if errors:
            raise ValidationError(errors)

    def _duplicates(self):
        return Elder.objects.with_id_number(self.id_number).exclude(pk=self.pk)

    def duplicate_id_number_message(self):
        """One person, one record in the province; where the other record is, is not the caller's
        to know (it may be outside their region): they are told whom to ask instead."""
        return str(DUPLICATE_ID_NUMBER_MESSAGE)


class HouseholdMember(Orderable):
    """A row of 附件2 section 二 (家庭基本情况): someone in the elder's household."""

    elder = ParentalKey(Elder, verbose_name=_("老年人"), on_delete=models.CASCADE,
                        related_name="household_members")
    name = models.CharField(_("姓名"), max_length=40)
    sex = models.CharField(_("性别"), max_length=6, choices=choices.Sex.choices)
    id_number = EncryptedIdNumberField(_("公民身份号码"), blank=True)
    relation = models.CharField(_("与户主关系"), max_length=20, choices=choices.HouseholdRelation.choices)
    health = models.CharField(_("健康状况"), max_length=60, blank=True)
    assistance_status = models.CharField(
        _("是否为低保对象/特困人员"), max_length=20, choices=choices.AssistanceStatus.choices,
        default=choices.AssistanceStatus.NONE)

    class Meta(Orderable.Meta):
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")

    def __str__(self):
        return f"{self.name}（{self.get_relation_display()}）"

    def clean(self):
        super().clean()
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            return  # already reported beside the field, or left blank
        if sex_of(IdNumberField.normalize(self.id_number)) != self.sex:
            raise ValidationError({"sex": _("性别与公民身份号码不一致。")})


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


class Assignment(models.Model):
    """Who visits an elder, from when until when; an open end date means the assignment is current.

    At most one assignment per elder is current (a partial unique constraint). Ending one and
    starting the next is how an elder changes visitor; the history stays.
    """

    # Not page content: keep it out of Wagtail's usage index (one insert per save otherwise).
    wagtail_reference_index_ignore = True

    elder = models.ForeignKey(Elder, verbose_name=_("老年人"), on_delete=models.CASCADE,
                              related_name="assignments")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("探访人员"),
                                on_delete=models.PROTECT, related_name="elder_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("分配人"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    start_date = models.DateField(_("开始日期"), default=china_today)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    # Read by the visit scheduler as this elder's own frequency, before the rules by category.
    visits_per_month = models.PositiveSmallIntegerField(
        _("每月探访次数"), null=True, blank=True,
        validators=[MinValueValidator(1, message=_("每月至少探访1次。")),
                    MaxValueValidator(31, message=_("每月探访次数不能超过31次。"))],
        help_text=_("留空则按探访频次规则"))

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("探访分配")
        verbose_name_plural = _("探访分配")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["elder"], condition=models.Q(end_date__isnull=True),
                name="registry_assignment_one_current_per_elder",
                violation_error_message=_("该老年人已有当前探访人员，请先结束原分配。"),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="registry_assignment_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.visitor} → {self.elder}"


class VillageRegister(models.Model):
    """How many records of a village stand at each ``ElderStatus``: kept by ``registry.register``.

    One count per status, the field named as the status's value (``COUNTS``): ``active`` is the
    village's 在册 elders, the others the census (摸底建档) and those who left. A region's count is the
    sum over its villages (one indexed prefix query however large the region), so a province
    officer's start page and 监督看板 do not count a million rows.
    """

    COUNTS = tuple(choices.ElderStatus.values)

    village = models.OneToOneField("roles.Region", primary_key=True, on_delete=models.CASCADE, related_name="+")
    active = models.PositiveIntegerField(default=0)
    moved_away = models.PositiveIntegerField(default=0)
    deceased = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("村(社区)档案状态统计")
        verbose_name_plural = _("村(社区)档案状态统计")

    def __str__(self):
        return f"{self.village_id}: {self.active}"
