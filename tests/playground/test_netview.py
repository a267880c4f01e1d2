"""Tests for playground/figures/network/figure.py: the network diagram, built from real nn_core models and
grids and checked through the JSON sent to the browser (PNGs and the links SVG decoded here, expected colours
rebuilt from the core's own activations), plus a headless-Chromium render (errors, labels, hover, click).
Build and draw times are measured by bench/netview.py, not here."""
import itertools
import re
import urllib.parse

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from harness import nets
from harness.plotly_json import decode as _decode
from harness.plotly_json import decode_png, spec
from harness.server import ROOT
from nn_core.datasets import FEATURES, make_features
from nn_core.grid import evaluate_grid
from playground.figures import palette as P
from playground.figures.network import figure as NV
from playground.figures.network import geometry as NG

N = 40  # grid resolution: small, so the tests are fast
ARTIFACTS = ROOT / "artifacts"   # ignored by git


def make_net(sizes, activation="tanh", output="sigmoid", seed=0, features=None):
    """A network with random weights and biases of both signs (one bias and one weight exactly 0), and its grid."""
    return nets.make_net(sizes, N, activation, output, seed, features)


def decode(arr):
    return _decode(arr, allow_list=True)


def trace(s, name):
    found = [t for t in s["data"] if t.get("name") == name]
    assert len(found) == 1, f"expected one trace named {name!r}"
    return found[0]


def nodes(s):
    """{(layer, unit): (cx, cy)} and the node side, from the node marker trace."""
    t = trace(s, NV.NODE_TRACE)
    pos = {tuple(int(v) for v in cd): (x, y) for cd, x, y in zip(t["customdata"], t["x"], t["y"])}
    return pos, float(t["marker"]["size"])


def svg_paths(s):
    """{class: (fill, path data)} of the links/biases SVG (the last layout image)."""
    src = s["layout"]["images"][-1]["source"]
    prefix = "data:image/svg+xml,"
    assert src.startswith(prefix)
    svg = urllib.parse.unquote(src[len(prefix):])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    scale = re.search(r"viewBox='0 0 ([\d.]+) ", svg).group(1)
    width = re.search(r"width='([\d.]+)'", svg).group(1)
    assert float(scale) / float(width) == pytest.approx(NV.SVG_SCALE, rel=1e-3)
    return {m.group(1): (m.group(2), m.group(3))
            for m in re.finditer(r"<path class='([^']+)' fill='([^']+)'[^>]* d='([^']*)'/>", svg)}


def bands(d):
    """(x0, y0, x1, y1, perpendicular width) in px of every band 'M x y l dx dy v h l -dx -dy z' in ``d``."""
    rows = re.findall(r"M(-?\d+) (-?\d+)l(-?\d+) (-?\d+)v(-?\d+)l(-?\d+) (-?\d+)z", d)
    assert len(rows) == d.count("M")
    a = np.array(rows, dtype=np.float64) / NV.SVG_SCALE
    x0, ytop, dx, dy, h = a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4]
    np.testing.assert_array_equal(a[:, 5], -dx)   # closed parallelogram with vertical ends
    np.testing.assert_array_equal(a[:, 6], -dy)
    y0 = ytop + h / 2
    return np.column_stack([x0, y0, x0 + dx, y0 + dy, h * dx / np.hypot(dx, dy)])


def rgb(hex_color):
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


def css_rgb(text):
    return np.array([int(v) for v in re.match(r"rgb\((\d+),(\d+),(\d+)\)", text).groups()], dtype=np.float64)


# ---- node maps -----------------------------------------------------------------------------------------------
CASES = {
    "tanh-sigmoid": dict(sizes=[2, 4, 2, 1]),
    "relu-7features": dict(sizes=[7, 5, 3, 1], activation="relu"),
    "sigmoid-softmax": dict(sizes=[3, 4, 3], activation="sigmoid", output="softmax"),
    "sine-linear": dict(sizes=[4, 3, 1], activation="sine", output="linear"),
    "elu-tanh": dict(sizes=[2, 6, 1], activation="elu", output="tanh"),
}


