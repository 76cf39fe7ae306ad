"""Back office: the referral routing table and the non-government service providers (转介路由).

Administrators with the model permissions (``workflows.*_referralroute``, ``*_serviceprovider``;
the province civil-affairs role by default) edit which department or provider receives each kind
of follow-up. Imported by ``workflows.wagtail_hooks``.
"""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ReferralRoute, ServiceProvider


class ReferralRouteViewSet(SnippetViewSet):
    model = ReferralRoute
    icon = "redirect"
    menu_label = "转介路由"
    list_display = ["__str__", "kind", Column("field", accessor="field_label", label="字段"), "keywords",
                    Column("recipient", label="承办方"), "due_days",
                    BooleanColumn("active", label="启用"), "sort_order"]
    list_filter = ["kind", "department", "active"]
    search_fields = ["field_key", "keywords"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel([FieldPanel("rule"), FieldRowPanel([FieldPanel("kind"), FieldPanel("field_key")]),
                         FieldPanel("keywords"), FieldPanel("region")], heading="适用的跟进事项"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("department"), FieldPanel("provider")]), FieldPanel("due_days")],
                        heading="转介给"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]


class ServiceProviderViewSet(SnippetViewSet):
    model = ServiceProvider
    icon = "group"
    menu_label = "服务机构"
    list_display = ["name", "kind", "contact_name", "contact_phone", BooleanColumn("active", label="启用")]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    copy_view_enabled = False


class ReferralRoutingGroup(SnippetViewSetGroup):
    items = (ReferralRouteViewSet, ServiceProviderViewSet)
    menu_icon = "redirect"
    menu_label = "转介"
    menu_name = "referral_routing"
    menu_order = 260


register_snippet(ReferralRoutingGroup)
