"""Back office for the elder registry (wagtail-modeladmin): menu 探访对象 > 老年人登记.

Every modeladmin piece of the registry lives here, so a later move to Wagtail's ModelViewSet
stays local to this file. Scope: the list and every per-elder view go through
``roles.access`` (region permissions granted on the user's region, never model-wide ones); an
elder outside the user's scope answers 404 like one that doesn't exist. Wagtail's docs say
per-object rules may not be respected everywhere in its admin: volunteers, village and township
staff and departments work in our own workbench, not here.
"""

from django import forms
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, HistoryView, IndexView, InspectView

import audit
from config.modeladmin import ModelAdmin
from registry import searches
from registry.choices import ElderStatus
from registry.forms import ElderAdminForm, HouseholdMemberAdminForm
from registry.id_numbers import ID_NUMBER_PATTERN, normalize_id_number
from registry.models import Category, Elder
from roles.access import Action, can, elders_for_action, may, regions_under, regions_with
from roles.models import Region, RegionLevel
from roles.scope import staff_region

VIEW_ELDERS = "roles.view_elders"


class ElderPermissionHelper(PermissionHelper):
    """Region permissions (django-guardian) instead of model-wide ones, which no scoped role holds.

    Elders leave the register through their status (迁出, 去世, 退出), never by deletion.
    """

    def user_has_any_permissions(self, user):
        return self.user_can_list(user)

    def user_can_list(self, user):
        return may(user, Action.VIEW)

    def user_can_create(self, user):
        return bool(regions_with(user, "roles.manage_elders"))

    def user_can_inspect_obj(self, user, obj):
        return can(user, Action.VIEW, obj)

    def user_can_edit_obj(self, user, obj):
        return can(user, Action.EDIT, obj)

    def user_can_delete_obj(self, user, obj):
        return False


# ---------------------------------------------------------------- list filters


class RegistryFilter(SimpleListFilter):
    template = "registry/admin/filter.html"


class RegionFilter(RegistryFilter):
    """Narrow the list to one division offered by ``regions()``; any other value shows nothing."""

    def regions(self, request):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        self.offered = {region.code: region for region in self.regions(request)}
        return [(code, region.name) for code, region in self.offered.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.within(self.offered.get(self.value()))


class CountyFilter(RegionFilter):
    title = _("县(市、区)")
    parameter_name = "county"

    def regions(self, request):
        return regions_under(request.user, VIEW_ELDERS, Region.objects.of_level(RegionLevel.COUNTY))

    def choices(self, changelist):
        # Choosing another county drops the township chosen in the previous one.
        township = TownshipFilter.parameter_name
        yield {"selected": self.value() is None, "display": _("All"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name, township])}
        for code, name in self.lookup_choices:
            yield {"selected": self.value() == code, "display": name,
                   "query_string": changelist.get_query_string({self.parameter_name: code}, remove=[township])}


class TownshipFilter(RegionFilter):
    """Townships of the chosen county, or of the user's own county or township.

    Users above county level pick a county first: a province has more than a thousand townships.
    """

    title = _("乡镇(街道)")
    parameter_name = "township"

    def regions(self, request):
        townships = regions_under(request.user, VIEW_ELDERS, Region.objects.of_level(RegionLevel.TOWNSHIP))
        county_code = request.GET.get(CountyFilter.parameter_name)
        if county_code:
            return townships.filter(path__contains=f"/{county_code}/")
        own_region = staff_region(request.user)
        if own_region and own_region.level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
            return townships
        return townships.none()


class CategoryFilter(RegistryFilter):
    title = _("对象类别")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(category.code, category.name) for category in Category.objects.all()]

    def queryset(self, request, queryset):
        return queryset.filter(categories__code=self.value()) if self.value() else queryset