def expected_range(model, grid, layer, unit):
    """The documented colour range, computed here from the core's grid values."""
    last = len(model.sizes) - 1
    if layer == 0:
        m = np.abs(grid.layers[0][..., unit]).max()
        return -m, m
    if layer == last:
        return {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "linear": (-1.0, 1.0)}[model.output]
    if model.activation in ("tanh", "sine"):
        return -1.0, 1.0
    if model.activation == "sigmoid":
        return 0.0, 1.0
    m = np.abs(grid.layers[layer]).max()
    return -m, m


@pytest.mark.parametrize("case", list(CASES))
def test_node_maps_are_the_core_activations_at_the_sampled_grid_points(case):
    model, grid, feats = make_net(**CASES[case])
    fig = NV.network_figure(model, grid, feats)
    s = spec(fig)
    pos, side = nodes(s)
    images = s["layout"]["images"][:-1]
    assert len(images) == sum(model.sizes) == len(pos)
    by_corner = {(round(im["x"], 6), round(im["y"], 6)): im for im in images}
    for (layer, unit), (cx, cy) in pos.items():
        im = by_corner[(round(cx - side / 2, 6), round(cy - side / 2, 6))]   # the image covers the node box
        assert im["sizex"] == im["sizey"] == side and im["xref"] == "x" and im["yref"] == "y"
        assert im["layer"] == "below"
        px = decode_png(im["source"]).astype(np.float64)
        m = px.shape[0]
        assert px.shape == (m, m, 3) and NG.MAP_MIN <= m <= NG.MAP_MAX
        # the sampled grid points: columns evenly over x1, rows from the top (largest x2) down
        idx = np.rint(np.linspace(0, N - 1, m)).astype(int)
        x1 = grid.xs[idx]
        x2 = grid.ys[idx][::-1]
        gx, gy = np.meshgrid(x1, x2)
        points = np.column_stack([gx.ravel(), gy.ravel()])
        values = model.layer_outputs(make_features(points, feats))[layer][:, unit].reshape(m, m)
        np.testing.assert_allclose(values, grid.layers[layer][np.ix_(idx[::-1], idx)][..., unit], atol=1e-12)
        if model.output == "softmax" and layer == len(model.sizes) - 1:
            neutral, full = rgb(P.NEUTRAL), rgb(P.BACKGROUND_COLORS[unit])
            want = neutral + np.clip(values, 0, 1)[..., None] * (full - neutral)
        else:
            lo, hi = expected_range(model, grid, layer, unit)
            t = np.clip((values - lo) / (hi - lo), 0, 1) * 2 - 1
            neutral = rgb(P.NEUTRAL)
            side_colour = np.where((t > 0)[..., None], rgb(P.BACKGROUND_COLORS[1]), rgb(P.BACKGROUND_COLORS[0]))
            want = neutral + np.abs(t)[..., None] * (side_colour - neutral)
            # monotone: orange (red channel high) for low values to blue (red channel low) for high values
            order = np.argsort(values.ravel(), kind="stable")
            red = px[..., 0].ravel()[order]
            assert np.all(np.diff(red) <= 1), f"node {(layer, unit)}: colour not monotone in the value"
        assert np.abs(px - np.rint(want)).max() <= 1, f"node {(layer, unit)} of {case}"


def test_feature_maps_are_oriented_like_the_plane():
    model, grid, feats = make_net([2, 3, 1])
    s = spec(NV.network_figure(model, grid, feats))
    pos, side = nodes(s)
    images = {(im["x"], im["y"]): decode_png(im["source"]).astype(int) for im in s["layout"]["images"][:-1]}
    x1 = images[(pos[(0, 0)][0] - side / 2, pos[(0, 0)][1] - side / 2)]
    x2 = images[(pos[(0, 1)][0] - side / 2, pos[(0, 1)][1] - side / 2)]
    # x1 grows to the right: orange on the left, blue on the right; x2 grows upwards: blue on top
    assert (np.diff(x1[..., 0], axis=1) <= 0).all() and x1[0, 0, 0] > x1[0, -1, 0]
    assert (np.diff(x2[..., 0], axis=0) >= 0).all() and x2[0, 0, 0] < x2[-1, 0, 0]
    np.testing.assert_array_equal(x1[0, -1], rgb(P.BACKGROUND_COLORS[1]))     # x1 = +6 at full blue
    np.testing.assert_array_equal(x2[-1, 0], rgb(P.BACKGROUND_COLORS[0]))     # x2 = -6 at full orange


