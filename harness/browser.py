"""Headless Chromium as the tests and the benchmarks start it: Debian's package (scripts/install-debs.sh; Playwright
cannot download its own browser here), with the flags this closed network needs."""
import os
from pathlib import Path

from harness.server import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
VIEWPORT = {"width": 1500, "height": 1000}
TIMEOUT_MS = 15_000
"""For a page's actions and for `expect` (whose own default, 5 s, a busy CI machine can exceed)."""
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "artifacts")
"""Where screenshots go: the ignored artifacts/ folder; `make screenshots` points this at docs/ for the README."""


def launch(playwright):
    """Chromium started by `playwright` (a sync_playwright() context) with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
