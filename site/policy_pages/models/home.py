"""The home page of the public site."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import SEGMENTED_SEARCH_FIELDS, SegmentedSearchMixin
from .news import NewsPage

LATEST_NEWS_COUNT = 4


class HomePage(SegmentedSearchMixin, Page):
    """The root of the public site (探访关爱): what the service is, and where to read more.

    Its children are the policy, the departments' duties, the record form and the news index;
    the entry links and the latest news are looked up among them, so editors only write the intro.
    """

    intro = RichTextField(_("服务简介"), features=["bold", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = SEGMENTED_SEARCH_FIELDS
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "policy_pages.PolicyPage",
        "policy_pages.DepartmentsPage",
        "policy_pages.RecordFormPage",
        "policy_pages.NewsIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def plain_text(self):
        return strip_tags(self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = self.get_children().live().public().specific()
        context["latest_news"] = NewsPage.objects.live().public().descendant_of(self).order_by(
            "-date", "-first_published_at"
        )[:LATEST_NEWS_COUNT]
        return context
