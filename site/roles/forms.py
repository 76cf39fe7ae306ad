"""Back-office forms for the region tree."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from config.choice_prompts import ChoicePromptsMixin

from .models import Region, RegionLevel


class VillageForm(ChoicePromptsMixin, WagtailAdminModelForm):
    """Adds or renames a 村(社区). Official divisions above it come from the code table only."""

    parent = forms.ModelChoiceField(
        label=_("所属乡镇(街道)"), queryset=Region.objects.of_level(RegionLevel.TOWNSHIP)
    )

    class Meta:
        model = Region
        fields = ["parent", "code", "name"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from .access import regions_under

        self.fields["parent"].queryset = regions_under(
            for_user, "roles.manage_villages", Region.objects.of_level(RegionLevel.TOWNSHIP)
        ).select_related("parent")
        self.fields["parent"].label_from_instance = lambda township: f"{township.parent.name} {township.name}"
        self.fields["code"].help_text = _("12位统计用区划代码，前9位与所属乡镇(街道)一致，例如 450102001201。")
        self.instance.level = RegionLevel.VILLAGE
