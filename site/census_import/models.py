"""An upload of census lists, staged row by row until the officer confirms it, and where each person came from.

``ImportBatch`` is one officer's upload: one or more ``ImportFile`` (a list from 民政, 卫健, 残联,
网格 ...; the file itself waits in private storage), read by a background task into
``StagedRow`` s, one per spreadsheet row, each with its outcome and reasons. Nothing is written to
the register before the officer confirms; then a second task creates or merges the people
(``census_import.committing``). A staged row's personal data is one encrypted payload
(``registry.crypto``), cleared when the batch is done (kept for refused rows, for the download
sent back to the department, until ``prune_census_imports`` deletes the batch). ``ColumnMapping``
remembers a region's headings per source; ``ElderSource`` records on the elder each list that named them.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from printing.background import BackgroundJob
from printing.storage import private_storage
from registry.crypto import decrypt, encrypt

KEPT_FOR = timedelta(days=7)


class Source(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    HEALTH = "health", _("卫健")
    DISABLED_PERSONS = "disabled_persons", _("残联")
    GRID = "grid", _("网格")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    READING = "reading", _("读取中")
    MAPPING = "mapping", _("待确认列")
    PREVIEW = "preview", _("待确认导入")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已导入")


class Outcome(models.TextChoices):
    NEW = "new", _("新登记")
    REGISTERED = "registered", _("已登记")
    DUPLICATE = "duplicate", _("本次上传中重复")
    REVIEW = "review", _("疑似同一人，待确认")
    CORRECTION = "correction", _("需更正")
    REFUSED = "refused", _("不予登记")


class Decision(models.TextChoices):
    MERGE = "merge", _("是同一人，合并")
    NEW = "new", _("不是同一人，新登记")


COUNTED = [Outcome.NEW, Outcome.REGISTERED, Outcome.DUPLICATE, Outcome.REVIEW, Outcome.CORRECTION, Outcome.REFUSED]
NOT_IMPORTED = (Outcome.CORRECTION, Outcome.REFUSED)


class ImportBatch(BackgroundJob):
    """One upload of census lists by one officer; ``total``/``done_count`` follow the running task."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT,
                                     related_name="census_imports")
    region = models.ForeignKey("roles.Region", verbose_name=_("导入范围"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices, default=Stage.READING)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("名单导入")
        verbose_name_plural = _("名单导入")

    def __str__(self):
        return f"名单导入 {self.pk}"

    @property
    def expires_at(self):
        return self.created_at + KEPT_FOR

    def counts(self):
        """{outcome: rows} over the batch's files, every outcome present."""
        found = dict(StagedRow.objects.filter(file__batch=self).values_list("outcome").annotate(n=models.Count("pk"))
                     .order_by())
        return {outcome: found.get(outcome, 0) for outcome in COUNTED}


def upload_name(instance, filename):
    return f"census-imports/{timezone.now():%Y/%m}/{instance.digest[:16]}"


class ImportFile(models.Model):
    """One list in a batch: the stored upload, its source, the sheet read and how its columns map."""

    batch = models.ForeignKey(ImportBatch, verbose_name=_("导入"), on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("文件名"), max_length=200)
    digest = models.CharField(_("文件摘要"), max_length=64, db_index=True)
    upload = models.FileField(_("文件"), storage=private_storage, upload_to=upload_name, blank=True, max_length=200)
    source = models.CharField(_("名单来源"), max_length=20, choices=Source.choices)
    source_label = models.CharField(_("来源说明"), max_length=40)
    category = models.ForeignKey("registry.Category", verbose_name=_("全部人员的对象类别"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    sheet = models.CharField(_("工作表"), max_length=100, blank=True)
    sheets = models.JSONField(_("全部工作表"), default=list)
    header_row = models.PositiveIntegerField(_("表头行"), default=0)
    header = models.JSONField(_("表头"), default=list)
    mapping = models.JSONField(_("列对应"), default=dict)  # {column index as text: field}
    ignored = models.JSONField(_("忽略的行"), default=list)  # [[row number, reason]]
    problem = models.CharField(_("问题"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("名单文件")
        verbose_name_plural = _("名单文件")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def column_of(self, field):
        """The heading holding ``field`` (for the row report), or the field's label."""
        from census_import.columns import FIELDS

        for index, mapped in self.mapping.items():
            if mapped == field and int(index) < len(self.header):
                return self.header[int(index)]
        return FIELDS[field][0] if field in FIELDS else ""


class StagedRow(models.Model):
    """One spreadsheet row of a list, as read: its outcome, the reasons, and its data (encrypted)."""

    file = models.ForeignKey(ImportFile, verbose_name=_("文件"), on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("行号"))
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices)
    reasons = models.JSONField(_("原因"), default=list)  # [[column, reason]]; never personal data
    payload = models.TextField(_("数据（加密）"), blank=True, editable=False)
    id_hash = models.CharField(_("公民身份号码查询摘要"), max_length=64, null=True, blank=True, db_index=True)
    candidates = models.JSONField(_("疑似同一人的档案"), default=list)  # elder ids in the township
    decision = models.CharField(_("确认结果"), max_length=6, choices=Decision.choices, blank=True)
    merge_into = models.ForeignKey("registry.Elder", verbose_name=_("确认合并到"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    elder = models.ForeignKey("registry.Elder", verbose_name=_("对应档案"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("名单行")
        verbose_name_plural = _("名单行")
        ordering = ["file_id", "row_number"]

    def __str__(self):
        return f"{self.file.name} 第{self.row_number}行"

    @staticmethod
    def seal(data):
        return encrypt(json.dumps(data, ensure_ascii=False, default=str))

    @property
    def data(self):
        return json.loads(decrypt(self.payload)) if self.payload else {}


class ColumnMapping(models.Model):
    """Headings a region's officers mapped by hand, per source, applied to that source's next list."""

    region = models.ForeignKey("roles.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("名单来源"), max_length=20, choices=Source.choices)
    headings = models.JSONField(_("表头对应"), default=dict)  # {heading key: field}

    class Meta:
        verbose_name = _("名单列对应")
        verbose_name_plural = _("名单列对应")
        constraints = [models.UniqueConstraint(fields=["region", "source"], name="census_import_one_mapping")]

    def __str__(self):
        return f"{self.region} {self.get_source_display()}"


class ElderSource(models.Model):
    """A list that named the elder (来源：残联名单 2026-12): a person on three lists has three."""

    elder = models.ForeignKey("registry.Elder", verbose_name=_("老年人"), on_delete=models.CASCADE,
                              related_name="census_sources")
    source = models.CharField(_("名单来源"), max_length=20, choices=Source.choices)
    label = models.CharField(_("来源说明"), max_length=40)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    batch = models.ForeignKey(ImportBatch, verbose_name=_("导入"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("名单来源")
        verbose_name_plural = _("名单来源")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["elder", "source", "label"], name="census_import_source_once")]

    def __str__(self):
        return f"来源：{self.label}"
