"""For lectures, in a real browser: presets (a deep link on a server no one has visited yet opens through the
app's navigation; a preset's link loads it, after which the address is the setup's own), nothing fetched from
outside the server, the page fitting 1366 × 768 and 1920 × 1080 screens, presenter mode and its keys."""
import contextlib

from playwright.sync_api import expect

from harness.browser import SHOTS, VIEWPORT
from playground.settings.config import Config
from playground.settings.presets import PRESETS

WAIT = 30_000   # ms: a busy 2-core machine can take seconds over a rerun

NAV = '[data-testid="stSidebarNav"]'


def test_presets_deep_link_on_a_fresh_server_then_a_preset_loads(browser, fresh_app_url):
    context = browser.new_context(viewport=VIEWPORT, base_url=fresh_app_url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/presets")
        expect(page.get_by_role("heading", name="Presets")).to_be_visible(timeout=WAIT)
        expect(page.locator(NAV).get_by_text("Inside one step")).to_be_visible(timeout=WAIT)   # the app's page titles
        expect(page.locator(NAV).get_by_text("inside step")).to_have_count(0)      # not the folder's file names
        links = page.locator('[data-testid="stPageLink"]')
        expect(links).to_have_count(len(PRESETS), timeout=WAIT)
        preset = PRESETS["dying_relu"]
        links.filter(has_text=preset.title).locator("a").first.click()
        expect(page.locator('[data-testid="stToast"]').get_by_text(preset.title)).to_be_visible(timeout=WAIT)
        wanted = Config.from_query(preset.settings)[0].to_query()
        expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("0", timeout=WAIT)
        page.wait_for_function("(q) => q.every(([k, v]) => new URLSearchParams(location.search).get(k) === v)",
                               arg=[[k, v] for k, v in wanted.items()])
        assert "preset=" not in page.evaluate("location.search")
        assert page.locator('[data-testid="stException"]').count() == 0 and errors == []
    finally:
        context.close()


def test_no_asset_is_fetched_from_outside_the_server(page):
    """Lecture halls may be offline: every page loads only from the server (the page icon used to come from
    Google's font server)."""
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None)
    for path, ready in (("/", '[data-testid="stMetricValue"]'), ("/presets", '[data-testid="stPageLink"]'),
                        ("/inside_step", '[data-testid="stMain"] h1')):
        page.goto(path)
        expect(page.locator(ready).first).to_be_visible(timeout=WAIT)
        page.wait_for_load_state("networkidle")
    assert outside == []
    assert page.evaluate("document.querySelector('link[rel~=icon]').href").startswith("http://127.0.0.1")


METRIC_VALUE = '[data-testid="stMetricValue"]'
FITTED = '.live[data-fit="true"]'   # live.js: every chart drawn at the sizes the page gives it, no redraw pending


@contextlib.contextmanager
def screen(browser, app_url, width, height, query=""):
    """A page of the given size, loaded and drawn; fails on any page error or exception shown."""
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=app_url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/" + query)
        expect(page.locator(METRIC_VALUE).first).to_be_visible(timeout=WAIT)
        expect(page.locator(".chart-main .main-svg").first).to_be_visible(timeout=WAIT)
        expect(page.locator(".chart-loss .main-svg").first).to_be_visible(timeout=WAIT)
        expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached(timeout=WAIT)
        expect(page.locator(FITTED)).to_be_attached(timeout=WAIT)   # the charts drawn at the page's sizes
        yield page
        assert page.locator('[data-testid="stException"]').count() == 0 and errors == []
    finally:
        context.close()


def box(page, selector):
    b = page.locator(selector).first.bounding_box()
    return b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]


def test_the_page_fits_a_1366_by_768_screen_and_the_network_fits_1920_by_1080(browser, app_url):
    with screen(browser, app_url, 1366, 768) as page:
        for part in (".st-key-play", '[data-testid="stMetric"]', ".chart-main", ".chart-loss"):
            assert box(page, part)[3] <= 768, part                        # above the fold
        assert box(page, ".chart-main")[2] - box(page, ".chart-main")[0] >= 340   # and not small
    with screen(browser, app_url, 1920, 1080) as page:
        assert box(page, ".chart-net")[3] <= 1080                           # the network view fully visible
        main, loss = box(page, ".chart-main"), box(page, ".chart-loss")
        page.get_by_test_id("stSidebar").hover()                            # (the button shows on hover)
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        page.wait_for_function("(w) => document.querySelector('.chart-loss').getBoundingClientRect().width > w + 100",
                               arg=loss[2] - loss[0])                   # charts grow into the freed width
        assert box(page, ".chart-main")[2] - box(page, ".chart-main")[0] >= main[2] - main[0]


def test_presenter_mode_fills_the_screen_and_hides_what_the_link_says(browser, app_url):
    with screen(browser, app_url, 1920, 1080, "?presenter=1&hide=step_batch,regen,timeline,lr") as page:
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true", timeout=WAIT)
        # the charts fill most of the screen, once the page around them has settled (they refit to it)
        page.wait_for_function("""() => ['.chart-main', '.chart-loss'].map((s) => document.querySelector(s)
            .getBoundingClientRect()).reduce((a, r) => a + (r.bottom <= 1080 ? r.width * r.height : -1e9), 0)
            > 0.5 * 1920 * 1080""", timeout=WAIT)
        size = page.locator(METRIC_VALUE).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 40                                                   # large type
        assert page.locator(".st-key-play button").first.bounding_box()["height"] >= 50   # big buttons
        for gone in (".st-key-step_batch", ".st-key-regen"):
            assert page.locator(gone).count() == 0
        assert page.get_by_test_id("stMain").get_by_text("Timeline", exact=True).count() == 0
        page.screenshot(path=str(SHOTS / "presenter.png"))


def test_keys_play_pause_step_and_reset(browser, app_url):
    with screen(browser, app_url, *VIEWPORT.values()) as page:
        epoch = page.locator(METRIC_VALUE).first
        page.keyboard.press("ArrowRight")
        expect(epoch).to_have_text("1", timeout=WAIT)
        page.keyboard.press("ArrowRight")
        expect(epoch).to_have_text("2", timeout=WAIT)
        page.keyboard.press("r")
        expect(epoch).to_have_text("0", timeout=WAIT)
        page.keyboard.press(" ")
        expect(page.locator(".st-key-pause button").first).to_be_visible(timeout=WAIT)
        page.wait_for_function("() => Number(document.querySelector('[data-testid=stMetricValue]').textContent"
                               ".replace(/,/g, '')) > 5")
        page.keyboard.press(" ")
        expect(page.locator(".st-key-play button").first).to_be_visible(timeout=WAIT)
