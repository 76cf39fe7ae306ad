"""Back-office registration for departments and the region tree (wagtail-modeladmin).

Kept here so that a later move to Wagtail's own ModelViewSet stays local to this file.
"""

from django import forms
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from config.modeladmin import ModelAdmin

from .access import regions_under
from .forms import VillageForm
from .models import Department, Region, RegionLevel, Role, StaffProfile

MANAGE_VILLAGES = "roles.manage_villages"


class EditOnlyPermissionHelper(PermissionHelper):
    """For fixed sets of rows: the 11 departments of 附件1 (duty text is edited) and the standard
    roles (permissions are adjusted); neither is added or removed in the back office."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class DepartmentAdmin(ModelAdmin):
    model = Department
    menu_label = "部门职责"
    menu_icon = "group"
    list_display = ("name", "duties", "sort_order")
    search_fields = ("name", "duties")
    permission_helper_class = EditOnlyPermissionHelper
    form_fields_exclude = ["code"]


class RegionPermissionHelper(PermissionHelper):
    """Official divisions are read-only; villages are edited where the user may manage villages."""

    def _in_scope(self, user, obj):
        return regions_under(user, MANAGE_VILLAGES, Region.objects.filter(pk=obj.pk)).exists()

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self._in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return (
            obj.level == RegionLevel.VILLAGE
            and super().user_can_edit_obj(user, obj)
            and self._in_scope(user, obj)
        )

    def user_can_delete_obj(self, user, obj):
        return (
            obj.level == RegionLevel.VILLAGE
            and super().user_can_delete_obj(user, obj)
            and self._in_scope(user, obj)
        )


class RegionAdmin(ModelAdmin):
    model = Region
    menu_label = "行政区划"
    menu_icon = "site"
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")
    list_per_page = 50
    inspect_view_enabled = True
    permission_helper_class = RegionPermissionHelper
    edit_handler = ObjectList(
        [FieldPanel("parent"), FieldPanel("code"), FieldPanel("name")], base_form_class=VillageForm
    )

    def get_queryset(self, request):
        return regions_under(request.user, MANAGE_VILLAGES, super().get_queryset(request)).select_related("parent")


class RegionsGroup(ModelAdminGroup):
    menu_label = "区划与部门"
    menu_icon = "site"
    menu_order = 300
    items = (RegionAdmin, DepartmentAdmin)


CHECKBOXES = forms.CheckboxSelectMultiple


class RoleAdmin(ModelAdmin):
    """What each job may do where it is placed; saving re-grants it to every holder."""

    model = Role
    menu_label = "角色"
    menu_icon = "key"
    list_display = ("name", "kind", "level", "group")
    permission_helper_class = EditOnlyPermissionHelper
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("region_permissions", widget=CHECKBOXES),
        FieldPanel("department_permissions", widget=CHECKBOXES),
    ])


class StaffProfileAdmin(ModelAdmin):
    """Placing an account: role, region, department. The role's permissions follow the placement."""

    model = StaffProfile
    menu_label = "人员岗位"
    menu_icon = "user"
    list_display = ("user", "role", "region", "department", "title")
    list_filter = ("role", "department")
    search_fields = ("user__username", "user__first_name", "title")
    edit_handler = ObjectList([
        FieldPanel("user"), FieldPanel("role"), FieldPanel("region"), FieldPanel("department"),
        FieldPanel("title"), FieldPanel("phone"),
    ])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "role", "region", "department")


class PeopleGroup(ModelAdminGroup):
    menu_label = "角色与人员"
    menu_icon = "group"
    menu_order = 310
    items = (StaffProfileAdmin, RoleAdmin)


modeladmin_register(RegionsGroup)
modeladmin_register(PeopleGroup)
