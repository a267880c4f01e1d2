"""The live view's feed: what is sent per tick decodes (with tests/live_data.py, written apart from the feed) to the
figures and to the model's numbers; after the first message only what changed is sent, in far fewer bytes."""
import numpy as np
import plotly.io as pio
import pytest

from harness.live_data import apply, figures_of, messages, read
from harness.plotly_json import decode_png
from playground.live.feed import Feed, batch, flatten
from playground.live.frames import live_figures
from playground.live.loop import Loop
from playground.state.playground import Playground
from playground.state.view import View


def same(a, b):
    """Figures equal leaf by leaf (arrays by value, NaN equal to NaN)."""
    fa, fb = flatten(a), flatten(b)
    assert fa.keys() == fb.keys()
    for p in fa:
        x, y = fa[p], fb[p]
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            x, y = np.asarray(x), np.asarray(y)
            assert x.shape == y.shape, p
            assert np.array_equal(x.astype(np.float64), y.astype(np.float64), equal_nan=True), p
        else:
            assert x == (list(y) if isinstance(y, tuple) else y), p


@pytest.fixture
def playing():
    pg, view, loop = Playground(), View(), Loop()
    pg.play()
    return pg, view, loop


def tick(pg, view, loop, epochs=3):
    pg.train(epochs=epochs)
    figures = live_figures(pg, view, pg.grid())
    return figures, loop.feed.message(figures)


def test_first_message_is_full_and_decodes_to_the_figures(playing):
    pg, view, loop = playing
    figures, payload = tick(pg, view, loop)
    (message,) = messages(payload)
    header, _ = read(message)
    assert header["seq"] == 1 and header["base"] is None
    assert all(c["full"] for c in header["charts"].values())
    got = figures_of([payload])
    for name in ("main", "loss", "net"):
        same(got[name], figures[name])


def test_later_messages_send_only_what_changed_and_rebuild_the_same_figures(playing):
    pg, view, loop = playing
    pg.train(epochs=40)
    browser = {}
    for _ in range(6):
        figures, payload = tick(pg, view, loop)
        header = apply(browser, payload)
        for name in figures:
            same(browser[name], figures[name])
    changed = {name: [tuple(op[0]) for op in c["ops"]] for name, c in header["charts"].items()}
    # the boundary: its map image and its decision line; nothing of the axes, the legend or the points
    assert sorted(changed["main"]) == [("data", 0, "source"), ("layout", "images", 0, "source")]
    assert all(p[0] == "data" or p[:2] == ("layout", "xaxis") for p in changed["loss"])
    # the loss curve grows by its new points: appended, not sent again
    growing = [op for op in header["charts"]["loss"]["ops"] if op[1] == "+"]
    assert growing and all(op[2] > 0 for op in growing)


def test_a_network_view_sent_again_as_the_same_object_gives_the_same_messages(playing):
    """Frames that keep the network view pass the same figure object again; the feed then does not walk it again,
    and sends what it would send for an equal figure built anew."""
    import copy

    pg, view, loop = playing
    other = Loop()
    browser, browser2 = {}, {}
    net = None
    for i in range(8):
        pg.train(epochs=2)
        grid = pg.grid()
        figures = live_figures(pg, view, grid, net=net if i % 3 else None)
        net = figures["net"]
        rebuilt = {name: copy.deepcopy(fig) for name, fig in figures.items()}   # new objects, equal leaves
        a, b = loop.feed.message(figures), other.feed.message(rebuilt)
        assert a == b
        apply(browser, a)
        apply(browser2, b)
        same(browser["net"], figures["net"])
    assert loop.feed.last["net"][0] is net


def test_a_browser_that_missed_messages_within_the_window_still_applies_the_next(playing):
    pg, view, loop = playing
    browser = {}
    apply(browser, tick(pg, view, loop)[1])
    seen = 1
    for _ in range(Feed.WINDOW - 1):        # these never reach the browser
        tick(pg, view, loop)
    figures, payload = tick(pg, view, loop)
    header, _ = read(messages(payload)[0])
    assert header["base"] <= seen < header["seq"]
    apply(browser, payload)
    for name in figures:
        same(browser[name], figures[name])
    for _ in range(Feed.WINDOW + 1):
        figures, payload = tick(pg, view, loop)
    assert read(messages(payload)[0])[0]["base"] > header["seq"]   # too far behind: the browser asks to resync
    loop.feed.resync()
    figures, payload = tick(pg, view, loop)
    assert all(c["full"] for c in read(messages(payload)[0])[0]["charts"].values())


def test_a_hidden_chart_is_sent_as_none_and_comes_back_in_full(playing):
    pg, view, loop = playing
    browser = {}
    apply(browser, tick(pg, view, loop)[1])
    pg.config = pg.config.replace(netview=False)
    apply(browser, tick(pg, view, loop)[1])
    assert browser["net"] is None
    pg.config = pg.config.replace(netview=True)
    figures, payload = tick(pg, view, loop)
    header = apply(browser, payload)
    assert header["charts"]["net"]["full"] and not header["charts"]["main"].get("full")
    same(browser["net"], figures["net"])


def test_the_data_decodes_to_the_models_numbers(playing):
    pg, view, loop = playing
    payloads = [tick(pg, view, loop)[1] for _ in range(4)]
    got = figures_of(payloads)
    # the loss curve: the history's train loss per epoch (float32)
    h = pg.trainer.history
    train = next(t for t in got["loss"]["data"] if t["name"] == "train")
    assert list(train["x"]) == list(h.column("epoch"))
    np.testing.assert_array_equal(train["y"], h.column("train_loss").astype(np.float32))
    # the network view's link values: w[l](i→j) = model.weights[l-1][i-1, j-1]
    links = next(t for t in got["net"]["data"] if t["name"] == "link values")
    for layer, i, j, w in links["customdata"]:
        assert w == np.float32(pg.model.weights[int(layer) - 1][int(i) - 1, int(j) - 1])
    # the boundary's map: blue where the model says class 1, orange where it says class 0
    rgb = decode_png(got["main"]["data"][0]["source"]).astype(int)
    p = pg.grid().output[..., 0]
    assert rgb.shape[:2] == p.shape      # PNG row r is the grid's row r (x2 = grid.ys[r])
    blue_minus_red = rgb[..., 2] - rgb[..., 0]
    assert np.all(blue_minus_red[p > 0.9] > 0) and np.all(blue_minus_red[p < 0.1] < 0)


def test_a_tick_sends_what_changed_in_far_fewer_bytes_than_the_figures_as_json(playing):
    """What st.plotly_chart sent for the same three charts on every redraw: their JSON. (Against the figures
    as they were before the live view, a tick's bytes are measured by bench/load.py: bench/README.md.)"""
    pg, view, loop = playing
    first = tick(pg, view, loop)[1]
    for _ in range(5):
        figures, payload = tick(pg, view, loop)
    as_json = sum(len(pio.to_json(f, validate=False)) for f in figures.values())
    assert len(payload) * 2.5 <= as_json, (len(payload), as_json)
    assert len(payload) * 2 <= len(first)
    points = next(im for im in figures["main"]["layout"]["images"] if im.get("name") == "points")["source"]
    assert points.encode() in first and points.encode() not in payload      # the data points: sent once


def test_frames_batch_in_order(playing):
    pg, view, loop = playing
    frames = [tick(pg, view, loop)[1] for _ in range(3)]
    assert messages(batch(frames)) == frames
    assert [read(m)[0]["seq"] for m in messages(batch(frames))] == [1, 2, 3]
