"""The live view in Chromium: one component mounted once and updated in place while playing; a zoom survives
the redraws; nothing fades or moves; Pause stops every update; no page errors."""
import time

from playwright.sync_api import expect
from test_browser import BOUNDARY, EXCEPTION, LIVE, LOSS, epoch, open_app, pause, play, wait_until

COUNTERS = f"() => {{ const d = document.querySelector('{LIVE}').dataset; " \
           "return {mounts: +d.mounts, frames: +(d.frames || 0), calls: +(d.calls || 0)}; }"


def counters(page):
    return page.evaluate(COUNTERS)


def hrefs(page):
    return page.locator(f"{BOUNDARY} image").evaluate_all("es => es.map(e => e.getAttribute('href'))")


def test_mounted_once_and_updated_in_place_while_playing(page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_app(page)
    before = counters(page)
    page.evaluate(f"() => {{ document.querySelector('{BOUNDARY}').__probe = 'first' }}")
    drawn = hrefs(page)
    play(page)
    wait_until(lambda: counters(page)["frames"] >= before["frames"] + 30, timeout=30, message="30 frames")
    now = counters(page)
    assert now["mounts"] == 1                                       # the same component all along...
    assert page.evaluate(f"() => document.querySelector('{BOUNDARY}').__probe") == "first"  # and the same chart
    assert hrefs(page) != drawn                                     # whose images changed
    pause(page)
    assert errors == []
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_pause_stops_every_update(page):
    open_app(page)
    play(page)
    wait_until(lambda: counters(page)["frames"] >= 10, timeout=30, message="10 frames")
    pause(page)
    shown(page)
    frames, drawn = counters(page)["frames"], hrefs(page)
    time.sleep(2.0)   # the window in which nothing may change
    assert counters(page)["frames"] == frames and hrefs(page) == drawn


def shown(page):
    """The run is over and the live view has shown all it received: no frame queued (live.js: data-queued), the
    charts drawn, no redraw pending (data-fit). Looked at after two animation frames, so that a component call that
    the run's last message started has been made."""
    expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    expect(page.locator(f'{LIVE}[data-queued="0"][data-fit="true"]')).to_be_attached()


def settled_boxes(page, selectors):
    """The elements' boxes once the page is laid out: the charts fit themselves to the window after the first run
    (fonts, sidebar), which is not a move while playing. Fonts loaded, the run over, the live view showing all it
    received at the sizes the page gives it (data-fit)."""
    page.evaluate("() => document.fonts.ready.then(() => true)")
    shown(page)
    return {sel: page.locator(sel).bounding_box() for sel in selectors}


def test_nothing_fades_or_moves_while_playing(page):
    open_app(page)
    boxes = settled_boxes(page, (BOUNDARY, LOSS))
    play(page)
    faded, moved = 0, []
    for _ in range(20):
        time.sleep(0.15)
        faded += page.evaluate("""() => Array.from(document.querySelectorAll('.stMain .stElementContainer'))
            .filter(e => parseFloat(getComputedStyle(e).opacity) < 0.99).length""")
        for sel, box in boxes.items():
            now = page.locator(sel).bounding_box()
            if abs(now["x"] - box["x"]) > 1 or abs(now["y"] - box["y"]) > 1:
                moved.append((sel, box, now))
    pause(page)
    assert faded == 0
    assert moved == []


def test_a_zoom_on_the_loss_chart_survives_the_redraws(page):
    open_app(page)
    play(page)
    wait_until(lambda: counters(page)["frames"] >= 10, timeout=30, message="10 frames")
    get_range = f"() => document.querySelector('{LOSS}')._fullLayout.xaxis.range.slice()"
    box = page.locator(f"{LOSS} .nsewdrag").bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.2
    full = page.evaluate(get_range)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + box["width"] * 0.3, y0 + box["height"] * 0.5, steps=5)
    page.mouse.up()
    zoomed, frames, at = page.evaluate(get_range), counters(page)["frames"], epoch(page)
    assert zoomed != full and zoomed[0] > 1 and zoomed[1] < at     # a window inside the epochs trained
    # training goes on past the zoomed range (the x axis would follow it) while the chart keeps the zoom
    wait_until(lambda: counters(page)["frames"] >= frames + 15 and epoch(page) > at + 20, timeout=60,
               message="15 more frames and 20 more epochs")
    assert page.evaluate(get_range) == zoomed
    pause(page)
