"""Form definitions (the low-code 附件2), the visit records filled with them, and follow-up rules.

``FormDefinition`` is a Wagtail snippet with drafts, revisions and locking: administrators edit
a draft, publish it, and every ``VisitRecord`` points at the *revision* it was filled with, never
at the live definition, so a record reads the same after any later change to the form. Answers
live in ``VisitRecord.answers`` by field key, and the fields that drive work are copied into
typed columns (``forms.typed_columns``). On submission ``FollowUpRule`` rows turn answers into
``FollowUpFlag`` rows (hazard, health, need, emergency) for the township to act on.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Revision, RevisionMixin

from config.choice_prompts import PromptedAdminModelForm
from config.text_limits import REPORT_TEXT, BoundedTextField

from .blocks import SectionsBlock, validate_key
from .choices import FlagStatus, FollowUpKind, RecordStatus, RuleCondition
from .schema import Schema

VISIT_FORM_CODE = "fujian2"


class FormDefinitionQuerySet(models.QuerySet):
    def visit_form(self):
        """The definition new visit records are filled with (附件2 unless administrators add others)."""
        return self.get(code=VISIT_FORM_CODE)


class FormDefinition(DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A record form built in the admin: a title, a code and a stream of sections of fields.

    Drafts, publishing, revisions and locking are Wagtail's own. ``live_revision`` is the version
    new records use; a record keeps the revision it was filled with (``VisitRecord.definition_revision``),
    and such a revision is never overwritten (``save_revision``).
    """

    name = models.CharField(_("名称"), max_length=80)
    code = models.SlugField(_("代码"), max_length=40, unique=True, help_text=_("如 fujian2；创建后请勿修改"))
    description = BoundedTextField(_("说明"), max_length=REPORT_TEXT, blank=True)
    footnote = models.CharField(_("表尾备注"), max_length=200, blank=True, help_text=_("打印在表格末尾"))
    sections = StreamField(SectionsBlock(), verbose_name=_("栏目"))

    objects = FormDefinitionQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description"), FieldPanel("footnote"),
              FieldPanel("sections")]

    class Meta:
        verbose_name = _("表单定义")
        verbose_name_plural = _("表单定义")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def schema(self):
        """The sections and fields of this (possibly unsaved or draft) version."""
        return Schema.from_definition(self)

    def clean(self):
        super().clean()
        if self.code == VISIT_FORM_CODE:
            visit_date = self.schema().field("visit_date")
            if visit_date is None or visit_date.kind != "date":
                raise ValidationError({"sections": _("探访记录表须包含字段标识为“visit_date”的日期字段（探访日期）。")})

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        # Wagtail may overwrite the latest revision in place (autosave); never one a record was
        # filled with, nor the live one, or old records would change under their readers.
        if overwrite_revision is not None and (
            overwrite_revision.pk == self.live_revision_id
            or VisitRecord.objects.filter(definition_revision=overwrite_revision).exists()
        ):
            overwrite_revision = None
        return super().save_revision(*args, overwrite_revision=overwrite_revision, **kwargs)


class VisitRecordQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=RecordStatus.SUBMITTED)

    def drafts(self):
        return self.filter(status=RecordStatus.DRAFT)


