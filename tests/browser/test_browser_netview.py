"""The network view on the Playground page in Chromium: it renders at 0 and at 8 hidden layers (screenshots in
artifacts/), a click on a neuron shows its map in place of the boundary, and the timeline slider is there."""
import math
import re

import pytest
from playwright.sync_api import expect
from test_browser import EXCEPTION, button, epoch, open_app, play_until, png_size

from harness.server import ROOT
from playground.figures.network.figure import AA_MAX_LINKS, NODE_TRACE

ARTIFACTS = ROOT / "artifacts"
NETVIEW = ".st-key-live_view .live .chart-net.js-plotly-plot"
BIG_MAP = ".st-key-live_view .live .chart-main"
EIGHT_BY_32 = "?layers=8&" + "&".join(f"h{i}=32" for i in range(1, 9))


def node_centres(page):
    """{(layer, unit): (x, y) on the page} of the network view's node markers."""
    return {tuple(k): tuple(v) for k, v in page.evaluate("""([sel, name]) => {
        const gd = document.querySelector(sel);
        const t = gd._fullData.find(d => d.name === name);
        const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
        return Array.from(t.customdata, (cd, i) => [Array.from(cd).map(Number), [r.x + t.x[i], r.y + t.y[i]]]);
    }""", [NETVIEW, NODE_TRACE])}


@pytest.mark.parametrize("name,query,sizes", [("0-hidden", "?layers=0", [2, 1]),
                                              ("8x32", EIGHT_BY_32, [2] + [32] * 8 + [1])])
def test_network_view_renders_at_0_and_8_hidden_layers(page, name, query, sizes):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1500, "height": 1800})
    open_app(page, query)
    view = page.locator(NETVIEW)
    expect(view.locator(".main-svg").first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert len(node_centres(page)) == sum(sizes)
    images = page.locator(f"{NETVIEW} image")
    links = sum(a * b for a, b in zip(sizes, sizes[1:]))
    if links > AA_MAX_LINKS:     # a dense net: one atlas of the maps, the links drawn in the browser, the biases
        assert images.count() == 3
        drawn = page.evaluate(f"() => decodeURIComponent(document.querySelectorAll('{NETVIEW} image')[1]"
                              ".getAttribute('href'))")
        # more than 2,000 links: each layer's strongest 15 % (at least 8) are drawn, not a grey mass of them all
        per_layer = [a * b for a, b in zip(sizes, sizes[1:])]
        assert drawn.count("M") == sum(min(n, max(8, math.ceil(0.15 * n))) for n in per_layer) < links / 5
        assert drawn.count("<path") == 2
        rows = page.evaluate(f"""() => {{ const gd = document.querySelector('{NETVIEW}');
            const t = gd._fullData.find(d => d.name === 'link values');
            return [t.customdata.length, Array.from(t.customdata[0]), Array.from(t.customdata[{links - 1}])]; }}""")
        assert rows[0] == links and len(rows[1]) == len(rows[2]) == 4     # [l, i, j, w], joined in the browser
        assert rows[2][:3] == [len(sizes) - 1, 32, 1]
    else:
        assert images.count() == sum(sizes) + 1           # one map per node, plus the links' SVG
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"network_view_{name}.png"
    page.locator(NETVIEW).screenshot(path=shot)
    width, height = png_size(shot)
    assert width == 900 and height >= 100
    assert errors == []


def test_clicking_a_neuron_shows_its_map_and_clicking_back_returns(page):
    open_app(page)
    play_until(page, 5)
    page.locator(NETVIEW).scroll_into_view_if_needed()
    x, y = node_centres(page)[(1, 2)]
    page.mouse.click(x + 4, y - 4)
    expect(page.locator(BIG_MAP)).to_contain_text("layer 1, neuron 3")
    expect(page.get_by_role("combobox", name="Map shown")).to_have_value("layer 1, neuron 3 (tanh)")
    button(page, "map_back").click()
    expect(page.locator(BIG_MAP)).not_to_contain_text("layer 1, neuron 3")
    expect(page.locator(f"{BIG_MAP}.js-plotly-plot")).to_be_visible()
    expect(button(page, "map_back")).to_have_count(0)
    assert epoch(page) > 5
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_clicking_a_link_picks_that_weight_in_the_editor(page):
    open_app(page)
    page.locator(NETVIEW).scroll_into_view_if_needed()
    # the link from neuron 3 of hidden layer 1 to neuron 2 of hidden layer 2: w[2](3→2), at its hover point
    x, y = page.evaluate("""([sel]) => {
        const gd = document.querySelector(sel);
        const t = gd._fullData.find(d => d.name === 'link values');
        const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
        const i = Array.from(t.customdata).findIndex(cd => cd[0] == 2 && cd[1] == 3 && cd[2] == 2);
        return [r.x + t.x[i], r.y + t.y[i]];
    }""", [NETVIEW])
    page.mouse.click(x, y)
    editor = page.locator(".st-key-editor")
    expect(editor.get_by_role("combobox", name="Layer")).to_have_value("H2")
    expect(editor.get_by_role("spinbutton", name="From")).to_have_value("3")
    expect(editor.get_by_role("spinbutton", name="To neuron")).to_have_value("2")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_timeline_slider_previews_an_earlier_epoch(page):
    open_app(page, "?stop_at=40")
    button(page, "play").click()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("40", timeout=30_000)
    slider = page.get_by_role("slider", name=re.compile("^Timeline"))
    expect(slider).to_be_visible()
    slider.focus()
    page.keyboard.press("Home")
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("0")
    expect(page.get_by_text("Showing epoch 0")).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
