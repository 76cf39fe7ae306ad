"""The policy document page: 桂民发〔2023〕16号 as structured, searchable text."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from policy_pages.blocks import PolicyBodyBlock, block_plain_text

from .base import SEGMENTED_SEARCH_FIELDS, SegmentedSearchMixin


class PolicyPage(SegmentedSearchMixin, Page):
    """A published policy document: the covering notice, then the plan as headings and sections.

    The page title is the plan's title (全区特殊困难老年人探访关爱服务实施方案); the body is built
    from the official text by ``policy_pages.policy_text`` and edited in the admin afterwards.
    Annex blocks link to the departments page (附件1) and the record form page (附件2).
    """

    document_number = models.CharField(_("发文字号"), max_length=40)
    issuing_bodies = models.CharField(_("发文机关"), max_length=200)
    notice_title = models.CharField(_("印发通知标题"), max_length=200, blank=True)
    recipients = models.TextField(_("主送机关"), blank=True)
    notice_text = models.TextField(_("通知正文"), blank=True)
    publication_note = models.CharField(_("公开方式"), max_length=40, blank=True)
    body = StreamField(PolicyBodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("document_number"), FieldPanel("issuing_bodies"), FieldPanel("publication_note")],
            heading=_("文件信息"),
        ),
        MultiFieldPanel(
            [FieldPanel("notice_title"), FieldPanel("recipients"), FieldPanel("notice_text")],
            heading=_("印发通知"),
        ),
        FieldPanel("body"),
    ]
    search_fields = SEGMENTED_SEARCH_FIELDS
    parent_page_types = ["policy_pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def plain_text(self):
        header = [self.document_number, self.issuing_bodies, self.notice_title, self.recipients,
                  self.notice_text]
        return "\n".join([*header, *(block_plain_text(block) for block in self.body)])

    def outline(self):
        """The section headings with their block ids, for the table of contents."""
        return [(block.id, block.value) for block in self.body if block.block_type == "heading"]
