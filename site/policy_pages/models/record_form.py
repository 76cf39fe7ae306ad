"""The page presenting 附件2 特殊困难老年人探访关爱服务记录表."""

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import SEGMENTED_SEARCH_FIELDS, SegmentedSearchMixin

RECORD_FORM_TEMPLATE = "policy_pages/includes/record_form.html"


class RecordFormPage(SegmentedSearchMixin, Page):
    """An intro, then the printed record form rendered as HTML tables.

    The form itself is static (``RECORD_FORM_TEMPLATE``); its text is indexed from that same
    template so that search and page never disagree.
    """

    intro = RichTextField(_("导语"), features=["bold", "link", "ol", "ul"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = SEGMENTED_SEARCH_FIELDS
    parent_page_types = ["policy_pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("探访关爱服务记录表")
        verbose_name_plural = _("探访关爱服务记录表")

    def plain_text(self):
        return "\n".join([strip_tags(self.intro), strip_tags(render_to_string(RECORD_FORM_TEMPLATE))])