# ---- links ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sizes", [[2, 4, 2, 1], [3, 8, 8, 8, 2]])
def test_links_one_band_per_weight_width_by_abs_w_colour_by_sign(sizes):
    model, grid, feats = make_net(sizes, output="softmax" if sizes[-1] > 1 else "sigmoid")
    s = spec(NV.network_figure(model, grid, feats))
    pos, side = nodes(s)
    paths = svg_paths(s)
    thin, thick = NV.link_widths(max(sizes))
    seen = {}
    for cls, sign_colour in (("links-", P.ORANGE), ("links+", P.BLUE)):
        fill, d = paths[cls]
        np.testing.assert_array_equal(css_rgb(fill), rgb(sign_colour))
        for x0, y0, x1, y1, width in bands(d):
            # the band runs from the right edge of a node to the left edge of a node in the next column
            src = [k for k, (cx, cy) in pos.items() if abs(cx + side / 2 - x0) < 0.06 and abs(cy - y0) < 0.11]
            dst = [k for k, (cx, cy) in pos.items() if abs(cx - side / 2 - x1) < 0.06 and abs(cy - y1) < 0.11]
            assert len(src) == 1 and len(dst) == 1 and dst[0][0] == src[0][0] + 1
            key = (src[0][0], src[0][1], dst[0][1])
            assert key not in seen
            seen[key] = (cls, width)
    assert len(seen) == sum(W.size for W in model.weights)          # every weight exactly once
    for k, W in enumerate(model.weights):
        w = np.array([W[i, j] for i, j in itertools.product(range(W.shape[0]), range(W.shape[1]))])
        got = np.array([seen[(k, i, j)][1] for i, j in itertools.product(range(W.shape[0]), range(W.shape[1]))])
        cls = [seen[(k, i, j)][0] for i, j in itertools.product(range(W.shape[0]), range(W.shape[1]))]
        assert cls == ["links-" if v < 0 else "links+" for v in w]
        np.testing.assert_allclose(got, thin + (thick - thin) * np.abs(w) / np.abs(w).max(), atol=0.12)
        order = np.argsort(np.abs(w), kind="stable")
        assert np.all(np.diff(got[order]) >= -0.12), "widths not ordered like |w|"
        assert got[np.argmax(np.abs(w))] > got[np.argmin(np.abs(w))] + 0.5


def test_link_hover_points_carry_the_weights_exactly():
    model, grid, feats = make_net([2, 4, 2, 1])
    s = spec(NV.network_figure(model, grid, feats))
    pos, side = nodes(s)
    t = trace(s, NV.LINK_HOVER_TRACE)
    assert t["mode"] == "none" and t["type"] == "scatter"
    assert "w[%{customdata[0]}](%{customdata[1]}→%{customdata[2]}) = %{customdata[3]" in t["hovertemplate"]
    cd, x, y = decode(t["customdata"]), decode(t["x"]), decode(t["y"])
    assert cd.shape == (sum(W.size for W in model.weights), 4) and cd.dtype == np.float32
    keys = set()
    for (layer, i, j, w), hx, hy in zip(cd, x, y):
        layer, i, j = int(layer), int(i), int(j)
        assert w == np.float32(model.weights[layer - 1][i - 1, j - 1])     # 1-based i, j into layer `layer`
        keys.add((layer, i, j))
        # the point is on that link, strictly between its ends
        (ax, ay), (bx, by) = pos[(layer - 1, i - 1)], pos[(layer, j - 1)]
        ax, bx = ax + side / 2, bx - side / 2
        u = (hx - ax) / (bx - ax)
        assert 0.25 < u < 0.75 and hy == pytest.approx(ay + u * (by - ay), abs=1e-3)
    assert len(keys) == len(cd)
    assert len({(round(float(a), 2), round(float(b), 2)) for a, b in zip(x, y)}) == len(cd)   # no shared points


