"""Tests for playground/figures/loss.py: the loss chart, checked through the JSON that is sent to the browser."""
import numpy as np
import plotly.graph_objects as go
import pytest

from harness.plotly_json import DARK_PAGE, LIGHT_PAGE, contrast_ratio, decode, font_colors, spec
from playground.figures.loss import loss_figure
from playground.figures.palette import TRAIN_LINE
from playground.figures.style import figure_payload_bytes

# ---- loss_figure ------------------------------------------------------------------------------------------


def test_loss_downsampling_bounds_points_keeps_ends():
    epochs = np.arange(5000)
    train = 1.0 / (1.0 + epochs)
    test = train + 0.1
    s = spec(loss_figure(epochs, train, test, max_points=300))
    assert [t["name"] for t in s["data"]] == ["train", "test"]
    x = decode(s["data"][0]["x"])
    assert 2 <= len(x) <= 300 and x[0] == 0 and x[-1] == 4999 and np.all(np.diff(x) > 0)
    np.testing.assert_allclose(decode(s["data"][0]["y"]), train[x], rtol=1e-6)
    np.testing.assert_allclose(decode(s["data"][1]["y"]), test[x], rtol=1e-6)
    # payload does not grow with the length of training
    small = figure_payload_bytes(loss_figure(epochs, train, test, max_points=300))
    big = figure_payload_bytes(loss_figure(np.arange(200_000), np.ones(200_000), np.ones(200_000)))
    assert big < small * 1.5
    # below the limit nothing is dropped
    assert len(decode(spec(loss_figure(epochs[:120], train[:120]))["data"][0]["x"])) == 120


def test_loss_log_toggle_axes_and_height():
    epochs, train = np.arange(30.0), np.linspace(1, 0.1, 30)
    lin = spec(loss_figure(epochs, train))["layout"]
    log = spec(loss_figure(epochs, train, log_y=True, height=250))["layout"]
    assert log["yaxis"]["type"] == "log" and lin["yaxis"]["type"] == "linear"
    assert lin["height"] == 220 and log["height"] == 250
    assert lin["xaxis"]["title"]["text"] == "Epoch" and lin["yaxis"]["title"]["text"] == "Loss"
    assert lin["xaxis"]["range"] == [0.0, 29.0] and lin["xaxis"]["fixedrange"] is True
    assert spec(loss_figure(epochs[:3], train[:3]))["layout"]["xaxis"]["range"] == [0.0, 10.0]


def test_loss_test_series_omitted_when_missing_or_nan():
    epochs, train = np.arange(5), np.ones(5)
    for test in (None, [], np.full(5, np.nan)):
        s = spec(loss_figure(epochs, train, test))
        assert [t["name"] for t in s["data"]] == ["train"]
    s = spec(loss_figure(epochs, train, np.ones(5)))
    colours = [t["line"]["color"] for t in s["data"]]
    assert len(set(colours)) == 2 and colours[0] == TRAIN_LINE


def test_loss_single_point_still_renders():
    s = spec(loss_figure([0], [0.69], [0.7]))
    for t in s["data"]:
        assert "markers" in t["mode"] and len(decode(t["x"])) == 1
    lo, hi = s["layout"]["xaxis"]["range"]
    assert lo <= 0 < hi
    go.Figure(loss_figure([0], [0.69]).to_dict())


def test_a_loss_that_blew_up_past_float32_is_still_drawn():
    epochs = np.arange(4)
    train = np.array([0.5, 1e20, 1e120, 1e250])      # regression at learning rate 10, before it overflows
    y = decode(spec(loss_figure(epochs, train, log_y=True))["data"][0]["y"])
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, train, rtol=1e-12)


# ---- readable in the light and the dark theme -------------------------------------------------------------------


