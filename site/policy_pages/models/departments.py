"""The page of 附件1 探访关爱服务部门职责分工, read from the departments table."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from roles.models import Department

from .base import SEGMENTED_SEARCH_FIELDS, SegmentedSearchMixin


class DepartmentsPage(SegmentedSearchMixin, Page):
    """Lists every ``roles.Department`` with its duties, in ``sort_order``.

    The duty text lives on the departments themselves (administrators edit it there), so the page
    stores only its intro; ``policy_pages.signals`` re-indexes it when a department changes.
    """

    intro = RichTextField(_("导语"), features=["bold", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = SEGMENTED_SEARCH_FIELDS
    parent_page_types = ["policy_pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("部门职责分工")
        verbose_name_plural = _("部门职责分工")

    @staticmethod
    def departments():
        return Department.objects.order_by("sort_order", "id")

    def plain_text(self):
        duties = [f"{department.name}：{department.duties}" for department in self.departments()]
        return "\n".join([strip_tags(self.intro), *duties])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["departments"] = self.departments()
        return context