# ---- nodes, biases, selection --------------------------------------------------------------------------------
def test_node_markers_identify_every_node_once_with_bias_hover():
    model, grid, feats = make_net([3, 5, 4, 2], output="softmax")
    s = spec(NV.network_figure(model, grid, feats))
    t = trace(s, NV.NODE_TRACE)
    cds = [tuple(c) for c in t["customdata"]]
    assert sorted(cds) == [(layer, u) for layer, n in enumerate(model.sizes) for u in range(n)]
    assert t["mode"] == "markers" and t["marker"]["symbol"] == "square"
    assert t["selected"]["marker"]["opacity"] == t["unselected"]["marker"]["opacity"] == 1.0
    for (layer, unit), text in zip(cds, t["hovertext"]):
        if layer == 0:
            assert FEATURES[feats[unit]]["label"] in text and "layer 0" in text
        else:
            assert f"layer {layer}" in text and f"bias b = {model.biases[layer - 1][0, unit]:.4g}" in text
    assert "class 1" in t["hovertext"][cds.index((3, 1))]


def test_bias_squares_on_the_corners_coloured_by_sign_sized_by_abs_b():
    model, grid, feats = make_net([2, 6, 3, 1])
    s = spec(NV.network_figure(model, grid, feats))
    pos, side = nodes(s)
    paths = svg_paths(s)
    corners = {}
    for cls, colour in (("biases-", P.ORANGE), ("biases0", NV.ZERO), ("biases+", P.BLUE)):
        fill, d = paths[cls]
        np.testing.assert_array_equal(css_rgb(fill), rgb(colour))
        for x, y, q in re.findall(r"M(-?\d+) (-?\d+)h(\d+)v", d):
            q = int(q) / NV.SVG_SCALE
            cx, cy = int(x) / NV.SVG_SCALE + q / 2, int(y) / NV.SVG_SCALE + q / 2
            node = [k for k, (nx, ny) in pos.items()
                    if abs(nx - side / 2 - cx) < 0.11 and abs(ny + side / 2 - cy) < 0.11]
            assert len(node) == 1
            corners[node[0]] = (cls, q)
    assert sorted(corners) == [(layer, u) for layer in range(1, 4) for u in range(model.sizes[layer])]
    for layer in range(1, 4):
        b = model.biases[layer - 1][0]
        for u, v in enumerate(b):
            assert corners[(layer, u)][0] == ("biases-" if v < 0 else "biases0" if v == 0 else "biases+")
        q = np.array([corners[(layer, u)][1] for u in range(b.size)])
        assert np.all(np.diff(q[np.argsort(np.abs(b))]) >= -0.11)
        assert corners[(1, 0)][1] < q.max() if layer == 1 else True     # the zero bias is the smallest


def test_selected_node_gets_an_outline():
    model, grid, feats = make_net([2, 4, 2, 1])
    assert spec(NV.network_figure(model, grid, feats))["layout"].get("shapes", []) == []
    s = spec(NV.network_figure(model, grid, feats, selected=(1, 3)))
    pos, side = nodes(s)
    cx, cy = pos[(1, 3)]
    assert len(s["layout"]["shapes"]) == 2    # a white halo and a dark line: visible on light and dark themes
    for shape in s["layout"]["shapes"]:
        assert shape["type"] == "rect" and shape["xref"] == "x" and shape["yref"] == "y"
        assert (shape["x0"] + shape["x1"]) / 2 == pytest.approx(cx)
        assert (shape["y0"] + shape["y1"]) / 2 == pytest.approx(cy)
        assert side < shape["x1"] - shape["x0"] < side + 8
    for stale in [(1, 4), (7, 0), (-1, 0)]:   # a selection from an older architecture is ignored
        assert spec(NV.network_figure(model, grid, feats, selected=stale))["layout"].get("shapes", []) == []


# ---- layout, sizes, extremes ---------------------------------------------------------------------------------
def boxes_disjoint(pos, side, gap=1.0):
    centres = np.array(list(pos.values()))
    d = np.abs(centres[:, None, :] - centres[None, :, :]).max(axis=2)
    np.fill_diagonal(d, np.inf)
    return d.min() >= side + gap


