"""不漏一户: per village of a user's scope, who each source's lists named, against the register.

THE figures, one row per village: how many people each source named (``ElderSource``, counted once
per person and source), how many records the village has 在册 (``VillageRegister.active``) and
已核实待审核 (``verified``); villages no list named at all come first, so they are seen.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from census_import.models import ElderSource, Source
from registry.models import VillageRegister


@dataclass
class VillageCoverage:
    village: object
    by_source: dict = field(default_factory=dict)
    active: int = 0
    verified: int = 0

    @property
    def listed(self):
        return sum(self.by_source.values())

    def source_counts(self):
        return [self.by_source.get(source, 0) for source in Source.values]


def coverage(villages):
    """``VillageCoverage`` of each village in ``villages`` (a queryset), unlisted ones first."""
    rows = {village.pk: VillageCoverage(village) for village in villages.order_by("path")}
    named = (ElderSource.objects.filter(elder__village__in=rows).values_list("elder__village", "source")
             .annotate(n=Count("elder", distinct=True)).order_by())
    for village_id, source, n in named:
        rows[village_id].by_source[source] = n
    for register in VillageRegister.objects.filter(village__in=rows):
        rows[register.village_id].active, rows[register.village_id].verified = register.active, register.verified
    return sorted(rows.values(), key=lambda row: row.listed > 0)
