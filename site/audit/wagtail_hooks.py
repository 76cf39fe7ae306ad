"""Read-only back office for the audit trail (wagtail-modeladmin): menu 审计日志.

Only members of the 审计管理员 group see it (``audit.groups.may_read_audit_trail``); a superuser,
the system administrator, does not (三权分立). Nobody gets create, edit or delete: the permission
helper refuses them, and the model itself refuses to change or delete rows.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import IndexView, InspectView

from audit.groups import may_read_audit_trail
from audit.models import Action, AuditEvent
from config.modeladmin import ModelAdmin


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return may_read_audit_trail(user)

    def user_can_inspect_obj(self, user, obj):
        return may_read_audit_trail(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class AuditIndexView(IndexView):
    """The listing; reading the audit trail is itself recorded."""

    def get(self, request, *args, **kwargs):
        import audit

        audit.record(request, Action.LIST, AuditEvent)
        return super().get(request, *args, **kwargs)


class AuditInspectView(InspectView):
    def get(self, request, *args, **kwargs):
        import audit

        audit.record(request, Action.VIEW, self.instance)
        return super().get(request, *args, **kwargs)


class AuditEventAdmin(ModelAdmin):
    model = AuditEvent
    menu_label = _("审计日志")
    menu_icon = "list-ul"
    menu_order = 900
    add_to_settings_menu = False
    permission_helper_class = ReadOnlyPermissionHelper
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    list_display = ("occurred_at", "username", "role", "region", "ip", "action", "outcome",
                    "object_repr", "object_id")
    list_filter = ("action", "outcome", "occurred_at")
    search_fields = ("username", "object_id")
    list_per_page = 50
    inspect_view_fields = ("occurred_at", "username", "role", "region", "ip", "action", "outcome",
                           "object_type", "object_id", "object_repr", "detail", "path")


modeladmin_register(AuditEventAdmin)