def text_boxes(s):
    """Estimated boxes (x0, x1, y0, y1) of the labels: 0.62 em per character, 1 em high."""
    t = trace(s, "labels")
    size = t["textfont"]["size"]
    out = []
    for x, y, text, where in zip(t["x"], t["y"], t["text"], t["textposition"]):
        w = 0.62 * size * len(text)
        x0 = x - w if where == "middle left" else x - w / 2
        out.append((x0, x0 + w, y - size / 2, y + size / 2))
    return out


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


@pytest.mark.parametrize("sizes,width", [([2, 1], 900), ([2, 4, 2, 1], 900), ([2, 8, 8, 8, 1], 900),
                                         ([7] + [32] * 8 + [1], 900), ([7] + [32] * 8 + [1], 500),
                                         ([7] + [32] * 8 + [6], 700), ([7, 1, 1], 300)])
def test_readable_from_0_to_8_hidden_layers_of_32(sizes, width):
    model, grid, feats = make_net(sizes, output="softmax" if sizes[-1] > 1 else "sigmoid")
    fig = NV.network_figure(model, grid, feats, width=width)
    go.Figure(fig.to_dict())               # every property name and value passes plotly's validation
    s = spec(fig)
    lay = s["layout"]
    pos, side = nodes(s)
    assert len(pos) == sum(sizes)
    assert boxes_disjoint(pos, side)
    if width >= 500:
        assert side >= NG.NODE_MIN
    # everything inside the fixed plot area, which is the figure minus the small margins
    margin = lay["margin"]
    pw, ph = lay["width"] - margin["l"] - margin["r"], lay["height"] - margin["t"] - margin["b"]
    assert lay["xaxis"]["range"] == [0, pw] and lay["yaxis"]["range"] == [ph, 0]
    for cx, cy in pos.values():
        assert side / 2 <= cx <= pw - side / 2 and side / 2 < cy < ph - side / 2
    assert lay["height"] <= NG.MAX_HEIGHT and lay["width"] == width
    # labels: no two overlap, none covers a node box
    boxes = text_boxes(s)
    assert not any(overlaps(a, b) for a, b in itertools.combinations(boxes, 2))
    node_boxes = [(cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2) for cx, cy in pos.values()]
    assert not any(overlaps(a, b) for a in boxes for b in node_boxes)
    assert all(b[0] >= -2 and b[1] <= pw + 2 for b in boxes)
    assert len(fig.data) == 3
    dense = sum(W.size for W in model.weights) > NV.AA_MAX_LINKS   # dense nets: links drawn without anti-aliasing
    assert ("optimizeSpeed" in lay["images"][-1]["source"]) == dense


def test_layout_is_still():
    model, grid, feats = make_net([2, 4, 2, 1])
    fig = NV.network_figure(model, grid, feats)
    lay = spec(fig)["layout"]
    for ax in ("xaxis", "yaxis"):
        assert lay[ax]["fixedrange"] is True and lay[ax]["autorange"] is False and lay[ax]["visible"] is False
    assert lay["dragmode"] is False and lay["hovermode"] == "closest" and lay["showlegend"] is False
    assert max(lay["margin"].values()) <= 8
    assert len(lay["template"].get("layout", {})) == 0 and not lay["template"].get("data")
    assert "frames" not in spec(fig) and "transition" not in lay
    # height follows the tallest column, not the width
    assert NV.network_figure(model, grid, feats, width=600).layout.height == lay["height"]
    assert NV.network_figure(*make_net([2, 8, 1])[::1][:2], ["x1", "x2"]).layout.height > lay["height"]


def test_nan_model_builds():
    model, grid, feats = make_net([2, 3, 1])
    params = model.get_params()
    params[0][0, 0] = np.nan
    params[1][0, 1] = np.inf
    model.set_params(params)
    with np.errstate(all="ignore"):
        grid = evaluate_grid(model, feats, n=N)
    s = spec(NV.network_figure(model, grid, feats))
    assert len(s["layout"]["images"]) == sum(model.sizes) + 1


def test_rejects_a_grid_of_another_network():
    model, _, feats = make_net([2, 4, 1])
    _, other, _ = make_net([2, 3, 1])
    with pytest.raises(ValueError, match="do not match"):
        NV.network_figure(model, other, feats)


