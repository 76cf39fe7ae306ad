"""Fixtures shared by the whole suite: Playwright on Debian's Chromium, the live site with the demo data."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

pytest_plugins = ["tests.pdfs"]  # pdf_text, pdf_fonts, pdf_images

ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("TANFANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The interface language of a phone in Guangxi (Debian's chromium-l10n): native controls such as the
# month picker read 2026年12月, not December 2026. LANGUAGE only: a LANG naming a locale the system
# has not generated leaves Chromium unable to write a Chinese file name (downloads become "download").
CHROMIUM_LANGUAGE = {"LANGUAGE": "zh_CN"}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session. Playwright's own browser download can't work here."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (or: apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # body are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                                              env={**os.environ, **CHROMIUM_LANGUAGE})
        yield chromium
        chromium.close()


@pytest.fixture
def live_site(live_server, browser):
    """``live_server`` for browser tests, which must be transactional with ``serialized_rollback``.

    pytest-django keeps the snapshot that ``serialized_rollback`` restores from (what migrations
    created: Wagtail's root page and Site, regions, departments, groups) on the connection object
    that set up the test database. Once Playwright's sync API runs, the test body gets another
    connection object (same database) without it, and the flush after the test would be final:
    every later transactional test would start from an empty database. Hand the snapshot over.
    """
    from django.db import connection

    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return live_server


@pytest.fixture
def demo_site(live_site, settings):
    """The live site with the demo data (``load_demo_data``, which runs only on the demo site)."""
    settings.TANFANG_DEMO_SITE = True
    call_command("load_demo_data")
    settings.TANFANG_DEMO_SITE = False
    return live_site


@pytest.fixture
def screenshot_dir():
    path = ARTIFACTS_DIR / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def open_page(browser):
    """Open a page at a given viewport, e.g. ``open_page(375, 812)``; closed after the test."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    contexts = []

    def _open(width, height):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        # Let requests the pages may still have in flight (autosave, the offline store's sync) end: one
        # still running when the test's database is flushed deadlocks the flush.
        for page in context.pages:
            page.wait_for_timeout(300)
            try:
                page.wait_for_load_state("networkidle", timeout=5_000)
            except PlaywrightTimeout:  # a page kept busy (polling a job's progress) is closed anyway
                pass
        context.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the local-memory cache outlives each test's rollback."""
    from django.core.cache import cache

    cache.clear()


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """Mark the transactional tests ``transactional``; refuse a file that mixes them with other database tests.

    A transactional test empties the database when it ends (and those with ``serialized_rollback``
    restore the migrations' rows only when they start). ``make test`` runs the others on one process
    per core (pytest-xdist, whole files per process, a database per process) and then the
    transactional ones the same way, so that no process's database is shared by the two kinds.
    """
    kinds = {}
    for item in items:
        if _transactional(item):
            item.add_marker(pytest.mark.transactional)
        if item.get_closest_marker("django_db") or _transactional(item):
            kinds.setdefault(item.path, set()).add(_transactional(item))
    mixed = sorted(str(path) for path, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError("transactional and other database tests in one file: " + ", ".join(mixed))