class StatusFilter(RegistryFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ElderStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class ElderSearchHandler(DjangoORMSearchHandler):
    """A name matches in part; an ID number only in full, so the masked list can't be probed digit by digit."""

    def search_queryset(self, queryset, search_term, **kwargs):
        term = search_term.strip()
        if not term:
            return queryset
        id_number = normalize_id_number(term)
        if ID_NUMBER_PATTERN.match(id_number):
            return queryset.with_id_number(id_number)
        return queryset.filter(name__icontains=term)


# ---------------------------------------------------------------- views


class ElderIndexView(IndexView):
    """The list, searched by a posted form (``registry.searches``): an ID number searched for is kept
    on the server under ``?s=<token>``, never in the URL; so is one typed as ``?q=`` into the address bar."""

    def dispatch(self, request, *args, **kwargs):
        typed = request.POST.get(self.SEARCH_VAR) if request.method == "POST" else request.GET.get(self.SEARCH_VAR)
        if request.user.is_authenticated and (request.method == "POST" or searches.carries_a_number(typed)):
            params = request.GET.copy()
            for name in (self.SEARCH_VAR, self.PAGE_VAR, searches.TOKEN):
                params.pop(name, None)
            if (typed or "").strip():
                params[searches.TOKEN] = searches.remember(request, {"query": typed})
            return redirect(f"{request.path}?{params.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, request=None):
        request = request or self.request
        kept = searches.recall(request, request.GET.get(searches.TOKEN))
        if kept is not None:
            self.query = kept["query"]
        return super().get_queryset(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit.record(self.request, "list", Elder, rows=len(context["object_list"]))
        return context

    def get_filters_params(self, params=None):
        # modeladmin applies any other query-string parameter as an ORM lookup
        # (?id_number__startswith=, ?assignments__visitor__password__startswith=): only the declared
        # filters may narrow the list.
        allowed = {list_filter.parameter_name for list_filter in self.list_filter}
        return {key: value for key, value in super().get_filters_params(params).items() if key in allowed}


class ScopedInstanceMixin:
    """Per-elder views: an elder outside the user's scope is a 404, as if it didn't exist.

    Inside the scope, what the user may do with it is the permission helper's answer (403).
    """

    def check_action_permitted(self, user):
        if not can(user, Action.VIEW, self.instance):
            audit.record(self.request, "denied", self.instance, outcome="denied")
            raise Http404
        return super().check_action_permitted(user)

    def get(self, request, *args, **kwargs):
        audit.record(request, "view", self.instance)
        return super().get(request, *args, **kwargs)


class SaveOrErrorMixin:
    """The elder saved in one transaction; a registration of the same ID number saved meanwhile
    (``Elder.save``) is shown beside the field, as the form's own duplicate check would."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class ElderCreateView(SaveOrErrorMixin, CreateView):
    pass


class ElderEditView(SaveOrErrorMixin, ScopedInstanceMixin, EditView):
    pass


class ElderInspectView(ScopedInstanceMixin, InspectView):
    labels = {
        "masked_id_number": _("公民身份号码"),
        "masked_phone": _("联系电话"),
        "location": _("家庭住址"),
        "category_names": _("对象类别"),
        "household_members": _("家庭成员"),
        "assistance_provider_names": _("帮扶单位（组织）"),
    }

    def get_field_label(self, field_name, field=None):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field=None):
        if field_name == "age":
            return self.instance.age()
        return super().get_field_display_value(field_name, field)


class ElderDeleteView(ScopedInstanceMixin, DeleteView):
    pass


class ElderHistoryView(ScopedInstanceMixin, HistoryView):
    pass


# ---------------------------------------------------------------- forms

RADIO = forms.RadioSelect

HOUSEHOLD_MEMBER_PANELS = [
    FieldRowPanel([FieldPanel("name"), FieldPanel("sex"), FieldPanel("relation")]),
    FieldRowPanel([FieldPanel("id_number"), FieldPanel("health"), FieldPanel("assistance_status")]),
]

class HouseholdPanel(InlinePanel):
    """The household rows, their ID numbers masked like the elder's (``registry.forms.MaskedNumbersMixin``)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = HouseholdMemberAdminForm
        return options


ELDER_EDIT_HANDLER = ObjectList([
    MultiFieldPanel([
        FieldRowPanel([FieldPanel("name"), FieldPanel("id_number"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("village"), FieldPanel("address_detail")]),
        FieldPanel("lives_at_registered_residence", widget=RADIO),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("is_disabled", widget=RADIO), FieldPanel("disability_certificate_number")]),
        FieldRowPanel([FieldPanel("emergency_contact_name"), FieldPanel("emergency_contact_phone")]),
    ], heading=_("一、探访对象基本情况")),
    HouseholdPanel("household_members", panels=HOUSEHOLD_MEMBER_PANELS, heading=_("二、家庭基本情况"),
                   label=_("家庭成员")),
    MultiFieldPanel([
        FieldRowPanel([FieldPanel("water_safety", widget=RADIO), FieldPanel("utilities_safety", widget=RADIO),
                       FieldPanel("housing_safety", widget=RADIO)]),
        FieldPanel("monthly_income"),
        FieldRowPanel([FieldPanel("monthly_benefits_amount"), FieldPanel("monthly_benefits_note")]),
    ], heading=_("三、家庭生活条件")),
    MultiFieldPanel([
        FieldPanel("assistance_providers"),
        FieldPanel("assistance_provider_other"),
        FieldPanel("assistance_person"),
        FieldPanel("assistance_measures"),
    ], heading=_("四、已享受帮扶情况")),
    MultiFieldPanel([
        FieldRowPanel([FieldPanel("first_contact_name"), FieldPanel("first_contact_phone")]),
        FieldRowPanel([FieldPanel("first_contact_relation"), FieldPanel("first_contact_kind", widget=RADIO)]),
    ], heading=_("第一探访联系人")),
    MultiFieldPanel([
        FieldRowPanel([FieldPanel("consents_to_visits", widget=RADIO), FieldPanel("consent_date"),
                       FieldPanel("consent_given_by", widget=RADIO)]),
        FieldPanel("lacks_capacity", widget=RADIO),
        FieldRowPanel([FieldPanel("guardian_name"), FieldPanel("guardian_relation"), FieldPanel("guardian_phone")]),
    ], heading=_("探访关爱意愿")),
    MultiFieldPanel([
        FieldRowPanel([FieldPanel("registered_on"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("status_date"), FieldPanel("status_reason")]),
    ], heading=_("登记状态")),
], base_form_class=ElderAdminForm)


# ---------------------------------------------------------------- registration


class ElderAdmin(ModelAdmin):
    model = Elder
    menu_label = _("老年人登记")
    menu_icon = "user"
    list_display = ("name", "id_number_masked", "sex", "age", "location", "category_names", "status")
    list_filter = (CountyFilter, TownshipFilter, CategoryFilter, StatusFilter)
    search_fields = ("name",)  # ElderSearchHandler adds the full ID number through its keyed hash
    search_handler_class = ElderSearchHandler
    permission_helper_class = ElderPermissionHelper
    list_per_page = 50
    index_view_class = ElderIndexView
    create_view_class = ElderCreateView
    edit_view_class = ElderEditView
    inspect_view_class = ElderInspectView
    delete_view_class = ElderDeleteView
    history_view_class = ElderHistoryView
    inspect_view_enabled = True
    inspect_view_fields = (
        "name", "masked_id_number", "sex", "age", "masked_phone", "location", "address_detail",
        "lives_at_registered_residence", "category_names", "is_disabled", "emergency_contact_name",
        "household_members", "water_safety", "utilities_safety", "housing_safety", "monthly_income",
        "monthly_benefits_amount", "monthly_benefits_note", "assistance_provider_names", "assistance_person",
        "assistance_measures", "first_contact_name", "first_contact_kind", "consents_to_visits", "consent_date",
        "status", "status_date", "status_reason", "registered_on",
    )
    edit_handler = ELDER_EDIT_HANDLER

    def get_queryset(self, request):
        return (elders_for_action(request.user, Action.VIEW)
                .select_related("village__parent").prefetch_related("categories"))

    def id_number_masked(self, elder):
        return elder.masked_id_number

    id_number_masked.short_description = _("公民身份号码")

    def location(self, elder):
        return elder.location

    location.short_description = _("乡镇(街道) 村(社区)")

    def category_names(self, elder):
        return elder.category_names

    category_names.short_description = _("对象类别")


class RegistryGroup(ModelAdminGroup):
    menu_label = _("探访对象")
    menu_icon = "group"
    menu_order = 200
    items = (ElderAdmin,)


modeladmin_register(RegistryGroup)