# ---- in a browser --------------------------------------------------------------------------------------------
DRAW = """async (spec) => {
    const gd = document.getElementById('g'); Plotly.purge(gd); const f = JSON.parse(spec);
    await Plotly.newPlot(gd, f.data, f.layout, {displayModeBar: false}); }"""


@pytest.fixture(scope="module")
def plot_page(browser, tmp_path_factory):
    """A blank page with plotly.js (the version plotly.py bundles), collecting page errors."""
    from plotly.offline import get_plotlyjs

    html = tmp_path_factory.mktemp("netview") / "plot.html"
    html.write_text("<html><head><meta charset='utf-8'><script>" + get_plotlyjs()
                    + "</script></head><body style='margin:0'><div id='g'></div></body></html>")
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(html.as_uri())
    yield page
    page.close()


def plot_origin(page):
    r = page.evaluate("(() => { const r = document.querySelector('#g .nsewdrag').getBoundingClientRect();"
                      " return [r.x, r.y]; })()")
    return r[0], r[1]


HOVER_TEXT = "() => Array.from(document.querySelectorAll('.hovertext')).map(e => e.textContent)"


def hover_text(page, after=None):
    """The hover labels' texts, once Plotly shows a label (other than `after`, the texts of the last hover)."""
    return page.wait_for_function(f"prev => {{ const t = ({HOVER_TEXT})(); "
                                  "return t.length > 0 && JSON.stringify(t) != JSON.stringify(prev) && t; }",
                                  arg=after).json_value()


@pytest.mark.parametrize("name,sizes", [("0-hidden", [2, 1]), ("default", [2, 4, 2, 1]), ("3x8", [2, 8, 8, 8, 1]),
                                        ("8x32", [7] + [32] * 8 + [1])])
def test_renders_in_chromium(plot_page, name, sizes):
    model, grid, feats = make_net(sizes, activation="tanh")
    fig = NV.network_figure(model, grid, feats, selected=(1, 0) if len(sizes) > 2 else None)
    plot_page.evaluate(DRAW, pio.to_json(fig, validate=False))
    assert plot_page.errors == []
    lay = fig.layout
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"netview_{name}.png"
    plot_page.screenshot(path=shot, clip={"x": 0, "y": 0, "width": lay.width, "height": lay.height})
    counts = plot_page.evaluate("""(() => ({images: document.querySelectorAll('#g image').length,
        labels: Array.from(document.querySelectorAll('#g .textpoint text')).map(t => {
            const b = t.getBoundingClientRect(); return [b.left, b.right, b.top, b.bottom]; })}))()""")
    assert counts["images"] == sum(sizes) + 1
    labels = [b for b in counts["labels"] if b[1] > b[0]]
    assert len(labels) == len(sizes) + sizes[0]
    assert not any(overlaps(a, b) for a, b in itertools.combinations(labels, 2)), "labels overlap on screen"


def test_hover_and_click_in_chromium(plot_page):
    model, grid, feats = make_net([2, 4, 2, 1])
    fig = NV.network_figure(model, grid, feats)
    s = spec(fig)
    s["layout"].update(clickmode="event+select", dragmode="pan")   # what st.plotly_chart(on_select=...) sets
    plot_page.evaluate("""async (f) => { const gd = document.getElementById('g'); Plotly.purge(gd); window.SEL = [];
        await Plotly.newPlot(gd, f.data, f.layout, {displayModeBar: false});
        gd.on('plotly_selected', e => { if (e) SEL.push(e.points.map(p => ({curve_number: p.curveNumber,
            customdata: Array.from(p.customdata)}))); }); }""", s)
    ox, oy = plot_origin(plot_page)
    hover = trace(s, NV.LINK_HOVER_TRACE)
    cd, hx, hy = decode(hover["customdata"]), decode(hover["x"]), decode(hover["y"])
    k = int(np.flatnonzero((cd[:, 0] == 2) & (cd[:, 1] == 3) & (cd[:, 2] == 1))[0])
    plot_page.mouse.move(ox + float(hx[k]), oy + float(hy[k]))
    text = hover_text(plot_page)
    w = model.weights[1][2, 0]
    assert len(text) == 1 and text[0].startswith("w[2](3→1) = ")
    assert float(text[0].split("= ")[1].replace("−", "-")) == pytest.approx(w, rel=1e-3)
    pos, side = nodes(s)
    cx, cy = pos[(1, 2)]
    plot_page.mouse.move(ox + cx + side / 4, oy + cy - side / 4)
    text = hover_text(plot_page, after=text)
    assert len(text) == 1 and text[0].startswith("layer 1, neuron 3") and "bias b" in text[0]
    plot_page.mouse.click(ox + cx + side / 4, oy + cy - side / 4)
    plot_page.wait_for_function("() => SEL.length > 0")   # Plotly has told of the selection (plotly_selected)
    selections = plot_page.evaluate("SEL")
    node_curve = [trace.get("name") for trace in s["data"]].index(NV.NODE_TRACE)
    picked = [tuple(p["customdata"]) for p in (selections or [[]])[-1] if p["curve_number"] == node_curve]
    assert selections and picked[:1] == [(1, 2)]
    assert plot_page.errors == []


