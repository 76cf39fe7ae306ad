"""What every public page shares: its plain text, segmented for Chinese search."""

from wagtail.models import Page
from wagtail.search import index

from policy_pages.segmentation import segment_for_index


class SegmentedSearchMixin:
    """Pages mix this in and list ``SEGMENTED_SEARCH_FIELDS`` as their ``search_fields``.

    ``plain_text()`` returns what a reader sees on the page below the title; the search index
    holds the title and that text as CJK unigrams and bigrams (see ``policy_pages.segmentation``),
    and search results show an excerpt of it.
    """

    def plain_text(self):
        return ""

    def segmented_text(self):
        return segment_for_index(f"{self.title}\n{self.plain_text()}")


SEGMENTED_SEARCH_FIELDS = [*Page.search_fields, index.SearchField("segmented_text")]
