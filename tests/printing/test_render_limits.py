"""Printing can't be made to take minutes (issue 9 item 4): each value is capped, each render timed.

A 帮扶措施 of 5,000 characters once took 100 s to print and one of 100,000 more than 20 minutes.
Today's forms can't store that much (tests/forms/test_text_limits.py), but older rows can hold it:
the print caps each value, and a render that still runs too long is stopped with a Chinese 503.
"""

import time

import pytest
from django.urls import reverse

from config.text_limits import PRINT_VALUE_CAP
from printing import elder_file_pdf
from printing.rendering import RenderTimeout, render_time_limit
from printing.templatetags.printing_tags import print_cap
from registry.models import Elder
from workbench.presenters import FULL, ElderFile

pytestmark = pytest.mark.django_db


def test_print_cap():
    assert print_cap("帮" * PRINT_VALUE_CAP) == "帮" * PRINT_VALUE_CAP
    capped = print_cap("帮" * 100_000)
    assert capped.startswith("帮" * PRINT_VALUE_CAP) and capped.endswith("……（共100000字，以下从略）")
    assert print_cap(None) is None and print_cap(5) == 5


def test_a_huge_stored_value_prints_capped_and_fast(pdf_text, elder, people):
    Elder.objects.filter(pk=elder.pk).update(assistance_measures="每周上门送餐。" * 15_000)  # 105,000 characters
    elder.refresh_from_db()
    started = time.monotonic()
    text = pdf_text(elder_file_pdf(ElderFile(elder, FULL), printed_by=people["township"]))
    assert time.monotonic() - started < 60
    assert "以下从略" in text and "共105000字" in text


class TestTimeLimit:
    def test_a_fast_body_is_untouched_and_nothing_strikes_later(self, settings):
        settings.TANFANG_PDF_RENDER_SECONDS = 0.2
        with render_time_limit():
            total = sum(range(1000))
        time.sleep(0.4)  # past the limit: the watcher is gone
        assert total == 499500

    def test_a_slow_body_is_stopped_even_if_it_swallows_the_first_strike(self, settings):
        settings.TANFANG_PDF_RENDER_SECONDS = 0.2
        started = time.monotonic()

        def busy():
            while time.monotonic() - started < 10:
                sum(range(10_000))

        with pytest.raises(RenderTimeout), render_time_limit():
            try:
                busy()
            except Exception:  # noqa: BLE001, S110 - as a library might
                pass
            busy()
        assert time.monotonic() - started < 5

    def test_a_render_that_hangs_answers_a_chinese_503(self, client, settings, monkeypatch, elder, people):
        settings.TANFANG_PDF_RENDER_SECONDS = 0.3

        class EndlessLayout:
            def __init__(self, **kwargs):
                pass

            def render(self, **kwargs):
                while True:
                    sum(range(10_000))

        monkeypatch.setattr("printing.rendering._weasyprint_html", lambda: EndlessLayout)
        client.force_login(people["township"])
        started = time.monotonic()
        response = client.get(reverse("workbench:elder_print", args=[elder.pk]))
        assert time.monotonic() - started < 10
        assert response.status_code == 503
        assert "打印文件生成超时" in response.content.decode()
