"""The "Inside one step" page in a real browser (Chromium via Playwright): every stage of the default 2-4-2-1
tanh network without an exception, the gradient check, and the README's screenshot. Fixtures (server,
browser, page) are in conftest.py."""
from playwright.sync_api import expect
from test_browser import FIRST_RUN_MS

from harness.browser import SHOTS

SCREENSHOT = SHOTS / "inside_step.png"
EXCEPTION = '[data-testid="stException"]'
STAGES = ["Forward, layer 1", "Forward, layer 2", "Forward, layer 3 (output)", "Loss", "Output error",
          "Backward, layer 3", "Backward, layer 2", "Backward, layer 1", "Update, layer 1 (sgd)",
          "Update, layer 2 (sgd)", "Update, layer 3 (sgd)", "After the step"]

# Put an element near the top of the view, below Streamlit's header (scroll its scrolling ancestor).
SCROLL_TO = """e => {
    let s = e.parentElement;
    while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) {
        s = s.parentElement;
    }
    s = s || document.scrollingElement;
    s.scrollTop += e.getBoundingClientRect().top - s.getBoundingClientRect().top - 90;
}"""


# What the screenshot needs: fonts loaded, no tooltip left from the Next button, the sketch laid out by Plotly,
# every table's grid painted (a canvas).
DRAWN = """() => document.fonts.status == "loaded" && !document.querySelector('[data-testid="stTooltipContent"]')
    && [...document.querySelectorAll('.st-key-inside_sketch .js-plotly-plot')].every(gd => gd._fullLayout)
    && [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(e => e.offsetWidth > 0)
        .every(e => [...e.querySelectorAll('canvas')].some(c => c.width > 0 && c.height > 0))"""


def button(page, key):
    # A keyed button's container holds two <button>s (only the first is displayed).
    return page.locator(f".st-key-{key} button").first


def settled(page):
    expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached()
    expect(page.locator(".stElementContainer[data-stale='true']")).to_have_count(0)


def stage_heading(page):
    return page.locator("h3").filter(has_text=f" / {len(STAGES)} · ")


def open_inside_step(page):
    """Open the app, then the page through the navigation, as a visitor would."""
    page.goto("/")
    expect(page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')).to_be_attached(
        timeout=FIRST_RUN_MS)
    settled(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Inside one step").click()
    expect(page.get_by_role("heading", name="Inside one step")).to_be_visible()
    expect(button(page, "inside_next")).to_be_visible()
    settled(page)


def test_walks_through_every_stage_and_checks_the_gradients(page):
    open_inside_step(page)
    expect(page.get_by_text("Network 2 → 4 → 2 → 1")).to_be_visible()
    expect(button(page, "inside_prev")).to_be_disabled()
    for i, title in enumerate(STAGES):
        expect(stage_heading(page)).to_have_text(f"{i + 1} / {len(STAGES)} · {title}")
        settled(page)
        expect(page.locator(EXCEPTION)).to_have_count(0)
        expect(page.locator(".katex").first).to_be_visible()                     # the formula is typeset
        expect(page.locator('[data-testid="stDataFrame"]').nth(1)).to_be_visible()  # and the numbers shown
        if title == "Backward, layer 2":
            page.locator(".st-key-inside_stage").evaluate(SCROLL_TO)
            page.mouse.move(0, 0)
            expect(page.locator(".st-key-inside_sketch .js-plotly-plot .main-svg").first).to_be_visible()
            page.wait_for_function(DRAWN, polling="raf")   # the sketch and the tables drawn
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        if i < len(STAGES) - 1:
            button(page, "inside_next").click()
    expect(button(page, "inside_next")).to_be_disabled()
    expect(page.get_by_text("cost after", exact=True)).to_be_visible()

    button(page, "inside_gc_run").click()
    settled(page)
    expect(page.get_by_text("Backprop agrees with central differences in every layer")).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert SCREENSHOT.stat().st_size > 20_000
