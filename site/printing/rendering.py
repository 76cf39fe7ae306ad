"""Render a template to PDF bytes and hand PDFs to the browser without leaving copies in caches."""

import ctypes
import functools
import re
import threading
from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from printing.fetcher import BASE_URL, static_files_fetcher

MISSING_LIBRARIES = (
    "PDF printing needs WeasyPrint and its system libraries (Debian: libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-dejavu-core): {error}"
)


class PrintingUnavailable(RuntimeError):
    """WeasyPrint or pango is missing on this machine; the rest of the site works without them."""


class RenderTimeout(RuntimeError):
    """One render took longer than ``settings.TANFANG_PDF_RENDER_SECONDS`` and was stopped."""


_limits = threading.local()


@contextmanager
def render_time_limit():
    """Stop the body with ``RenderTimeout`` once it has run ``TANFANG_PDF_RENDER_SECONDS``.

    A render runs in the request's (or the worker's) own thread, where no signal can reach it, so
    a watcher thread raises the exception in that thread (``PyThreadState_SetAsyncExc``):
    WeasyPrint's layout is Python code, which checks for it between bytecodes. The watcher
    raises it again every second in case the body catches it; one still pending when the body
    ends is cleared here and raised in its place, never later. Nested uses share the outer limit.
    """
    if getattr(_limits, "active", False):
        yield
        return
    thread_id, lock, finished = threading.get_ident(), threading.Lock(), threading.Event()
    state = {"done": False, "fired": False}

    def raise_in_render_thread(exception):
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exception)

    def watch():
        timeout = settings.TANFANG_PDF_RENDER_SECONDS
        while not finished.wait(timeout):
            with lock:
                if state["done"]:
                    return
                state["fired"] = True
                raise_in_render_thread(ctypes.py_object(RenderTimeout))
            timeout = 1

    watcher = threading.Thread(target=watch, name="pdf-render-limit", daemon=True)
    _limits.active = True
    watcher.start()
    try:
        yield
    finally:
        # Plain stores first (no call, so nothing pending can strike before them): from here on
        # the watcher, which looks under the lock, strikes no more.
        state["done"] = True
        _limits.active = False
        with lock:
            finished.set()
            if state["fired"]:
                raise_in_render_thread(None)  # clear it, if the body ended before it struck
    if state["fired"]:
        raise RenderTimeout


def busy_page_on_timeout(view):
    """A view that renders a PDF answers a Chinese 503 page, not a hung request, when the render times out."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RenderTimeout:
            response = render(request, "printing/render_timeout.html",
                              {"seconds": settings.TANFANG_PDF_RENDER_SECONDS}, status=503)
            response["Retry-After"] = "120"
            return response

    return wrapper


def render_pdf(template_name, context, *, title="", resources=None):
    """PDF bytes of ``template_name`` rendered with ``context``; ``title`` goes into the metadata.

    ``resources``: {URL under ``fetcher.RESOURCE_PREFIX``: (content type, bytes)} the document may
    load besides static files (already checked by the caller, e.g. signature images).
    """
    with render_time_limit():
        return render_document(template_name, context, title=title, resources=resources).write_pdf()


def render_document(template_name, context, *, title="", resources=None, first_page=1):
    """The laid-out pages (a WeasyPrint ``Document``) of ``render_pdf``, to be merged with others.

    ``first_page`` is the number the first page's footer shows: a part of a longer document
    continues the numbering of the parts before it.
    """
    html_class = _weasyprint_html()  # first: without pango, PrintingUnavailable before anything else
    html = render_to_string(template_name, {**context, "title": title})
    fetcher = static_files_fetcher(resources)
    stylesheets = []
    if first_page != 1:
        from weasyprint import CSS

        stylesheets.append(CSS(string=f"@page :first {{ counter-reset: page {int(first_page)} }}"))
    with render_time_limit():
        return html_class(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=stylesheets)


def merge_documents(documents):
    """PDF bytes of the pages of several laid-out documents, in order; metadata of the first.

    Fonts are embedded once for the whole PDF. Images are told apart by URL across the parts
    (WeasyPrint keys them by it), so parts must name different images differently.
    """
    documents = list(documents)
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()


def _weasyprint_html():
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: pango's shared library is missing
        raise PrintingUnavailable(MISSING_LIBRARIES.format(error=error)) from error
    return HTML


def pdf_response(pdf_bytes, filename):
    """Show ``pdf_bytes`` in the browser as ``filename`` (Chinese allowed); never cached."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = inline_disposition(filename)
    # These PDFs hold personal data: no copy in the browser's or a proxy's cache.
    response["Cache-Control"] = "no-store"
    return response


def inline_disposition(filename):
    """``inline`` with an ASCII fallback name and the real one in RFC 6266 ``filename*``."""
    name = re.sub(r'[\x00-\x1f\x7f"\\/]', "", filename).strip() or "document.pdf"
    fallback = re.sub(r"[^A-Za-z0-9._-]", "", name)
    if not fallback.strip(".") or fallback.startswith("."):
        fallback = "document.pdf"
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
