"""A visitor reaches no ID number anywhere (issue 9, done-when): every workbench page, JSON answer, PDF
and export the demo's volunteer can reach is scanned for an 18-character 公民身份号码."""

import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from demo.accounts import DEMO_PASSWORD
from registry.models import Assignment

pytestmark = pytest.mark.django_db
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
LINK = re.compile(r'(?:href|src|action|data-[\w-]*url)="([^"#]+)"')
MAX_PAGES = 400
MAX_PDFS = 4  # rendering is slow; a few of each kind say as much as all of them


def _leaks(response, pdf_text):
    """The ID numbers in ``response``'s body, read as a person would get it (PDF text, CSV, HTML, JSON)."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(body) if content_type.startswith("application/pdf") else body.decode("utf-8", "replace")
    return ID_NUMBER.findall(unescape(text))


def _links(html, base):
    for link in LINK.findall(html):
        url = urljoin(base, unescape(link))
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and parts.path.startswith("/workbench/"):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, pdf_text, start):
    """GET every workbench URL reachable by links from ``start``; {url: [ID numbers found]} for those that leak."""
    seen, queue, leaks, pdfs = set(start), deque(start), {}, 0
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if "/print" in url and pdfs >= MAX_PDFS:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        pdfs += response.get("Content-Type", "").startswith("application/pdf")
        found = _leaks(response, pdf_text)
        if found:
            leaks[url] = found
        if response.get("Content-Type", "").startswith("text/html"):
            for link in _links(response.content.decode(), url):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return seen, leaks


def test_a_visitor_reaches_no_id_number(client, demo_data, pdf_text):
    assert client.post(reverse("accounts:login"), {"username": "volunteer",
                                                   "password": DEMO_PASSWORD}).status_code == 302
    elders = [assignment.elder for assignment in Assignment.objects.current().filter(visitor__username="volunteer")]
    numbered = [elder for elder in elders if elder.disability_certificate_number
                or any(member.id_number for member in elder.household())]
    assert numbered, "the demo's volunteer must have an elder whose file holds ID numbers, or this proves nothing"

    # Open a draft visit of every assigned elder: the form, its autosave JSON and a save.
    leaks = {}
    for elder in elders:
        started = client.post(reverse("workbench:visit_start", args=[elder.pk]))
        if started.status_code != 302 or "/visits/" not in started.url:
            continue
        form = client.get(started.url)
        data = {name: value for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"',
                                                          form.content.decode())}
        for url, response in (
                (started.url, form),
                (f"{started.url}autosave/", client.post(f"{started.url}autosave/", data)),
                (started.url, client.post(started.url, {**data, "save": "1"}, follow=True))):
            found = _leaks(response, pdf_text)
            if found:
                leaks[url] = found

    seen, crawled = crawl(client, pdf_text, [reverse("workbench:home"), reverse("workbench:elder_list"),
                                              reverse("workflows:inbox")]
                          + [reverse("workbench:elder_detail", args=[elder.pk]) for elder in elders])
    leaks.update(crawled)
    assert any("/visits/" in url for url in seen) and any("/print" in url for url in seen)
    assert leaks == {}, leaks
