"""The back-office form for an elder: villages limited to the user's scope, category rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from roles.access import regions_under
from roles.models import Region, RegionLevel


class ElderAdminForm(WagtailAdminModelForm):
    """Used by the Wagtail panels of ``registry.wagtail_hooks.ElderAdmin``.

    A village outside the user's region is not offered, and posting one is refused as an
    invalid choice, so nobody registers an elder (or moves one) outside their own area.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        village = self.fields["village"]
        villages = Region.objects.of_level(RegionLevel.VILLAGE).select_related("parent")
        village.queryset = regions_under(for_user, "roles.manage_elders", villages)
        village.label_from_instance = lambda region: f"{region.parent.name} {region.name}"
        self.fields["categories"].error_messages["required"] = _("请至少选择一个对象类别。")
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):  # a "---------" radio button means nothing
                field.choices = [choice for choice in field.choices if choice[0] != ""]

    def _post_clean(self):
        # The category rules read the other fields from the instance, which ModelForm fills in
        # here, after clean(); categories themselves are only saved after the elder.
        super()._post_clean()
        categories = self.cleaned_data.get("categories")
        if categories is not None:
            for field, message in self.instance.category_errors(categories).items():
                if field not in self.errors:
                    self.add_error(field, message)
