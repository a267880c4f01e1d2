"""Fixtures for the browser tests (tests/browser/, and the figures and deployment tests that draw in Chromium): the
app served on a free port, Chromium, a page. The plain helpers are harness/'s, which the benchmarks share."""
import contextlib
import os

import pytest

from harness import server
from harness.browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT


@pytest.fixture(scope="session")
def chromium_path():
    """Chromium, or skip: only outside CI. In CI (which installs it) a missing browser is a failure."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: scripts/install-debs.sh should have installed it")
        pytest.skip(f"{CHROMIUM} not installed (run `bash scripts/install-debs.sh`)")
    return CHROMIUM


@contextlib.contextmanager
def serve():
    """Serve app.py on a free port; fail the test, with what the server printed, if it does not come up."""
    try:
        with server.serve() as url:
            yield url
    except RuntimeError as why:
        pytest.fail(str(why))


@pytest.fixture(scope="session")
def app_url(chromium_path):
    """The app served for the whole test session."""
    with serve() as url:
        yield url


@pytest.fixture
def fresh_app_url(chromium_path):
    """The app on a server of its own, which no session has visited yet."""
    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh page (own context, so a new Streamlit session) per test; closing it ends the session."""
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(TIMEOUT_MS)
    p = context.new_page()
    yield p
    context.close()