# ---- compact form (the live view) ----------------------------------------------------------------------------


def test_compact_dense_net_sends_one_map_atlas_and_link_codes():
    sizes = [2] + [32] * 3 + [1]
    model, grid, feats = make_net(sizes)
    s = spec(NV.network_figure(model, grid, feats, width=900, compact=True))
    plain = spec(NV.network_figure(model, grid, feats, width=900))
    names = [im.get("name") for im in s["layout"]["images"]]
    assert names == ["maps", "links", "biases"]
    # the atlas shows every node's map where the per-node image of the plain figure is
    atlas_img = s["layout"]["images"][0]
    atlas = decode_png(atlas_img["source"])
    assert atlas.shape[2] == 4
    scale = atlas.shape[1] / atlas_img["sizex"]
    pos, side = nodes(s)
    per_node = plain["layout"]["images"][:sum(sizes)]
    for (layer, unit), im in zip(sorted(pos, key=lambda k: (k[0], k[1])), per_node):
        rgb = decode_png(im["source"])
        m = rgb.shape[0]
        r0, c0 = int(round(im["y"] * scale)), int(round(im["x"] * scale))
        assert np.array_equal(atlas[r0:r0 + m, c0:c0 + m, :3], rgb), (layer, unit)
        assert (atlas[r0:r0 + m, c0:c0 + m, 3] == 255).all()
    assert (atlas[..., 3] == 0).mean() > 0.5          # the rest is transparent
    # links: one int8 code per weight, sign of w and |w| relative to its matrix's largest
    links = s["layout"]["meta"]["links"]
    code = decode(links["code"]).astype(int)
    w = np.concatenate([W.ravel() for W in model.weights])
    r = np.concatenate([np.abs(W.ravel()) / np.abs(W).max() for W in model.weights])
    assert len(code) == len(w) > NV.AA_MAX_LINKS
    assert np.all((code < 0) == (w < 0))
    assert np.all(np.abs(np.abs(code) - NV.LINK_CODE * r) <= 1)
    assert links["image"] == 1 and "path" not in urllib.parse.unquote(s["layout"]["images"][1]["source"])
    # link hover: [l, i, j] as int16 in the trace, w as float32 in meta (joined in the browser)
    hover = trace(s, NV.LINK_HOVER_TRACE)
    cd = decode(hover["customdata"])
    assert cd.dtype == np.int16 and cd.shape == (len(w), 3)
    assert np.array_equal(decode(links["wv"]), w.astype(np.float32))
    assert links["trace"] == s["data"].index(hover)
    for (layer, i, j), value in zip(cd[::997], w[::997]):
        assert value == model.weights[layer - 1][i - 1, j - 1]
    biases = urllib.parse.unquote(s["layout"]["images"][2]["source"])
    assert "class='biases" in biases and "class='links" not in biases


def test_compact_small_net_is_the_plain_figure():
    model, grid, feats = make_net([2, 4, 2, 1])
    assert spec(NV.network_figure(model, grid, feats, compact=True)) == spec(NV.network_figure(model, grid, feats))
