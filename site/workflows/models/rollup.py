"""The visit rollup: counts per village (and per township) × category × month that the monthly visit rate adds up.

``workflows.rollup`` keeps the rows current in the transaction of every write that changes them
and rebuilds them from the raw tables; ``workflows.schedule`` defines what the counts count.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupCounts(models.Model):
    """Elders due, visited, unassigned and declined in one month, in total or of one category.

    ``category`` blank is the place's total, each elder once; a row per category counts the
    elders of that category (an elder of two categories is in both).
    """

    category = models.ForeignKey("registry.Category", verbose_name=_("对象类别"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("月份"))
    due = models.IntegerField(_("应探访"), default=0)
    visited = models.IntegerField(_("已探访"), default=0)
    unassigned = models.IntegerField(_("未分配探访人员"), default=0)
    declined = models.IntegerField(_("不同意探访"), default=0)

    COUNTS = ("due", "visited", "unassigned", "declined")

    class Meta:
        abstract = True


class VisitRollup(RollupCounts):
    """The counts of one village (the grain every write updates and every rebuild computes)."""

    village = models.ForeignKey("roles.Region", verbose_name=_("村(社区)"), on_delete=models.CASCADE,
                                related_name="+")

    PLACE = "village"

    class Meta:
        verbose_name = _("探访率汇总")
        verbose_name_plural = _("探访率汇总")
        constraints = [
            models.UniqueConstraint(fields=["month", "village", "category"], name="workflows_visitrollup_unique"),
            models.UniqueConstraint(fields=["month", "village"], condition=models.Q(category__isnull=True),
                                    name="workflows_visitrollup_unique_total"),
        ]

    def __str__(self):
        return f"{self.village_id} {self.category_id or '-'} {self.month:%Y-%m}: {self.visited}/{self.due}"


class TownshipRollup(RollupCounts):
    """The counts of one township: the sums of its villages' rows, kept by the same writes.

    Regions above the township add these up: ten times fewer rows than their villages' (the
    province's twelve-month trend reads 15,000 rows instead of 150,000).
    """

    township = models.ForeignKey("roles.Region", verbose_name=_("乡镇(街道)"), on_delete=models.CASCADE,
                                 related_name="+")

    PLACE = "township"

    class Meta:
        verbose_name = _("乡镇探访率汇总")
        verbose_name_plural = _("乡镇探访率汇总")
        constraints = [
            models.UniqueConstraint(fields=["month", "township", "category"], name="workflows_townshiprollup_unique"),
            models.UniqueConstraint(fields=["month", "township"], condition=models.Q(category__isnull=True),
                                    name="workflows_townshiprollup_unique_total"),
        ]

    def __str__(self):
        return f"{self.township_id} {self.category_id or '-'} {self.month:%Y-%m}: {self.visited}/{self.due}"


class RollupMonth(models.Model):
    """A month the rollup holds: built once from the raw tables, kept current by the writes since."""

    month = models.DateField(_("月份"), unique=True)
    built_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("探访率汇总月份")
        verbose_name_plural = _("探访率汇总月份")
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"
