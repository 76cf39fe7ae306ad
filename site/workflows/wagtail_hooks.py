"""Back office: visit frequency rules and temporary surges (Wagtail snippets, one menu 探访频次),
and the referral routing table and providers (``workflows.admin_routing``).

Configuration for administrators only: the model permissions ``workflows.*_visitfrequencyrule``
and ``*_visitsurge`` (the province civil affairs role by default, ``roles.defaults``).
"""

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_routing  # noqa: F401
from .models import VisitFrequencyRule, VisitSurge


class VisitFrequencyRuleViewSet(SnippetViewSet):
    model = VisitFrequencyRule
    icon = "date"
    menu_label = "探访频次规则"
    list_display = ["category", "region", "interval_days", BooleanColumn("active", label="启用"), "note"]
    list_filter = ["active", "interval_days"]


class VisitSurgeViewSet(SnippetViewSet):
    model = VisitSurge
    icon = "warning"
    menu_label = "临时加密探访"
    list_display = ["region", "start_date", "end_date", "interval_days", "reason"]
    list_filter = ["interval_days"]


class VisitScheduleGroup(SnippetViewSetGroup):
    items = (VisitFrequencyRuleViewSet, VisitSurgeViewSet)
    menu_icon = "date"
    menu_label = "探访频次"
    menu_name = "visit_schedule"
    menu_order = 260


register_snippet(VisitScheduleGroup)
