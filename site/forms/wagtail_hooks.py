"""Back office: form definitions (drafts, publishing, revisions, locking) and follow-up rules.

Both are Wagtail snippets under one menu, 探访记录表. Editing a definition is for trusted
administrators only (the model permissions ``visit_forms.*_formdefinition`` and
``publish_formdefinition``); visit records themselves are filled and read in the workbench.
"""

from wagtail.admin.ui.tables import BooleanColumn, Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FollowUpRule, FormDefinition


class FormDefinitionViewSet(SnippetViewSet):
    model = FormDefinition
    icon = "form"
    menu_label = "表单定义"
    list_display = ["name", "code", LiveStatusTagColumn(), UpdatedAtColumn()]
    search_fields = ["name", "code"]
    list_filter = ["live"]
    copy_view_enabled = False


class FollowUpRuleViewSet(SnippetViewSet):
    model = FollowUpRule
    icon = "warning"
    menu_label = "跟进规则"
    # Not "values": the listing keys its columns by name in a dict, whose .values the template calls.
    # Labels, not codes: 消防安全 / 不安全 rather than fire_safety / unsafe.
    list_display = ["title", Column("field", accessor="field_label", label="字段"), "condition",
                    Column("rule_values", accessor="values_display", label="值"), "kind", "department",
                    BooleanColumn("active", label="启用")]
    list_filter = ["kind", "active"]
    search_fields = ["title", "field_key"]


class VisitFormsGroup(SnippetViewSetGroup):
    items = (FormDefinitionViewSet, FollowUpRuleViewSet)
    menu_icon = "form"
    menu_label = "探访记录表"
    menu_name = "visit_forms"
    menu_order = 250


register_snippet(VisitFormsGroup)
