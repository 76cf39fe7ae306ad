"""Search result excerpts: a window of a page's text around the first match, matches marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from policy_pages.segmentation import query_phrases

EXCERPT_CHARS = 120


def _window(text, position, width):
    start = max(0, min(position - width // 3, len(text) - width))
    end = start + width
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def search_excerpt(text, query, width=EXCERPT_CHARS):
    """HTML-safe excerpt of ``text`` around the first phrase of ``query``, phrases in <mark>."""
    text = " ".join(text.split())
    phrases = [phrase for phrase in query_phrases(query) if phrase]
    pattern = re.compile("|".join(re.escape(phrase) for phrase in phrases), re.IGNORECASE) if phrases else None
    match = pattern.search(text) if pattern else None
    excerpt = _window(text, match.start() if match else 0, width)
    if pattern is None:
        return escape(excerpt)
    parts = pattern.split(excerpt)
    marks = pattern.findall(excerpt)
    html = escape(parts[0]) + "".join(
        f"<mark>{escape(mark)}</mark>{escape(part)}" for mark, part in zip(marks, parts[1:], strict=True)
    )
    return mark_safe(html)
