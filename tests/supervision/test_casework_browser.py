"""The casework panels on a 390 px phone: no table wider than the screen (Playwright, Debian Chromium)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from registry.dates import china_today
from roles.models import Region

pytestmark = pytest.mark.django_db
CSS = Path(settings.BASE_DIR, "static", "css", "workbench.css")


@pytest.mark.parametrize("name", ["兴宁区", "民生街道"])
def test_the_panels_fit_a_phone(open_page, name):
    region = Region.objects.get(name=name)
    panels = Template("{% load casework_panels %}{% casework_panels region month %}").render(
        Context({"region": region, "month": china_today()}))
    page = open_page(390, 844)
    page.set_content(f'<!DOCTYPE html><html lang="zh-CN"><head><meta name="viewport" '
                     f'content="width=device-width, initial-scale=1"><style>{CSS.read_text()}</style></head>'
                     f'<body><main>{panels}</main></body></html>')
    widths = page.evaluate("[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right)")
    assert widths and max(widths) <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
