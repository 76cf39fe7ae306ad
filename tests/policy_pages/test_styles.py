"""Static checks on the stylesheet and templates: type size, contrast, no external or inline code."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
TEMPLATE_DIR = ROOT / "templates"
# The public site's templates (other apps' templates have their own tests).
TEMPLATES = [TEMPLATE_DIR / name for name in ("base.html", "404.html", "500.html")] + sorted(
    [*TEMPLATE_DIR.glob("policy_pages/**/*.html"), *TEMPLATE_DIR.glob("search/**/*.html")]
)
BROWSER_DEFAULT_PX = 16

# (text colour, background) for every pairing the stylesheet uses for text.
TEXT_PAIRS = [
    ("ink", "paper"), ("ink-muted", "paper"), ("ink", "surface"), ("ink-muted", "surface"),
    ("link", "paper"), ("link-visited", "paper"), ("link", "surface"), ("ink", "brand-tint"),
    ("brand-dark", "brand-tint"), ("link", "brand-tint"), ("paper", "brand"), ("paper", "brand-dark"),
    ("brand", "paper"), ("accent", "paper"), ("accent", "notice-tint"), ("training-ink", "training-tint"),
    ("footer-ink", "footer-bg"), ("ink", "focus"), ("ink", "highlight"),
]


def _custom_properties():
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS))


def _relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground, background):
    lighter, darker = sorted([_relative_luminance(foreground), _relative_luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rule(selector):
    match = re.search(rf"(?m)^{re.escape(selector)}\s*\{{([^}}]*)\}}", CSS)
    assert match, f"no rule for {selector}"
    return match.group(1)


def _font_size_px(declarations):
    value = re.search(r"font-size:\s*([\d.]+)(%|px)", declarations)
    size, unit = float(value.group(1)), value.group(2)
    return size if unit == "px" else size / 100 * BROWSER_DEFAULT_PX


def test_contrast_formula_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_colours_meet_wcag_aa(foreground, background):
    colours = _custom_properties()
    assert contrast_ratio(colours[foreground], colours[background]) >= 4.5


def test_every_colour_is_a_checked_custom_property():
    outside_root = CSS.split(":root", 1)[1].split("}", 1)[1]
    assert not re.findall(r"#[0-9a-fA-F]{3,6}\b", outside_root)


def test_base_font_size_is_at_least_18px_and_large_text_at_least_22px():
    assert _font_size_px(_rule("html")) >= 18
    assert _font_size_px(_rule("html.large-text")) >= 22
    assert "font-size: 1rem" in _rule("body")
    assert float(re.search(r"line-height:\s*([\d.]+)", _rule("body")).group(1)) >= 1.5


def test_tap_targets_are_at_least_44px():
    tap = re.search(r"--tap:\s*([\d.]+)rem", CSS).group(1)
    assert float(tap) * 18 >= 44


def test_font_stack_names_system_cjk_fonts():
    for family in ('"Noto Sans CJK SC"', '"WenQuanYi Micro Hei"', '"PingFang SC"', '"Microsoft YaHei"'):
        assert family in CSS


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_load_nothing_from_elsewhere_and_have_no_inline_script(template):
    html = template.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "style=" not in html


def test_stylesheet_loads_nothing_from_elsewhere():
    assert "@import" not in CSS
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", CSS)
