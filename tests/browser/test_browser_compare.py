"""The Compare page in a real browser: a comparison link opens, Play draws both boundaries and the one loss chart,
the epochs advance and stay equal; an example link replaces the setup; screenshots at two common screen sizes."""
import re

from playwright.sync_api import expect

from harness.browser import SHOTS
from playground.settings.compare import EXAMPLES

SLOW = 45_000   # ms: the machine may be busy; a first run on a fresh server imports the whole app
LINK = "/compare?dataset=xor&layers=1&h1=6&b.activation=relu&show_test=true"


EPOCHS = """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
    .filter(m => [...m.querySelectorAll('[data-testid="stMetricLabel"]')].some(l => l.innerText.trim() == "Epoch"))
    .map(m => parseInt(m.querySelector('[data-testid="stMetricValue"]').innerText.replace(/,/g, '')))"""


def epochs(page, above=-1):
    """The two sides' Epoch read-outs (the metric values under the label "Epoch"), once they agree and are past
    `above`. They change a few ms apart (one message each): the page is looked at on every animation frame until
    both show the same epoch; they never agreeing (or never passing `above`) is a time-out."""
    return page.wait_for_function(f"""() => {{ const e = ({EPOCHS})();
        return e.length == 2 && e[0] == e[1] && e[0] > {above} && e; }}""", polling="raf").json_value()


def ran(page):
    """The run a click started is over, and the browser has drawn what it sent (two animation frames)."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_play_draws_both_sides_in_lockstep(page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(SLOW)
    page.goto(LINK)
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=SLOW)
    charts = page.locator('[data-testid="stPlotlyChart"]').filter(visible=True)
    expect(charts).to_have_count(3, timeout=SLOW)
    assert epochs(page) == [0, 0]
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=SLOW)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                               .some(e => parseInt(e.innerText.replace(/,/g, '')) >= 50)""")
    seen = [0]
    for _ in range(3):                                             # the epochs go on, both sides together
        a, b = epochs(page, above=seen[-1])
        assert a == b, (a, b)
        seen.append(a)
    seen = seen[1:]
    assert seen[-1] > seen[0] > 0
    loss = page.locator('[data-testid="stPlotlyChart"]').filter(visible=True).filter(has=page.locator(".legend"))
    expect(loss.locator(".scatterlayer path.js-line")).to_have_count(4, timeout=SLOW)   # A and B, train and test
    expect(loss.get_by_text("A: tanh (train)")).to_be_visible(timeout=SLOW)
    expect(loss.get_by_text("B: ReLU (test)")).to_be_visible(timeout=SLOW)
    maps = charts.filter(has_not=page.locator(".legend"))
    expect(maps).to_have_count(2, timeout=SLOW)
    for i in range(2):                                             # each map: its output image and the points
        expect(maps.nth(i).locator("image")).not_to_have_count(0, timeout=SLOW)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible(timeout=SLOW)
    ran(page)
    a, b = page.evaluate(EPOCHS)                                   # paused: both read-outs final, and equal
    assert a == b > seen[-1]
    assert "b.activation=relu" in page.evaluate("location.search")
    assert page.locator('[data-testid="stException"]').count() == 0 and errors == []


LAID_OUT = """() => {
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(e => e.offsetWidth > 0);
    const full = e => { const gd = e.querySelector('.js-plotly-plot'); return gd && gd._fullLayout; };
    return charts.length == 3 && charts.every(full) && charts.filter(e => e.querySelector('image')).length == 2
        && charts.filter(e => e.querySelector('.legend'))          // the loss chart, as wide as its column now
                 .every(e => Math.abs(full(e).width - e.clientWidth) < 1); }"""
"""Every chart drawn, the two maps with their images, the loss chart at the width the window gives it."""


def test_an_example_link_replaces_the_setup_and_screenshots(page):
    page.set_default_timeout(SLOW)
    page.goto("/compare")
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=SLOW)
    title, _, params = EXAMPLES[2]          # without and with L2: the test loss tells them apart
    page.get_by_role("button", name=title).filter(visible=True).first.click()
    page.wait_for_function("() => location.search.includes('b.reg=l2')")
    expect(page.get_by_text(re.compile("^B: L2 0.3$"))).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                               .some(e => parseInt(e.innerText.replace(/,/g, '')) >= 200)""", timeout=30_000)
    SHOTS.mkdir(exist_ok=True)
    page.mouse.move(1, 1)                   # no tooltip in the pictures
    for width, height in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(LAID_OUT, polling="raf")   # the charts laid out again, each map with its images
        page.screenshot(path=SHOTS / f"compare_{width}x{height}.png")
    page.get_by_role("button", name="Pause").click()
    assert page.locator('[data-testid="stException"]').count() == 0
