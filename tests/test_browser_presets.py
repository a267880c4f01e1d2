"""Presets in a real browser: a deep link on a server no one has visited yet opens through the app's navigation
(it used to run the page script alone, without the wide layout or the page titles), and a preset's link loads it,
after which the address is the setup's own."""
from conftest import CHROMIUM_ARGS, VIEWPORT  # noqa: F401  (fixtures come from conftest)
from playwright.sync_api import expect

from playground.config import Config
from playground.presets import PRESETS

NAV = '[data-testid="stSidebarNav"]'


def test_presets_deep_link_on_a_fresh_server_then_a_preset_loads(browser, fresh_app_url):
    context = browser.new_context(viewport=VIEWPORT, base_url=fresh_app_url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/presets")
        expect(page.get_by_role("heading", name="Presets")).to_be_visible()
        expect(page.locator(NAV).get_by_text("Inside one step")).to_be_visible()   # the app's page titles
        expect(page.locator(NAV).get_by_text("inside step")).to_have_count(0)      # not the folder's file names
        links = page.locator('[data-testid="stPageLink"]')
        expect(links).to_have_count(len(PRESETS))
        preset = PRESETS["dying_relu"]
        links.filter(has_text=preset.title).locator("a").first.click()
        expect(page.locator('[data-testid="stToast"]').get_by_text(preset.title)).to_be_visible()
        wanted = Config.from_query(preset.settings)[0].to_query()
        expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("0")
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
        expect(page.locator(ready).first).to_be_visible(timeout=30_000)
        page.wait_for_load_state("networkidle")
    assert outside == []
    assert page.evaluate("document.querySelector('link[rel~=icon]').href").startswith("http://127.0.0.1")