def test_loss_lines_and_marker_stand_out_on_a_light_and_a_dark_page():
    epochs = np.arange(50)
    s = spec(loss_figure(epochs, np.linspace(1, 0.1, 50), np.linspace(1.1, 0.2, 50), log_y=True, marker=20))
    colours = [t["line"]["color"] for t in s["data"]] + [sh["line"]["color"] for sh in s["layout"]["shapes"]]
    assert len(colours) == 3
    for colour in colours:
        for page in (LIGHT_PAGE, DARK_PAGE):
            assert contrast_ratio(colour, page) >= 3.0, f"{colour} on {page}: {contrast_ratio(colour, page):.2f}:1"
    # the theme decides the background and the text colours: none is fixed in the figure
    lay = s["layout"]
    assert font_colors(lay) == {}
    assert "paper_bgcolor" not in lay and "plot_bgcolor" not in lay
    assert lay["legend"].get("bgcolor", "rgba(0,0,0,0)") == "rgba(0,0,0,0)"


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000000", "#ffffff") == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48   # the classic 4.5:1 borderline grey
    assert contrast_ratio("#444444", DARK_PAGE) < 3.0                # the old train line, on a dark page


# ---- log axis: labelled ticks whatever the range ----------------------------------------------------------------


def log_ticks_seen(lay):
    """The labelled ticks a reader sees on the log y axis: (value, label) inside the axis range, and the axis's
    plot height in px."""
    y = lay["yaxis"]
    assert y["type"] == "log" and y["tickmode"] == "array" and y["autorange"] is False
    lo, hi = y["range"]
    seen = [(v, t) for v, t in zip(y["tickvals"], y["ticktext"]) if lo <= np.log10(v) <= hi]
    return seen, lay["height"] - lay["margin"]["t"] - lay["margin"]["b"]


@pytest.mark.parametrize("lo, hi", [(0.30, 0.45), (1e-4, 1.0), (0.69, 0.69), (0.05, 0.45), (0.01, 0.5)])
def test_log_loss_axis_always_has_labelled_ticks(lo, hi):
    epochs = np.arange(100)
    train = np.geomspace(hi, lo, 100)
    lay = spec(loss_figure(epochs, train, log_y=True))["layout"]
    seen, plot_h = log_ticks_seen(lay)
    assert 3 <= len(seen) <= plot_h / 24, seen
    values, labels = zip(*seen)
    assert len(set(labels)) == len(labels) and all(labels)
    # every line is inside the range, and the labels are ordered and at least 24 px apart
    ylo, yhi = lay["yaxis"]["range"]
    assert ylo < np.log10(lo) and np.log10(hi) < yhi
    gaps = np.diff(np.log10(values)) / (yhi - ylo) * plot_h
    assert np.all(gaps >= 24), gaps
    if (lo, hi) == (0.30, 0.45):
        assert list(labels) == ["0.30", "0.35", "0.40", "0.45"]
    if (lo, hi) == (1e-4, 1.0):
        np.testing.assert_allclose(values, [1e-4, 1e-3, 1e-2, 1e-1, 1.0])


def test_log_loss_axis_covers_the_test_series_too():
    epochs = np.arange(10)
    lay = spec(loss_figure(epochs, np.geomspace(0.5, 0.4, 10), np.geomspace(2.0, 0.6, 10), log_y=True))["layout"]
    lo, hi = lay["yaxis"]["range"]
    assert lo < np.log10(0.4) and np.log10(2.0) < hi


def test_zoomable_log_loss_axis_leaves_the_ticks_to_plotly():
    # the live view's loss chart can be zoomed: fixed tick values would not follow the view, plotly.js's own log
    # ticks do (round linear steps within a decade, every n-th power over many); a forced "D2" labelled nothing
    # within a decade
    epochs = np.arange(50)
    y = spec(loss_figure(epochs, np.geomspace(0.45, 0.30, 50), log_y=True, zoom=True))["layout"]["yaxis"]
    assert y["type"] == "log" and y["fixedrange"] is False
    assert not {"dtick", "tickvals", "tickmode", "range"} & set(y)
    # few enough ticks asked for that plotly.js never labels every digit of a decade (it does when a tick may
    # come each 0.3 decade or less: a span of at least a decade over nticks is then > 0.3) and labels at least 3
    plot_h = 300 - 44 - 40
    y = spec(loss_figure(epochs, np.geomspace(1.0, 1e-4, 50), log_y=True, zoom=True, height=300))["layout"]["yaxis"]
    assert 3 <= y["nticks"] and 1.0 / y["nticks"] > 0.3 and plot_h / y["nticks"] >= 24