class VisitRecord(models.Model):
    """One filled visit record form (附件2) for one elder: 第 n 次开展探访.

    ``answers`` holds every answer by field key, personal numbers encrypted (``forms.answers``);
    the typed columns below are copies for reports, rules and tasks, filled on submission from one
    mapping (``forms.typed_columns``). Signatures are ``VisitSignature`` rows. Use
    ``forms.services`` to start, save and submit records.
    """

    wagtail_reference_index_ignore = True

    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="visit_records")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("探访人员"), on_delete=models.PROTECT,
                                related_name="visit_records")
    definition = models.ForeignKey(FormDefinition, verbose_name=_("表单"), on_delete=models.PROTECT,
                                   related_name="records")
    definition_revision = models.ForeignKey(Revision, verbose_name=_("表单版本"), on_delete=models.PROTECT,
                                            related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT,
                              db_index=True)
    visit_number = models.PositiveSmallIntegerField(_("探访次数"), null=True, blank=True,
                                                    help_text=_("第 n 次开展探访，提交时生成"))
    care_number = models.PositiveSmallIntegerField(_("关爱服务次数"), null=True, blank=True,
                                                   help_text=_("第 n 次开展关爱，填写关爱服务时生成"))
    answers = models.JSONField(_("填写内容"), default=dict, blank=True)

    # Typed copies of answers (forms.typed_columns.TYPED_COLUMNS)
    visit_date = models.DateField(_("探访日期"), null=True, blank=True, db_index=True)
    visit_method = models.CharField(_("探访方式"), max_length=20, blank=True)
    visit_method_other = models.CharField(_("其他探访方式"), max_length=200, blank=True)
    family_change = models.CharField(_("家庭人口"), max_length=20, blank=True)
    family_change_count = models.PositiveSmallIntegerField(_("家庭人口变化人数"), null=True, blank=True)
    expression = models.CharField(_("表达能力"), max_length=20, blank=True)
    mobility = models.CharField(_("行动能力"), max_length=20, blank=True)
    illness = models.CharField(_("疾病状况"), max_length=20, blank=True)
    illness_name = models.CharField(_("疾病名称"), max_length=200, blank=True)
    mood = models.CharField(_("情绪状态"), max_length=20, blank=True)
    gas_safety = models.CharField(_("燃气安全"), max_length=20, blank=True)
    water_heating_safety = models.CharField(_("水暖安全"), max_length=20, blank=True)
    electricity_safety = models.CharField(_("用电安全"), max_length=20, blank=True)
    fire_safety = models.CharField(_("消防安全"), max_length=20, blank=True)
    personal_hygiene = models.CharField(_("个人卫生"), max_length=20, blank=True)
    home_hygiene = models.CharField(_("家庭卫生"), max_length=20, blank=True)
    indoor_environment = models.CharField(_("室内环境"), max_length=20, blank=True)
    service_needs = models.TextField(_("老年人服务需求"), blank=True)
    suggestions = models.TextField(_("实施关爱服务建议"), blank=True)
    emergency = models.BooleanField(_("紧急情况"), null=True, blank=True)
    emergency_detail = models.TextField(_("紧急情况说明"), blank=True)

    # Answers of sections 一-四 that differ from the file, proposed by a visitor who may not edit it
    # (keys; the values are the answers). Township or village staff apply or dismiss them.
    proposed_changes = models.JSONField(_("待核实的档案变更"), default=list, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    objects = VisitRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("探访记录")
        verbose_name_plural = _("探访记录")
        ordering = ["-visit_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["elder", "visit_number"], condition=models.Q(visit_number__isnull=False),
                                    name="visit_forms_record_one_number_per_elder"),
            models.UniqueConstraint(fields=["elder", "care_number"], condition=models.Q(care_number__isnull=False),
                                    name="visit_forms_record_one_care_number_per_elder"),
        ]
        indexes = [
            # "Visited in month M" reads an elder's submitted visits by date (workflows.schedule,
            # the rollup and the not-visited list): this partial index answers it without the drafts.
            models.Index(fields=["elder", "visit_date"], condition=models.Q(status="submitted"),
                         name="visit_forms_submitted_by_date"),
        ]

    def __str__(self):
        if self.visit_number:
            return f"{self.elder} 第{self.visit_number}次探访"
        return f"{self.elder} 探访记录（{self.get_status_display()}）"

    @property
    def is_submitted(self):
        return self.status == RecordStatus.SUBMITTED

    def is_started_by(self, user):
        """Whether ``user`` started this record: only they save, autosave and submit it while a draft."""
        return self.created_by_id is not None and self.created_by_id == getattr(user, "pk", None)

    @cached_property
    def schema(self):
        """The sections and fields of the revision this record was filled with."""
        return Schema.from_revision(self.definition_revision)

    def plain_answers(self):
        """``answers`` with personal numbers decrypted (for validation, rules and authorised display)."""
        from .answers import reveal_answers

        return reveal_answers(self.schema, self.answers)

    @property
    def visit_method_display(self):
        """探访方式 as its form version labels it, e.g. 上门探访 or 其他（微信视频）."""
        spec = self.schema.field("visit_method")
        if spec is None:
            return self.visit_method
        return spec.kind_spec.display(spec, {"value": self.visit_method, "other": self.visit_method_other})

    def answers_with_signatures(self):
        """``plain_answers()`` with the signature images put back (they are kept apart): what a form shows."""
        answers = self.plain_answers()
        for signature in self.signatures.all():
            answers[signature.key] = {**(answers.get(signature.key) or {}), "image": signature.image}
        return answers

    def display_sections(self, reveal=False, hide_id_numbers=False):
        """The record as its own revision lays it out, including fields administrators added.

        A list of sections ``{"title", "fields": [{"key", "kind", "label", "group", "help_text",
        "required", "value", "display", "columns"?, "signature"?}]}``; ``display`` is text (rows of
        text for tables), personal numbers masked unless ``reveal``, ID numbers left out with
        ``hide_id_numbers`` (for readers who see none: visitors, departments).
        """
        from .answers import display_sections

        return display_sections(self, reveal=reveal, hide_id_numbers=hide_id_numbers)

    def signature(self, key):
        return next((sig for sig in self.signatures.all() if sig.key == key), None)

    @property
    def visitor_signature(self):
        return self.signature("visitor_signature")

    @property
    def elder_signature(self):
        return self.signature("elder_signature")

    @property
    def data_entry_signature(self):
        return self.signature("data_entry_signature")


class VisitSignature(models.Model):
    """A handwritten signature on a record (探访人员, 被探访人, 信息录入人, 服务人员), by field key.

    The image is a PNG or JPEG data URL of at most ``forms.signatures.MAX_SIGNATURE_BYTES``;
    "本人无法签字" and its reason are in the record's answers, not here.
    """

    wagtail_reference_index_ignore = True

    record = models.ForeignKey(VisitRecord, verbose_name=_("探访记录"), on_delete=models.CASCADE,
                               related_name="signatures")
    key = models.CharField(_("字段标识"), max_length=50)
    image = models.TextField(_("签字图片"))
    signed_at = models.DateTimeField(_("签字时间"), auto_now=True)

    class Meta:
        verbose_name = _("签字")
        verbose_name_plural = _("签字")
        constraints = [models.UniqueConstraint(fields=["record", "key"], name="visit_forms_one_signature_per_key")]

    def __str__(self):
        return f"{self.record} · {self.key}"


