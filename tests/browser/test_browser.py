"""The Playground page in a real browser (Chromium via Playwright): live training, Play/Pause/Step/Reset,
the URL round trip, bad URLs, divergence, and the README's screenshot. Fixtures are in conftest.py."""
import io
import re
import struct
import time

import numpy as np
from PIL import Image
from playwright.sync_api import expect

from harness.browser import SHOTS

SCREENSHOT = SHOTS / "playground.png"
FIRST_RUN_MS = 30_000
METRIC = '[data-testid="stMetric"]'
EXCEPTION = '[data-testid="stException"]'
# The live view (one component, updated in place) and its charts.
LIVE = ".st-key-live_view .live"
BOUNDARY, LOSS = f"{LIVE} .chart-main", f"{LIVE} .chart-loss"
# What the boundary chart draws of the model: the PNG of the map and the SVG of the decision line.
BOUNDARY_DRAWING = f"{BOUNDARY} image"


# ---- helpers ------------------------------------------------------------------------------------------
def open_app(page, query=""):
    """Load the page and wait until it is connected, has run, and both charts are drawn."""
    page.goto("/" + query)
    # A session's first run imports and builds everything: allow a cold server on a busy 2-core machine time.
    expect(page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')).to_be_attached(
        timeout=FIRST_RUN_MS)
    expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached(timeout=FIRST_RUN_MS)
    expect(metric(page, 0)).to_be_visible(timeout=FIRST_RUN_MS)
    expect(page.locator(f"{BOUNDARY} .main-svg").first).to_be_visible(timeout=FIRST_RUN_MS)
    expect(page.locator(f"{LOSS} .main-svg").first).to_be_visible()


def button(page, key):
    # A keyed button's container holds two <button>s (only the first is displayed).
    return page.locator(f".st-key-{key} button").first


def metric(page, i):
    return page.locator(METRIC).nth(i)


def metric_value(page, i):
    return metric(page, i).locator('[data-testid="stMetricValue"]').inner_text()


def epoch(page):
    return int(metric_value(page, 0).replace(",", ""))


def train_loss(page):
    return float(metric_value(page, 1))


def settle(page):
    """After a Pause (or any click): the Play button is back and no run is in progress."""
    expect(button(page, "play")).to_be_visible()
    expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached()
    expect(page.locator(".stElementContainer[data-stale='true']")).to_have_count(0)


