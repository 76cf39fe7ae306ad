"""PDFs load the project's static files and nothing else: no network, no other file on disk."""

import http.server
import socket
import threading
import urllib.request

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from printing.fetcher import BASE_URL, ForeignURL, static_files_fetcher, static_resource
from printing.rendering import render_pdf

CSS_URL = f"{BASE_URL}static/printing/pdf.css"
# A PNG of one transparent pixel.
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

FOREIGN_URLS = [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.com/static/printing/pdf.css",
    "//example.com/static/printing/pdf.css",
    "ftp://127.0.0.1/x",
    f"{BASE_URL}etc/passwd",
    f"{BASE_URL}static/../../../../etc/passwd",
    f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
    f"{BASE_URL}static/printing/%2e%2e%2f..%2fconfig/settings/base.py",
    f"{BASE_URL}static//etc/passwd",
    f"{BASE_URL}static/%2Fetc%2Fpasswd",
    f"{BASE_URL}static/printing\\..\\..\\etc\\passwd",
    f"{BASE_URL}static/printing/missing.css",
    f"{BASE_URL}static/printing/",
    "https://print.tanfang.invalid.example.com/static/printing/pdf.css",
    "data:text/html,<script>alert(1)</script>",
    "data:image/png;base64," + "A" * 40_000,
    "data:image/png;base64,not base64!",
    "data:image/png",
]


class Spy:
    """Counts calls to the ways out of the process: sockets, DNS, urllib, opening files by name."""

    def __init__(self, monkeypatch, watched_paths=("/etc/passwd",)):
        self.calls = []
        for target, name in [(socket.socket, "connect"), (socket, "create_connection"), (socket, "getaddrinfo"),
                             (urllib.request.OpenerDirector, "open"), (urllib.request, "urlopen")]:
            monkeypatch.setattr(target, name, self._recorder(f"{name}", getattr(target, name)))
        real_open = open

        def watching_open(file, *args, **kwargs):
            if any(path in str(file) for path in watched_paths):
                self.calls.append(("open", str(file)))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", watching_open)

    def _recorder(self, name, original):
        def record(*args, **kwargs):
            self.calls.append((name, args[1:] if args else ()))
            return original(*args, **kwargs)

        return record


@pytest.fixture
def listener():
    """A local HTTP server that counts requests: a fetch that reached the network would show up."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::before { content: "FETCHED-OVER-HTTP"; }')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


class TestStaticResource:
    def test_serves_the_pdf_stylesheet(self):
        content_type, body = static_resource(CSS_URL)
        assert content_type == "text/css"
        assert body == open(finders.find("printing/pdf.css"), "rb").read()

    def test_serves_small_data_images(self):
        assert static_resource(f"data:image/png;base64,{PIXEL}")[0] == "image/png"

    @pytest.mark.parametrize("url", FOREIGN_URLS)
    def test_refuses_anything_else_without_touching_network_or_disk(self, monkeypatch, url):
        spy = Spy(monkeypatch)
        with pytest.raises(ForeignURL):
            static_resource(url)
        assert spy.calls == []

    def test_serves_collected_files_when_finders_have_none(self, tmp_path):
        (tmp_path / "printing").mkdir()
        (tmp_path / "printing" / "pdf.0123abcd.css").write_text("p { color: red }")
        with override_settings(STATIC_ROOT=tmp_path):
            assert static_resource(f"{BASE_URL}static/printing/pdf.0123abcd.css")[1] == b"p { color: red }"
            with pytest.raises(ForeignURL):
                static_resource(f"{BASE_URL}static/printing/%2e%2e/%2e%2e/etc/passwd")


class TestWeasyPrintFetcher:
    def test_returns_static_files(self):
        response = static_files_fetcher()(CSS_URL)
        assert response.content_type == "text/css" and b"Noto Sans CJK SC" in response.read()

    @pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png"])
    def test_refuses_foreign_urls(self, monkeypatch, url):
        spy = Spy(monkeypatch)
        with pytest.raises(ForeignURL):
            static_files_fetcher()(url)
        assert spy.calls == []


def test_rendered_html_loads_nothing_foreign(monkeypatch, tmp_path, listener, pdf_text):
    """Markup naming foreign resources (as if templates had let it through) renders without them."""
    server, requests = listener
    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "READ-FROM-DISK"; }')
    hostile = f"""
        <link rel="stylesheet" href="{server}/style.css">
        <link rel="stylesheet" href="file://{secret}">
        <link rel="attachment" href="file:///etc/passwd">
        <style>p {{ background: url(file:///etc/passwd); }} h1 {{ background: url({server}/bg.png); }}</style>
        <img src="file:///etc/passwd"><img src="{server}/x.png"><img src="http://127.0.0.1:9/x.png">
        <img src="/static/../../etc/passwd"><h1>正文</h1><p>内容</p>
    """
    monkeypatch.setattr("printing.rendering.render_to_string", lambda *args: hostile)
    spy = Spy(monkeypatch, watched_paths=("/etc/passwd", str(secret)))
    text = pdf_text(render_pdf("printing/base.html", {}))
    assert "正文" in text
    assert "FETCHED-OVER-HTTP" not in text and "READ-FROM-DISK" not in text
    assert requests == []
    assert spy.calls == []
