"""The Content-Security-Policy in Chromium: no violation on the public site, the sign-in page, or
the Wagtail admin (login page, registry list), which works under it without 'unsafe-inline'."""

import pytest

from policy_pages.setup import load_site_pages
from tests.registry.factories import ElderFactory
from tests.roles.factories import DEFAULT_PASSWORD, role_holder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def watched_page(open_page):
    """A desktop page that keeps the CSP violations and console errors it meets."""
    page = open_page(1280, 800)
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


def violations(page):
    csp_console = [text for text in page.console_errors if "Content Security Policy" in text]
    return page.evaluate("window.__cspViolations") + csp_console


def test_public_pages_have_no_violation(live_site, watched_page, screenshot_dir):
    load_site_pages()
    for path in ["/", "/policy/", "/accounts/login/"]:
        watched_page.goto(live_site.url + path)
        watched_page.wait_for_load_state("networkidle")
        assert violations(watched_page) == [], path
    watched_page.screenshot(path=screenshot_dir / "accounts-login.png", full_page=True)


def test_wagtail_admin_works_under_the_policy(live_site, watched_page, screenshot_dir):
    role_holder("province_civil_affairs", "广西壮族自治区", username="csp-officer")
    ElderFactory()
    page = watched_page
    page.goto(live_site.url + "/admin/login/")
    page.wait_for_load_state("networkidle")
    login_violations = violations(page)
    assert "演示环境未启用双因素认证" in page.content()
    page.fill("#id_username", "csp-officer")
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_site.url + "/admin/registry/elder/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=screenshot_dir / "admin-elder-list-csp.png", full_page=True)
    # The list renders and the admin's scripts run (the sidebar is built by JavaScript).
    assert page.locator("table.listing tbody tr").count() == 1
    assert page.locator("[data-wagtail-sidebar] a, #wagtail-sidebar a, .sidebar a").count() > 0
    # Wagtail 8's admin needs no 'unsafe-inline': not one violation on these pages.
    assert login_violations == [] and violations(page) == []
