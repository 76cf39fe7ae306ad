"""News, notices and training material for public awareness (政策宣传、通知公告、培训资料)."""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import SEGMENTED_SEARCH_FIELDS, SegmentedSearchMixin

NEWS_PER_PAGE = 10


class NewsKind(models.TextChoices):
    NEWS = "news", _("新闻")
    NOTICE = "notice", _("通知公告")
    TRAINING = "training", _("培训资料")


class NewsIndexPage(SegmentedSearchMixin, Page):
    """Lists its ``NewsPage`` children, newest first, ``NEWS_PER_PAGE`` to a page."""

    intro = RichTextField(_("导语"), features=["bold", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = SEGMENTED_SEARCH_FIELDS
    parent_page_types = ["policy_pages.HomePage"]
    subpage_types = ["policy_pages.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("新闻通知栏目")
        verbose_name_plural = _("新闻通知栏目")

    def plain_text(self):
        return strip_tags(self.intro)

    def news_items(self):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = Paginator(self.news_items(), NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class NewsPage(SegmentedSearchMixin, Page):
    """One news item, notice or piece of training material; never holds personal data."""

    date = models.DateField(_("发布日期"), default=datetime.date.today)
    kind = models.CharField(_("类别"), max_length=10, choices=NewsKind.choices, default=NewsKind.NEWS)
    summary = models.TextField(_("摘要"), max_length=300)
    body = RichTextField(_("正文"), features=["h2", "h3", "bold", "ol", "ul", "link", "document-link"])

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("kind")], heading=_("发布信息")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = SEGMENTED_SEARCH_FIELDS
    parent_page_types = ["policy_pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻通知")
        verbose_name_plural = _("新闻通知")

    def plain_text(self):
        return "\n".join([self.summary, strip_tags(self.body)])
