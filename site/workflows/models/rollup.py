"""The visit rollup: counts per village × category × month that the monthly visit rate adds up.

``workflows.rollup`` keeps the rows current in the transaction of every write that changes them
and rebuilds them from the raw tables; ``workflows.schedule`` defines what the counts count.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitRollup(models.Model):
    """Elders of one village due, visited, unassigned and declined in one month.

    ``category`` blank is the village's total, each elder once; a row per category counts the
    elders of that category (an elder of two categories is in both).
    """

    village = models.ForeignKey("roles.Region", verbose_name=_("村(社区)"), on_delete=models.CASCADE,
                                related_name="+")
    category = models.ForeignKey("registry.Category", verbose_name=_("对象类别"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("月份"))
    due = models.IntegerField(_("应探访"), default=0)
    visited = models.IntegerField(_("已探访"), default=0)
    unassigned = models.IntegerField(_("未分配探访人员"), default=0)
    declined = models.IntegerField(_("不同意探访"), default=0)

    COUNTS = ("due", "visited", "unassigned", "declined")

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