def wait_until(predicate, timeout=15.0, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
        except Exception:  # an element being swapped by a redraw: try again
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


def boundary_drawing(page):
    """The boundary chart's drawn model output: the map's PNG and the decision line's SVG (not the data
    points' SVG image, which does not change while training)."""
    return sorted(page.locator(BOUNDARY_DRAWING).evaluate_all(
        "es => es.map(e => e.getAttribute('href') || '')"
        ".filter(v => !decodeURIComponent(v).includes('<circle'))"))


def choose(page, key, label):
    """Pick `label` in the selectbox `key` (a react-aria combobox: the first click may only focus it)."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    if box.get_attribute("aria-expanded") != "true":
        box.press("ArrowDown")
    page.get_by_role("option", name=label, exact=True).click()


def play(page):
    button(page, "play").click()
    expect(button(page, "pause")).to_be_visible()


def pause(page):
    button(page, "pause").click()
    settle(page)


def play_until(page, epochs, at_least=0.0):
    """Play until the epoch counter passes `epochs` (and at least `at_least` seconds went by), then pause."""
    start = time.monotonic()
    play(page)
    wait_until(lambda: epoch(page) > epochs and time.monotonic() - start >= at_least, timeout=30,
               message=f"epoch > {epochs}")
    pause(page)


def png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", head[16:24])


# ---- tests --------------------------------------------------------------------------------------------
def test_page_loads_with_metrics_and_both_charts(page):
    open_app(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(metric(page, 0).locator('[data-testid="stMetricLabel"]')).to_have_text("Epoch")
    expect(metric(page, 1).locator('[data-testid="stMetricLabel"]')).to_have_text("Train loss")
    expect(metric(page, 2).locator('[data-testid="stMetricLabel"]')).to_have_text("Test loss")
    assert epoch(page) == 0
    expect(page.locator(f"{BOUNDARY}.js-plotly-plot")).to_have_count(1)
    expect(page.locator(f"{LOSS}.js-plotly-plot")).to_have_count(1)
    drawn = boundary_drawing(page)
    assert len(drawn) == 2 and all(drawn)    # the map and the decision line
    assert any(d.startswith("data:image/svg") and "path" in d for d in drawn)
    expect(button(page, "play")).to_have_text("Play")


def test_play_trains_and_redraws_the_boundary(page):
    open_app(page)
    loss0, drawn0 = train_loss(page), boundary_drawing(page)
    assert drawn0, "no decision boundary drawn before training"
    play(page)
    # While still playing, the boundary is redrawn: none of the first drawing is left on the page...
    wait_until(lambda: (now := boundary_drawing(page)) and not set(now) & set(drawn0), timeout=15,
               message="the decision boundary to be redrawn while playing")
    expect(button(page, "pause")).to_be_visible()
    # ...and the epoch counter climbs.
    wait_until(lambda: epoch(page) > 20, timeout=15, message="epoch > 20")
    pause(page)
    assert epoch(page) > 20
    assert train_loss(page) < loss0
    assert boundary_drawing(page) != drawn0
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_pause_stops_the_counter(page):
    open_app(page)
    play_until(page, 20)
    before = epoch(page)
    time.sleep(2)
    assert epoch(page) == before
    expect(button(page, "play")).to_be_visible()
    expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached()


def test_url_restores_the_controls_and_a_change_updates_the_url(page):
    open_app(page, "?dataset=xor&activation=relu&lr=0.1&layers=3&h1=6&seed=7")
    expect(page.locator(".st-key-dataset input")).to_have_value("XOR")
    expect(page.locator(".st-key-activation input")).to_have_value("ReLU")
    expect(page.locator('.st-key-lr [data-testid="stSliderThumbValue"]')).to_have_text("0.1")
    expect(page.locator(".st-key-layers input")).to_have_value("3")
    expect(page.locator(".st-key-h1 input")).to_have_value("6")
    expect(page.locator(".st-key-seed input")).to_have_value("7")
    expect(page.locator(".st-key-h3")).to_be_visible()
    expect(page.locator('[data-testid="stCaptionContainer"]').filter(has_text="Network:")).to_contain_text(
        "2 → 6 → 2 → 2 → 1")
    assert "activation=relu" in page.url and "dataset=xor" in page.url
    expect(page.locator(EXCEPTION)).to_have_count(0)

    # The reverse: a change in the browser is written into the URL.
    open_app(page)
    assert "activation=" not in page.url  # the default (tanh) is left out
    choose(page, "activation", "ReLU")
    expect(page).to_have_url(re.compile(r"[?&]activation=relu(&|$)"))
    expect(page.locator(".st-key-activation input")).to_have_value("ReLU")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_malformed_url_warns_and_the_page_still_works(page):
    open_app(page, "?lr=abc&h1=1000000")
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings.filter(has_text="“lr=abc”) is not a number")).to_have_count(1)
    expect(warnings.filter(has_text="“h1=1000000”) is more than 32")).to_have_count(1)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(metric(page, 0).locator('[data-testid="stMetricLabel"]')).to_have_text("Epoch")
    expect(page.locator('.st-key-lr [data-testid="stSliderThumbValue"]')).to_have_text("0.03")  # the default
    expect(page.locator(".st-key-h1 input")).to_have_value("4")
    button(page, "step").click()
    expect(metric(page, 0).locator('[data-testid="stMetricValue"]')).to_have_text("1")


def test_step_adds_one_epoch_and_reset_returns_to_zero(page):
    open_app(page)
    value = metric(page, 0).locator('[data-testid="stMetricValue"]')
    button(page, "step").click()
    expect(value).to_have_text("1")
    button(page, "step").click()
    expect(value).to_have_text("2")
    settle(page)
    time.sleep(0.5)
    assert epoch(page) == 2  # exactly one epoch per Step, no training in between
    button(page, "reset").click()
    expect(value).to_have_text("0")
    settle(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_divergence_pauses_with_an_error(page):
    open_app(page, "?dataset=spiral&activation=linear&lr=10")
    button(page, "play").click()
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("diverged")
    settle(page)  # the Play button is back: training paused by itself
    expect(page.locator(".st-key-pause")).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    before = epoch(page)
    time.sleep(1)
    assert epoch(page) == before


def test_screenshot_of_a_trained_playground(page):
    """The README's picture (`make screenshots`): the boundary after some training shows both classes."""
    page.set_viewport_size({"width": 1500, "height": 1450})   # tall enough for the network view
    open_app(page)
    play_until(page, 20, at_least=5)
    page.mouse.move(700, 60, steps=5)   # off the Play button (its tooltip shows after Pause), then to empty space
    page.mouse.move(1450, 1400, steps=5)
    expect(page.get_by_text("Train continuously and redraw live.")).to_be_hidden()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    page.screenshot(path=SCREENSHOT)
    assert png_size(SCREENSHOT) == (1500, 1450)
    boundary = page.locator(BOUNDARY).screenshot()
    r, g, b = np.asarray(Image.open(io.BytesIO(boundary)).convert("RGB"), dtype=int).transpose(2, 0, 1)
    orange = int(np.sum((r > 200) & (g > 100) & (g < 200) & (b < 120)))
    blue = int(np.sum((r < 100) & (g < 160) & (b > 150)))
    assert orange > 500 and blue > 500, (orange, blue)   # points and regions of both classes are drawn
    expect(page.locator('[data-testid="stAppDeployButton"]')).to_have_count(0)   # a viewer's menu (config.toml)
    expect(page.locator('[data-testid="stMainMenu"]')).to_be_visible()


def test_a_thumbnail_click_picks_the_dataset_and_the_url_follows(page):
    open_app(page)
    page.locator('.st-key-dataset_picker button[data-name="xor"]').click()
    expect(page.locator(".st-key-dataset input")).to_have_value("XOR")
    expect(page).to_have_url(re.compile(r"[?&]dataset=xor(&|$)"))
    expect(page.locator('.st-key-dataset_picker button[aria-pressed="true"]')).to_have_attribute("data-name", "xor")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_layer_buttons_keep_the_sidebar_and_the_network_in_step(page):
    open_app(page, "?layers=0")
    for n in (1, 2):
        page.locator('.st-key-layers [data-testid="stNumberInputStepUp"]').click()
        expect(page.locator(".st-key-layers input")).to_have_value(str(n))
        settle(page)
    expect(page.locator(".st-key-h2 input")).to_have_value("2")
    expect(page.locator('[data-testid="stCaptionContainer"]').filter(has_text="Network:")).to_contain_text(
        "2 → 4 → 2 → 1")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_the_editor_stays_open_through_a_step(page):
    open_app(page)
    page.get_by_text("Edit a weight or bias by hand").click()
    expect(page.locator(".st-key-edit_set")).to_be_visible()
    button(page, "step").click()
    expect(metric(page, 0).locator('[data-testid="stMetricValue"]')).to_have_text("1")
    settle(page)
    expect(page.locator(".st-key-edit_set")).to_be_visible()


def test_both_pages_keep_the_setup_in_the_url(page):
    page.goto("/inside_step?dataset=xor&layers=1&h1=3")
    expect(page.get_by_text("Network 2 → 3 → 1")).to_be_visible()
    page.locator('[data-testid="stSidebarNav"] a', has_text="Playground").click()
    expect(page).to_have_url(re.compile(r"dataset=xor"))
    expect(page.locator(".st-key-h1 input")).to_have_value("3")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Inside one step").click()
    expect(page).to_have_url(re.compile(r"inside_step\?.*dataset=xor"))
    expect(page.locator(EXCEPTION)).to_have_count(0)
