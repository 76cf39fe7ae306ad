"""Site search: Chinese queries are segmented the way the index is (``policy_pages.segmentation``)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from policy_pages.excerpts import search_excerpt
from policy_pages.segmentation import segment_query

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 50


def search_pages(query):
    """Live public pages matching every term of the segmented query."""
    terms = segment_query(query)
    if not terms:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(" ".join(terms), operator="and")


def _result(page, query):
    text = page.plain_text() if hasattr(page, "plain_text") else ""
    return {"page": page, "excerpt": search_excerpt(text or page.search_description, query)}


def search(request):
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    results = Paginator(search_pages(query) if query else Page.objects.none(), RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "search/search.html", {
        "search_query": query,
        "results": results,
        "result_items": [_result(page, query) for page in results],
        "extra_query": urlencode({"query": query}),
    })