class FollowUpRule(models.Model):
    """When an answer calls for follow-up: 消防安全 = 不安全 → 安全隐患 for 消防救援机构, and so on.

    Administrators manage the rules in the admin. Every submitted record is evaluated against the
    active rules (``forms.rules.evaluate_rules``), by field key, whatever the form's version.
    """

    title = models.CharField(_("标题"), max_length=80, help_text=_("如：消防存在安全隐患"))
    field_key = models.CharField(_("字段标识"), max_length=50, validators=[validate_key],
                                 help_text=_("表单字段的标识，如 fire_safety"))
    condition = models.CharField(_("条件"), max_length=12, choices=RuleCondition.choices,
                                 default=RuleCondition.EQUALS)
    values = models.CharField(_("值"), max_length=200, blank=True,
                              help_text=_("条件为“等于其中一个值”时填写选项值，多个用英文逗号分隔，如 unsafe"))
    kind = models.CharField(_("跟进类型"), max_length=12, choices=FollowUpKind.choices)
    department = models.ForeignKey("roles.Department", verbose_name=_("责任部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="follow_up_rules")
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    base_form_class = PromptedAdminModelForm
    panels = [FieldPanel("title"), FieldPanel("field_key"), FieldPanel("condition"), FieldPanel("values"),
              FieldPanel("kind"), FieldPanel("department"), FieldPanel("active"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("跟进规则")
        verbose_name_plural = _("跟进规则")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.title

    @property
    def value_list(self):
        return [value.strip() for value in self.values.replace("，", ",").split(",") if value.strip()]

    @cached_property
    def _live_specs(self):
        from .rules import live_specs

        return live_specs(self.field_key)

    @property
    def field_label(self):
        from .rules import field_label

        return field_label(self.field_key, self._live_specs)

    @property
    def values_display(self):
        """The values by their option labels (不安全, not unsafe), as the listing shows them."""
        labels = {str(value): str(label) for spec in self._live_specs for value, label in spec.choices}
        return "、".join(labels.get(value, value) for value in self.value_list)

    def clean(self):
        super().clean()
        if self.condition == RuleCondition.EQUALS and not self.value_list:
            raise ValidationError({"values": _("条件为“等于其中一个值”时请填写值。")})
        from .rules import rule_field_errors

        errors = rule_field_errors(self)
        if errors:
            raise ValidationError(errors)


class FollowUpFlag(models.Model):
    """Something a submitted visit found that the township must act on (方案 六(三)).

    Created by ``forms.rules.evaluate_rules``, at most one per record and rule; kind, title and
    department are copied from the rule so that later rule edits don't rewrite history. The next
    issue turns open flags into tasks and referrals.
    """

    record = models.ForeignKey(VisitRecord, verbose_name=_("探访记录"), on_delete=models.PROTECT,
                               related_name="follow_up_flags")
    rule = models.ForeignKey(FollowUpRule, verbose_name=_("规则"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="flags")
    kind = models.CharField(_("跟进类型"), max_length=12, choices=FollowUpKind.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=80)
    department = models.ForeignKey("roles.Department", verbose_name=_("责任部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="follow_up_flags")
    field_key = models.CharField(_("字段标识"), max_length=50)
    detail = models.TextField(_("填写内容"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN,
                              db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("处理完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("待跟进事项")
        verbose_name_plural = _("待跟进事项")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["record", "rule"], name="visit_forms_one_flag_per_rule")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class OfflineOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("已提交")
    CONFLICT = "conflict", _("冲突待处理")


class OfflineSubmission(models.Model):
    """One visit submitted from a phone's offline queue, by its idempotency key (``workbench.offline``).

    The phone makes ``key`` once per queued visit and sends it with every retry: a key seen before
    gets the answer it got the first time, and the unique constraint keeps a second record from
    being made however the retries race. ``ACCEPTED`` rows point at the submitted ``record``;
    ``CONFLICT`` rows (the task was reassigned, cancelled or done meanwhile) at the draft that keeps
    what was filled in, until township or village staff mark it resolved in 我的待办.
    """

    key = models.UUIDField(_("幂等键"), unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT,
                             related_name="offline_submissions")
    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.PROTECT,
                              related_name="offline_submissions")
    task_id = models.PositiveIntegerField(_("探访任务"))
    record = models.ForeignKey(VisitRecord, verbose_name=_("探访记录"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="offline_submissions")
    outcome = models.CharField(_("结果"), max_length=10, choices=OfflineOutcome.choices, db_index=True)
    reason = models.CharField(_("冲突原因"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("离线提交")
        verbose_name_plural = _("离线提交")
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.elder} 离线提交（{self.get_outcome_display()}）"
