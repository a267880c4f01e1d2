"""Two browsers on one server train different setups at once and never see each other's model, data or settings."""
import re

from playwright.sync_api import expect
from test_browser import EXCEPTION, button, epoch, open_app, pause, play, settle, wait_until

from harness.browser import TIMEOUT_MS, VIEWPORT

A = "?dataset=xor&activation=relu&layers=1&h1=3&seed=1"
B = "?dataset=gauss&activation=sigmoid&layers=3&h1=5&lr=0.1&batch=25"
NETWORK = '[data-testid="stCaptionContainer"]'


def tab(browser, app_url, query):
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    open_app(page, query)
    return context, page


def step(page, times):
    for _ in range(times):
        before = epoch(page)
        button(page, "step").click()
        expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text(f"{before + 1:,}")
        settle(page)


def own_setup(page, dataset, activation, network, url_has):
    expect(page.locator(".st-key-dataset input")).to_have_value(dataset)
    expect(page.locator(".st-key-activation input")).to_have_value(activation)
    expect(page.locator(NETWORK).filter(has_text="Network:")).to_contain_text(network)
    for part in url_has:
        expect(page).to_have_url(re.compile(rf"[?&]{re.escape(part)}(&|$)"))
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_two_tabs_train_their_own_setups(browser, app_url):
    (ca, a), (cb, b) = tab(browser, app_url, A), tab(browser, app_url, B)
    try:
        play(a)                                          # A plays while B steps by hand
        wait_until(lambda: epoch(a) > 5, timeout=30, message="A's epoch > 5")
        step(b, 4)
        assert epoch(b) == 4                             # A's training never moved B's counter
        assert epoch(a) > 5
        pause(a)
        paused_at = epoch(a)
        step(b, 3)
        assert epoch(b) == 7 and epoch(a) == paused_at   # B's steps never moved A's
        play(b)                                          # both play at once, then both pause
        play(a)
        wait_until(lambda: epoch(a) > paused_at + 10 and epoch(b) > 17, timeout=30, message="both train")
        pause(a)
        pause(b)
        own_setup(a, "XOR", "ReLU", "2 → 3 → 1", ["dataset=xor", "activation=relu", "layers=1", "h1=3"])
        own_setup(b, "Gaussian", "sigmoid", "2 → 5 → 2 → 2 → 1", ["dataset=gauss", "activation=sigmoid", "lr=0.1"])
        assert "xor" not in b.url and "gauss" not in a.url
        assert "batch 25" in b.locator(NETWORK).filter(has_text="Network:").inner_text()
        assert "batch 10" in a.locator(NETWORK).filter(has_text="Network:").inner_text()
    finally:
        ca.close()
        cb.close()
