"""Fixtures for the browser tests (tests/test_browser.py): the app served on a free port, Chromium, a page."""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import stproto  # noqa: E402  (the benchmarks' server helpers)

sys.path.remove(str(ROOT / "bench"))
CHROMIUM = "/usr/bin/chromium"  # Debian's package (scripts/install-debs.sh); Playwright cannot download here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
VIEWPORT = {"width": 1500, "height": 1000}
STARTUP_TIMEOUT = 60  # seconds for /_stcore/health to answer
TIMEOUT_MS = 15_000   # for a page's actions and for `expect` (whose own default, 5 s, a busy CI machine can exceed)
# Screenshots go to the ignored artifacts/ folder; `make screenshots` points this at docs/ for the README.
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "artifacts")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc):
    """Terminate the server's whole process group (it runs in its own session), then make sure."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path():
    """Chromium, or skip: only outside CI. In CI (which installs it) a missing browser is a failure."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: scripts/install-debs.sh should have installed it")
        pytest.skip(f"{CHROMIUM} not installed (run `bash scripts/install-debs.sh`)")
    return CHROMIUM


def wait_healthy(url, proc, output, timeout=STARTUP_TIMEOUT):
    """Wait until `url`'s /_stcore/health answers ok (bench/stproto.py's wait); fail the test, with the server's
    `output()`, if its process `proc` exits first or it does not answer within `timeout` seconds."""
    try:
        stproto.wait_healthy(proc, url, timeout)
    except RuntimeError as why:
        pytest.fail(f"{why}:\n{output()}")


@contextlib.contextmanager
def serve():
    """Serve app.py on a free port (IPv4 loopback only), yield its base URL, stop it afterwards."""
    port = _free_port()
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, lambda: log.seek(0) or log.read())
        yield url
    finally:
        _stop(proc)
        log.close()


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
