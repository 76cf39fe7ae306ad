"""The only resources a PDF may load: the project's own static files.

WeasyPrint loads whatever a document names (``<img src>``, ``<link>`` stylesheets and
attachments, ``url()`` in CSS), over HTTP or from the local disk, with the rights of the web
process. A printed file holds text people typed; templates escape it, and this fetcher is the
second wall. It serves URLs under STATIC_URL (resolved against ``BASE_URL``) from the staticfiles
finders, or from STATIC_ROOT once collected (hashed names), and small ``data:`` images; it refuses
anything else before any network or file access.
"""

import base64
import functools
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

logger = logging.getLogger(__name__)

# The base URL documents are rendered against. ".invalid" never resolves (RFC 2606): even a URL
# that slipped past the fetcher would reach nothing.
BASE_URL = "https://print.tanfang.invalid/"
MAX_DATA_URL_CHARS = 32 * 1024
# Where a document's own checked resources (``render_pdf(resources=...)``) are named.
RESOURCE_PREFIX = urljoin(BASE_URL, "/_document/")


class ForeignURL(ValueError):
    """A URL the PDF renderer must not load; WeasyPrint logs it and renders without it."""


def static_prefix():
    """Where static URLs start once resolved against BASE_URL (STATIC_URL itself if absolute)."""
    return urljoin(BASE_URL, settings.STATIC_URL)


def static_resource(url):
    """(content type, bytes) of a static file or small ``data:`` image; ``ForeignURL`` otherwise."""
    if url.startswith("data:"):
        return _data_url(url)
    path = static_file_path(url)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return content_type, path.read_bytes()


def static_file_path(url):
    """The file behind a static URL. Checks the text of the URL before touching the disk."""
    prefix = static_prefix()
    if not url.startswith(prefix):
        raise ForeignURL(f"not a static file URL: {url[:80]}")
    relative = unquote(urlsplit(url[len(prefix):]).path)
    parts = relative.split("/")
    if "\\" in relative or "\x00" in relative or any(part in ("", ".", "..") for part in parts):
        raise ForeignURL(f"not a plain static path: {url[:80]}")
    found = finders.find(posixpath.join(*parts)) or _collected(relative)
    if not found or not Path(found).is_file():
        raise ForeignURL(f"no such static file: {relative[:80]}")
    return Path(found)


def _collected(relative):
    if not settings.STATIC_ROOT:
        return None
    try:
        return safe_join(settings.STATIC_ROOT, relative)
    except SuspiciousFileOperation:
        return None


def _data_url(url):
    """Decode ``data:image/...`` ourselves (no urllib handler): images only, at most 32 KiB of text."""
    if len(url) > MAX_DATA_URL_CHARS:
        raise ForeignURL(f"data: URL longer than {MAX_DATA_URL_CHARS} characters")
    header, comma, payload = url[len("data:"):].partition(",")
    params = header.split(";")
    if not comma or not params[0].lower().startswith("image/"):
        raise ForeignURL("only data: images are allowed")
    try:
        body = base64.b64decode(payload, validate=True) if params[-1].lower() == "base64" else unquote_to_bytes(payload)
    except ValueError as error:
        raise ForeignURL("malformed data: URL") from error
    return params[0].lower(), body


@functools.cache
def _fetcher_class():
    # WeasyPrint (and pango behind it) loads only when a PDF is rendered.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """WeasyPrint's fetcher interface with none of its openers: ``fetch`` never calls them."""

        def __init__(self, resources=None):
            super().__init__(allowed_protocols=(), allow_redirects=False)
            self.resources = dict(resources or {})

        def fetch(self, url, headers=None):
            if url in self.resources:
                content_type, body = self.resources[url]
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
            try:
                content_type, body = static_resource(url)
            except ForeignURL as refusal:
                logger.warning("PDF resource refused: %s", refusal)
                raise
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesFetcher


def static_files_fetcher(resources=None):
    """A WeasyPrint URL fetcher for ``static_resource``: imports WeasyPrint.

    ``resources`` maps exact URLs under ``RESOURCE_PREFIX`` to ``(content type, bytes)`` the caller
    has already checked (signature images, larger than ``MAX_DATA_URL_CHARS`` allows inline).
    """
    resources = resources or {}
    if any(not url.startswith(RESOURCE_PREFIX) for url in resources):
        raise ForeignURL(f"document resources must live under {RESOURCE_PREFIX}")
    return _fetcher_class()(resources)
