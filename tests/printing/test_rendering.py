"""render_pdf and pdf_response: A4 pages with numbers, CJK text and checkboxes, safe headers."""

import builtins
import subprocess
from urllib.parse import quote

import pytest
from django.test import override_settings

from printing import PrintingUnavailable, pdf_response, render_pdf

LONG_DOCUMENT = """{% extends "printing/base.html" %}
{% block footer %}页脚说明{% endblock %}
{% block content %}
<article class="document" data-running-title="测试文档">
  <h1>测试文档</h1>
  {% for n in rows %}
  <p>第{{ n }}段：探访关爱服务 <span class="box">☑</span>是 <span class="box">☐</span>否</p>
  {% endfor %}
</article>
{% endblock %}
"""


@pytest.fixture
def long_document(tmp_path, settings):
    (tmp_path / "long.html").write_text(LONG_DOCUMENT, encoding="utf-8")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        yield lambda rows: render_pdf("long.html", {"rows": range(rows)}, title="测试文档")


def test_pages_are_numbered_with_header_and_footer(long_document, pdf_text):
    pages = [page for page in pdf_text(long_document(40)).split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        line = "".join(page.split())
        assert f"第{number}页/共{len(pages)}页" in line
        assert "测试文档" in line and "探访关爱服务" in line and "页脚说明" in line


def test_checkboxes_render_in_a_font_that_has_them(long_document, pdf_text, pdf_fonts):
    pdf = long_document(1)
    assert "☑是" in "".join(pdf_text(pdf).split()) and "☐否" in "".join(pdf_text(pdf).split())
    assert "+DejaVu-Sans " in pdf_fonts(pdf)


def test_title_is_the_pdf_title(long_document, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(long_document(1))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Title:           测试文档" in info
    assert "Pages:           1" in info


def test_missing_weasyprint_is_a_clear_error(monkeypatch):
    real_import = builtins.__import__

    def without_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pango)
    with pytest.raises(PrintingUnavailable, match="libpango-1.0-0"):
        render_pdf("printing/base.html", {})


class TestPdfResponse:
    def test_inline_pdf_never_cached(self):
        response = pdf_response(b"%PDF-1.7 ...", "elder-12.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"] == "inline; filename=\"elder-12.pdf\"; filename*=UTF-8''elder-12.pdf"
        assert response.content == b"%PDF-1.7 ..."

    def test_chinese_file_name_is_percent_encoded(self):
        disposition = pdf_response(b"", "老年人档案-12-20250101.pdf")["Content-Disposition"]
        assert disposition == (
            "inline; filename=\"-12-20250101.pdf\"; filename*=UTF-8''" + quote("老年人档案-12-20250101.pdf")
        )
        assert disposition.isascii()

    def test_all_chinese_name_falls_back_to_a_plain_one(self):
        disposition = pdf_response(b"", "档案.pdf")["Content-Disposition"]
        assert disposition.startswith('inline; filename="document.pdf"; filename*=UTF-8\'\'%E6%A1%A3')

    @pytest.mark.parametrize("name", ['a"; filename="evil.exe', "a\r\nSet-Cookie: x=1.pdf", "../../etc/passwd"])
    def test_header_injection_is_impossible(self, name):
        disposition = pdf_response(b"", name)["Content-Disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        assert disposition.count('"') == 2 and "/" not in disposition.split("filename*=")[0]
