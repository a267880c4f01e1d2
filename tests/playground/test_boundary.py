"""Tests for playground/figures/boundary.py (and the data points it draws, playground/figures/points.py): figures
built from real nn_core models, grids and datasets, checked through the JSON that is sent to the browser (decoded
independently of the module under test)."""
import re
import urllib.parse

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from harness.plotly_json import (
    DARK_PAGE,
    LIGHT_PAGE,
    contrast_ratio,
    decode,
    decode_png,
    font_colors,
    painted_colour,
    relative_luminance,
    spec,
    svg_circles,
    svg_root,
)
from nn_core import Network
from nn_core.datasets import PLANE, make_dataset, train_test_split
from nn_core.grid import evaluate_grid
from playground.figures.boundary import boundary_figure
from playground.figures.palette import (
    BACKGROUND_COLORS,
    BLUE,
    CLASS_COLORS,
    DECISION_LINE,
    NEUTRAL,
    ORANGE,
    diverging_image,
    rgb_hex,
)
from playground.figures.style import figure_payload_bytes

N = 50


def split(name, n=200, n_classes=None):
    X, y = make_dataset(name, n=n, noise=0.1, seed=0, n_classes=n_classes)
    return train_test_split(X, y, 0.5, seed=0)


@pytest.fixture(scope="module")
def binary():
    model = Network([2, 4, 2, 1], activation="tanh", output="sigmoid", seed=0)
    return evaluate_grid(model, ("x1", "x2"), n=N), split("circle")


@pytest.fixture(scope="module")
def binary_tanh():
    model = Network([2, 4, 2, 1], activation="tanh", output="tanh", seed=0)
    return evaluate_grid(model, ("x1", "x2"), n=N), split("xor")


@pytest.fixture(scope="module")
def multiclass():
    model = Network([2, 8, 5], activation="tanh", output="softmax", seed=1)
    return evaluate_grid(model, ("x1", "x2"), n=N), split("blobs", n_classes=5)


@pytest.fixture(scope="module")
def regression():
    model = Network([2, 4, 1], activation="tanh", output="linear", seed=0)
    return evaluate_grid(model, ("x1", "x2"), n=N), split("multi_gauss")


def rgb(hex_color):
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])


def match_points(drawn, X):
    """For each row of X, the index of the drawn point at its place (each drawn point used once)."""
    order, free = [], set(range(len(drawn["x"])))
    for x, y in X:
        near = [i for i in free if abs(drawn["x"][i] - x) <= drawn["tol"] and abs(drawn["y"][i] - y) <= drawn["tol"]]
        assert near, f"no point drawn at ({x}, {y})"
        order.append(near[0])
        free.discard(near[0])
    assert not free, "extra points drawn"
    return order


def assert_points(drawn, X, fills):
    """The drawn points are exactly the rows of X (to half a pixel) with these fill colours."""
    order = match_points(drawn, X)
    assert [drawn["fill"][i].lower() for i in order] == [f.lower() for f in fills]


def traces(s, kind):
    return [t for t in s["data"] if t["type"] == kind]


def points(s, name):
    """The train or test points as drawn: circles in the SVG layout image over the plot area, mapped back to
    data coordinates. {"x", "y", "fill" (hex per point), "outline" (the colour just outside a point's fill), "tol",
    "scale" (user units a px), "units" (across the plane), "circles" (all the SVG paints), "drawn" (this set's
    circles, in the order of x and y)}."""
    (img,) = [im for im in s["layout"].get("images", []) if im.get("name") == "points"]
    root = svg_root(img["source"])
    units = float(root.get("viewBox").split()[2])
    scale = units / float(root.get("width"))
    lo, hi = PLANE
    assert (img["x"], img["y"], img["sizex"], img["sizey"]) == (lo, hi, hi - lo, hi - lo)
    sets = [t["name"] for t in s["data"] if t.get("showlegend") and t.get("legend", "legend") == "legend"
            and t["marker"].get("symbol", "circle") == "circle"]
    circles = svg_circles(root)
    assert {c["ids"][0] for c in circles if c["ids"] and not c["copy"] and c["fill"] != "none"} == set(sets)
    drawn = [c for c in circles if name in c["ids"] and not c["copy"]]
    cx, cy = (np.array([c[k] for c in drawn]) for k in ("cx", "cy"))
    # the outline a reader sees: just outside the fill of the point farthest from any other
    far = int(np.argmax([np.partition(np.hypot(cx - a, cy - b), 1)[1] if len(cx) > 1 else 1.0
                         for a, b in zip(cx, cy)]))
    c = drawn[far]
    outline = painted_colour(circles, c["cx"] + c["r"] + 0.5 * scale, c["cy"], "none")
    return dict(x=lo + cx / units * (hi - lo), y=hi - cy / units * (hi - lo), fill=[c["fill"] for c in drawn],
                outline=outline, tol=0.501 / units * (hi - lo), scale=scale, units=units, circles=circles,
                drawn=drawn)


def grid_coords(t, grid):
    """Column and row coordinates of a map trace placed with x0/dx/y0/dy."""
    return t["x0"] + t["dx"] * np.arange(len(grid.xs)), t["y0"] + t["dy"] * np.arange(len(grid.ys))


# ---- boundary_figure: layout ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["binary", "multiclass", "regression"])
def test_boundary_axes_fixed_square_and_still(case, request):
    grid, (Xtr, ytr, Xte, yte) = request.getfixturevalue(case)
    fig = boundary_figure(grid, case, Xtr, ytr, Xte, yte, n_classes=grid.output.shape[-1] if case == "multiclass"
                            else 2, head="linear" if case == "regression" else "sigmoid", size=400)
    assert isinstance(fig, go.Figure)
    go.Figure(fig.to_dict())  # every property name/value passes plotly's validation
    lay = spec(fig)["layout"]
    for ax in ("xaxis", "yaxis"):
        assert lay[ax]["range"] == list(PLANE)
        assert lay[ax]["fixedrange"] is True and lay[ax]["autorange"] is False
    assert lay["xaxis"]["title"]["text"] == "x₁" and lay["yaxis"]["title"]["text"] == "x₂"
    assert lay["yaxis"]["scaleanchor"] == "x" and lay["yaxis"]["scaleratio"] == 1
    assert lay["width"] == lay["height"] == 400
    m = lay["margin"]
    assert m["l"] + m["r"] == m["t"] + m["b"]  # square plot area at width == height
    assert lay["uirevision"] and lay["dragmode"] is False
    assert "transition" not in lay and "frames" not in spec(fig)
    assert len(lay["template"].get("layout", {})) == 0  # no default template in the payload


def test_boundary_legend_train_and_test(binary):
    grid, (Xtr, ytr, Xte, yte) = binary
    s = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte))
    legend = [t["name"] for t in s["data"] if t.get("showlegend")]
    assert legend == ["class 0 (orange)", "class 1 (blue)", "train", "test"]
    train, test = points(s, "train"), points(s, "test")
    assert train["outline"].lower() == "#ffffff"
    assert test["outline"] != train["outline"]
    assert_points(train, Xtr, [CLASS_COLORS[c] for c in ytr])
    assert_points(test, Xte, [CLASS_COLORS[c] for c in yte])

    hidden = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte, show_test=False))
    assert [t["name"] for t in hidden["data"] if t.get("showlegend")] == ["class 0 (orange)", "class 1 (blue)",
                                                                          "train"]
    assert len(points(hidden, "train")["x"]) == len(Xtr)
    no_test = spec(boundary_figure(grid, "binary", Xtr, ytr))
    assert (no_test["data"], no_test["layout"]["images"]) == (hidden["data"], hidden["layout"]["images"])


# ---- binary ---------------------------------------------------------------------------------------------


def decision_line(s):
    """The decision line as drawn: the SVG layout image named "decision boundary", its stroke, and its segment
    end points in grid index units (column, row; row 0 at the lowest x2)."""
    (img,) = [im for im in s["layout"]["images"] if im.get("name") == "decision boundary"]
    prefix = "data:image/svg+xml,"
    assert img["source"].startswith(prefix)
    svg = urllib.parse.unquote(img["source"][len(prefix):])
    w, h = (float(v) for v in re.search(r"viewBox='0 0 ([\d.]+) ([\d.]+)'", svg).groups())
    stroke = re.search(r"stroke='([^']+)' stroke-width='([\d.]+)'", svg).groups()
    points, x, y = [], 0.0, 0.0
    for cmd, dx, dy in re.findall(r"([MLl])(-?\d+) (-?\d+)", re.search(r" d='([^']*)'", svg).group(1)):
        x, y = (x + float(dx), y + float(dy)) if cmd == "l" else (float(dx), float(dy))
        points.append((x, y))
    ends = np.array(points)
    return img, (w, h), stroke, ends


@pytest.mark.parametrize("case, head, level", [("binary", "sigmoid", 0.5), ("binary_tanh", "tanh", 0.0)])
def test_binary_decision_line_follows_the_level(case, head, level, request):
    grid, (Xtr, ytr, Xte, yte) = request.getfixturevalue(case)
    s = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte, head=head))
    assert not traces(s, "contour")
    img, (w, h), (color, width), ends = decision_line(s)
    assert color == "rgb(%d,%d,%d)" % tuple(int(DECISION_LINE[i:i + 2], 16) for i in (1, 3, 5))
    assert float(width) >= 1.5
    z = grid.output[..., 0]
    n_rows, n_cols = z.shape
    # the image spans the grid's points exactly, row 0 of the SVG at the top (largest x2)
    assert (img["x"], img["sizex"]) == pytest.approx((grid.xs[0], grid.xs[-1] - grid.xs[0]))
    assert (img["y"], img["sizey"]) == pytest.approx((grid.ys[-1], grid.ys[-1] - grid.ys[0]))
    scale = w / (n_cols - 1)
    assert h / (n_rows - 1) == scale
    col, row = ends[:, 0] / scale, (n_rows - 1) - ends[:, 1] / scale
    assert len(ends) > 20 and (z < level).any() and (z > level).any()
    # every end point lies on a grid edge whose two ends straddle the level, where the linear
    # interpolation of the output is the level (to the SVG's 1/10 of a grid step)
    for c, r in zip(col, row):
        on_col, on_row = abs(c - round(c)) < 1e-9, abs(r - round(r)) < 1e-9
        if on_col and on_row:
            continue   # a corner: the level is at a grid point (to the rounding)
        if on_col:
            c0, r0 = int(round(c)), int(np.floor(r))
            a, b, t = z[r0, c0], z[r0 + 1, c0], r - r0
        else:
            assert on_row
            r0, c0 = int(round(r)), int(np.floor(c))
            a, b, t = z[r0, c0], z[r0, c0 + 1], c - c0
        assert (a - level) * (b - level) <= 0
        assert abs(a + t * (b - a) - level) <= 0.051 * abs(b - a) + 1e-12
    # and every crossed edge has an end point on it (each drawn by the one or two cells beside it)
    crossed = (((z[:, :-1] > level) != (z[:, 1:] > level)).sum() + ((z[:-1] > level) != (z[1:] > level)).sum())
    on_edges = {(round(c, 6), round(r, 6)) for c, r in zip(col, row)}
    assert len(on_edges) >= 0.95 * crossed


def test_binary_colours_diverge_and_discretize_keeps_two(binary):
    grid, (Xtr, ytr, Xte, yte) = binary
    (img,) = traces(spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte)), "image")
    pixels = decode_png(img["source"]).reshape(-1, 3).astype(int)
    z = grid.output[..., 0].reshape(-1)
    lo, hi = np.argmin(z), np.argmax(z)
    # orange below the boundary, blue above: red channel falls, blue channel rises
    assert pixels[lo][0] > pixels[hi][0] and pixels[lo][2] < pixels[hi][2]
    # the map is the diverging scale of the output, neutral at the 0.5 level
    expected = diverging_image(grid.output[..., 0], 0.0, 1.0).reshape(-1, 3).astype(int)
    np.testing.assert_array_equal(pixels, expected)
    assert diverging_image(np.array([[0.5]]), 0.0, 1.0)[0, 0].tolist() == rgb(NEUTRAL).tolist()
    (disc,) = traces(spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte, discretize=True)), "image")
    colours = {tuple(c) for c in decode_png(disc["source"]).reshape(-1, 3).tolist()}
    assert colours == {tuple(rgb(BACKGROUND_COLORS[0]).tolist()), tuple(rgb(BACKGROUND_COLORS[1]).tolist())}


def test_binary_points_on_class_palette(binary):
    grid, (Xtr, ytr, Xte, yte) = binary
    train = points(spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte)), "train")
    assert_points(train, Xtr, [BLUE if c else ORANGE for c in ytr])
    assert set(ytr) == {0, 1}


# ---- multi-class ----------------------------------------------------------------------------------------


def expected_pixel(probs, discretize=False):
    """Independent statement of the colouring rule: argmax class colour, faded to NEUTRAL at chance."""
    k = probs.size
    c = int(np.argmax(probs))
    full, neutral = rgb(BACKGROUND_COLORS[c]), rgb(NEUTRAL)
    t = 1.0 if discretize else np.clip((probs[c] - 1 / k) / (1 - 1 / k), 0, 1)
    return neutral + t * (full - neutral)


@pytest.mark.parametrize("image", ["png", "array"])
def test_multiclass_pixel_under_point_has_argmax_colour(multiclass, image):
    grid, (Xtr, ytr, Xte, yte) = multiclass
    k = grid.output.shape[-1]
    s = spec(boundary_figure(grid, "multiclass", Xtr, ytr, Xte, yte, n_classes=k, image=image))
    (im,) = traces(s, "image")
    pixels = decode_png(im["source"]) if image == "png" else decode(im["z"])
    assert pixels.shape == (N, N, 3) and pixels.dtype == np.uint8
    xs, ys = grid_coords(im, grid)  # pixel (r, c) is centred at (xs[c], ys[r]): rows run upward in x2
    np.testing.assert_allclose(xs, grid.xs, atol=1e-9)
    np.testing.assert_allclose(ys, grid.ys, atol=1e-9)
    yaxis = s["layout"]["yaxis"]  # not reversed: x2 increases upward, so row 0 is drawn at the bottom
    assert im["dy"] > 0 and yaxis["autorange"] is False and yaxis["range"] == list(PLANE)

    labels = grid.output.argmax(-1)
    assert len(np.unique(labels)) >= 3, "the test model should predict several classes over the plane"
    checked = 0
    for x1, x2 in Xtr[:40]:  # the pixel under each training point
        c, r = int(np.argmin(abs(grid.xs - x1))), int(np.argmin(abs(grid.ys - x2)))
        np.testing.assert_allclose(pixels[r, c], expected_pixel(grid.output[r, c]), atol=1.0)
        if labels[r, c] != labels[N - 1 - r, c]:  # a vertically flipped image would fail here
            assert not np.allclose(pixels[r, c], expected_pixel(grid.output[N - 1 - r, c]), atol=1.0)
            checked += 1
    assert checked > 0


def test_multiclass_discretize_only_class_colours(multiclass):
    grid, (Xtr, ytr, Xte, yte) = multiclass
    k = grid.output.shape[-1]
    s = spec(boundary_figure(grid, "multiclass", Xtr, ytr, Xte, yte, n_classes=k, discretize=True))
    pixels = decode_png(traces(s, "image")[0]["source"]).reshape(-1, 3)
    palette = np.array([rgb(c) for c in BACKGROUND_COLORS[:k]])
    assert {tuple(p) for p in np.unique(pixels, axis=0)} <= {tuple(p) for p in palette}
    np.testing.assert_array_equal(pixels, palette[grid.output.argmax(-1).reshape(-1)])


def test_multiclass_points_use_palette(multiclass):
    grid, (Xtr, ytr, Xte, yte) = multiclass
    k = grid.output.shape[-1]
    train = points(spec(boundary_figure(grid, "multiclass", Xtr, ytr, Xte, yte, n_classes=k)), "train")
    assert_points(train, Xtr, [CLASS_COLORS[c] for c in ytr])
    assert set(ytr) == set(range(k))
    assert len(CLASS_COLORS) == 6 and len(set(CLASS_COLORS)) == 6


def test_multiclass_rejects_more_classes_than_colours(multiclass):
    grid, (Xtr, ytr, _, _) = multiclass
    with pytest.raises(ValueError, match="n_classes"):
        boundary_figure(grid, "multiclass", Xtr, ytr, n_classes=7)
    with pytest.raises(ValueError, match="task"):
        boundary_figure(grid, "clustering", Xtr, ytr)


# ---- regression -----------------------------------------------------------------------------------------


def test_regression_map_and_points_share_the_scale(regression):
    grid, (Xtr, ytr, Xte, yte) = regression
    s = spec(boundary_figure(grid, "regression", Xtr, ytr, Xte, yte, head="linear"))
    (img,) = traces(s, "image")
    np.testing.assert_array_equal(decode_png(img["source"]), diverging_image(grid.output[..., 0], -1.0, 1.0))
    train = points(s, "train")
    order = match_points(train, Xtr)
    fills = np.array([rgb(train["fill"][i]) for i in order], dtype=float)
    t = np.clip(ytr, -1, 1)[:, None]
    end = np.where(t > 0, rgb(BLUE), rgb(ORANGE))
    # colours on the scale, to within its 1/20 steps (which keep the SVG small)
    np.testing.assert_allclose(fills, rgb(NEUTRAL) + np.abs(t) * (end - rgb(NEUTRAL)),
                               atol=0.5 + 255 / 40)
    assert {train["fill"][i] for i, k in enumerate(order) if ytr[k] >= 1} <= {BLUE.lower()}


# ---- payload ----------------------------------------------------------------------------------------------


def test_binary_payload_small_and_base64():
    model = Network([2, 8, 8, 1], activation="tanh", output="sigmoid", seed=0)
    grid = evaluate_grid(model, ("x1", "x2"), n=100)
    Xtr, ytr, Xte, yte = split("spiral", n=500)
    assert len(Xtr) == len(Xte) == 250
    fig = boundary_figure(grid, "binary", Xtr, ytr, Xte, yte)
    text = pio.to_json(fig, validate=False)
    assert figure_payload_bytes(fig) == len(text) < 120_000
    line, image = spec(fig)["layout"]["images"]
    assert line["name"] == "decision boundary" and len(line["source"]) < 12_000
    assert len(image["source"]) < 40 * 500  # both point sets, drawn as one SVG
    assert not re.search(r"\[(\s*-?[\d.eE+-]+\s*,){20,}", text), "a long plain-number list is in the payload"


def test_points_cache_follows_the_data(binary):
    grid, (Xtr, ytr, _, _) = binary
    first = points(spec(boundary_figure(grid, "binary", Xtr, ytr)), "train")
    flipped = points(spec(boundary_figure(grid, "binary", Xtr, 1 - ytr)), "train")
    moved = points(spec(boundary_figure(grid, "binary", Xtr * 0.5, ytr)), "train")
    assert_points(first, Xtr, [CLASS_COLORS[c] for c in ytr])
    assert_points(flipped, Xtr, [CLASS_COLORS[1 - c] for c in ytr])
    assert_points(moved, Xtr * 0.5, [CLASS_COLORS[c] for c in ytr])


# ---- readable points: on the saturated region of their own class, misclassified ones marked -------------------


def ray(p, c, background, reach_px=10.0, step_px=0.05):
    """[(distance in px, colour)] a reader sees along a ray from the centre of drawn circle ``c`` outward, over a
    plain ``background``: all that is painted around that point (its fill, bands and rings), not its neighbours."""
    own = [o for o in p["circles"] if (o["cx"], o["cy"]) == (c["cx"], c["cy"])]
    return [(d, painted_colour(own, c["cx"] + d * p["scale"], c["cy"], background))
            for d in np.arange(0.0, reach_px, step_px)]


def contrasting_run_px(bands, background, ratio=3.0):
    """The widest run in px of colours along a ray with at least ``ratio`` contrast against ``background``."""
    best = run = 0.0
    step = bands[1][0] - bands[0][0]
    for _, colour in bands:
        run = run + step if contrast_ratio(colour, background) >= ratio else 0.0
        best = max(best, run)
    return best


@pytest.mark.parametrize("name, task, k", [("circle", "binary", 2), ("blobs", "multiclass", 6),
                                           ("plane", "regression", 2)])
def test_points_stand_out_on_the_saturated_region_of_their_own_class(name, task, k, binary):
    grid = binary[0]   # the points do not depend on the map under them
    X, y = make_dataset(name, n=600, noise=0.1, seed=0, n_classes=k if task == "multiclass" else None)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.5, seed=0)
    if task == "multiclass":
        grid = evaluate_grid(Network([2, 4, k], output="softmax", seed=0), ("x1", "x2"), n=N)
    s = spec(boundary_figure(grid, task, Xtr, ytr, Xte, yte, n_classes=k,
                             head="linear" if task == "regression" else "sigmoid"))
    for which, X_, y_ in (("train", Xtr, ytr), ("test", Xte, yte)):
        p = points(s, which)
        value = {p["drawn"][i]["fill"]: v for i, v in zip(match_points(p, X_), y_)}    # a point of each colour
        if task != "regression":
            assert set(value) == {CLASS_COLORS[i] for i in range(k)}
        for fill, v in value.items():
            one = next(c for c in p["drawn"] if c["fill"] == fill)
            # the saturated map under a point of its own class: the class's full background colour, or even the
            # point's own colour (regression: the map's colour of the point's own value)
            if task == "regression":
                backgrounds = {fill, rgb_hex(diverging_image(np.array([[v]]), -1.0, 1.0)[0, 0])}
            else:
                backgrounds = {fill, BACKGROUND_COLORS[CLASS_COLORS.index(fill)]}
            for background in backgrounds:
                bands = ray(p, one, background)
                seen = [colour for _, colour in bands]
                assert seen[0] == fill and seen[-1] == background
                # a band wider than a pixel (a 1 px line smeared over two rows of pixels fades) at 3:1 or more
                assert contrasting_run_px(bands, background) >= 1.2, (which, fill, background, sorted(set(seen)))
        # train and test points look different: a light ring in a dark edge, or a dark ring in a light edge
        light = relative_luminance(p["outline"]) > 0.5
        assert light == (which == "train")


def test_misclassified_points_are_ringed_with_a_legend_entry(binary):
    grid, (Xtr, ytr, Xte, yte) = binary
    wrong = np.array([3, 10, 42])
    predicted = ytr.copy()
    predicted[wrong] = 1 - predicted[wrong]
    s = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte, predicted=predicted))
    legend = [t for t in s["data"] if t.get("showlegend")]
    assert [t["name"] for t in legend] == ["class 0 (orange)", "class 1 (blue)", "train", "test", "misclassified"]
    swatch = legend[-1]["marker"]
    assert swatch["symbol"] == "circle-open"
    p = points(s, "train")
    rings = [c for c in p["circles"] if c["fill"] == "none" and not c["copy"]]
    lo, hi = PLANE
    ringed_at = {(lo + c["cx"] / p["units"] * (hi - lo), hi - c["cy"] / p["units"] * (hi - lo)) for c in rings}
    match_points(dict(x=[x for x, _ in ringed_at], y=[y for _, y in ringed_at], tol=p["tol"]), Xtr[wrong])
    # the ring reaches beyond an ordinary point, is red like its legend swatch, and its outer band stands out on
    # every colour the map can be
    ringed = next(c for c in p["drawn"] if (c["cx"], c["cy"]) == (rings[0]["cx"], rings[0]["cy"]))
    plain = next(c for c in p["drawn"] if (c["cx"], c["cy"]) not in {(r["cx"], r["cy"]) for r in rings})
    for background in BACKGROUND_COLORS + (NEUTRAL,):
        around, usual = ray(p, ringed, background, reach_px=12.0), ray(p, plain, background, reach_px=12.0)
        reach = max(d for d, colour in around if colour != background)
        assert reach >= max(d for d, colour in usual if colour != background) + 2.0
        assert swatch["color"].lower() in {colour for _, colour in around}
        assert contrasting_run_px([b for b in around if b[0] > reach - 1.0], background) >= 0.7
    # all right: the legend entry stays (the legend does not jump while training), no rings
    s = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte, predicted=ytr))
    assert [t["name"] for t in s["data"] if t.get("showlegend")][-1] == "misclassified"
    assert not [c for c in points(s, "train")["circles"] if c["fill"] == "none"]
    with pytest.raises(ValueError, match="predicted"):
        boundary_figure(grid, "binary", Xtr, ytr, predicted=ytr[:-1])


def test_misclassified_multiclass_and_regression(multiclass, regression):
    grid, (Xtr, ytr, Xte, yte) = multiclass
    k = grid.output.shape[-1]
    predicted = ytr.copy()
    predicted[:5] = (predicted[:5] + 1) % k
    s = spec(boundary_figure(grid, "multiclass", Xtr, ytr, Xte, yte, n_classes=k, predicted=predicted))
    assert len([c for c in points(s, "train")["circles"] if c["fill"] == "none" and not c["copy"]]) == 5
    grid, (Xtr, ytr, Xte, yte) = regression
    predicted = ytr + np.where(np.arange(len(ytr)) < 7, 0.8, 0.2)      # 7 points off by more than 0.5
    s = spec(boundary_figure(grid, "regression", Xtr, ytr, Xte, yte, head="linear", predicted=predicted))
    assert [t["name"] for t in s["data"] if t.get("showlegend")][-1] == "|error| > 0.5"
    assert len([c for c in points(s, "train")["circles"] if c["fill"] == "none" and not c["copy"]]) == 7


# ---- the colour key ---------------------------------------------------------------------------------------------


def key(s):
    return [t for t in s["data"] if t.get("legend") == "legend2"]


def test_legend_says_which_colour_is_which_class(binary, multiclass, regression):
    grid, (Xtr, ytr, Xte, yte) = binary
    s = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte))
    entries = key(s)
    assert [t["name"] for t in entries] == ["class 0 (orange)", "class 1 (blue)"]
    assert [t["marker"]["color"] for t in entries] == [ORANGE, BLUE]
    assert all(t["showlegend"] and t["x"] == [None] for t in entries)        # legend only: nothing on the plot
    named = spec(boundary_figure(grid, "binary", Xtr, ytr, class_names=["benign", "malignant"]))
    assert [t["name"] for t in key(named)] == ["benign (orange)", "malignant (blue)"]

    grid, (Xtr, ytr, Xte, yte) = multiclass
    k = grid.output.shape[-1]
    s = spec(boundary_figure(grid, "multiclass", Xtr, ytr, Xte, yte, n_classes=k))
    assert [t["name"] for t in key(s)] == [str(i) for i in range(k)]
    assert [t["marker"]["color"] for t in key(s)] == list(CLASS_COLORS[:k])
    assert s["layout"]["legend2"]["title"]["text"] == "class"

    grid, (Xtr, ytr, Xte, yte) = regression
    s = spec(boundary_figure(grid, "regression", Xtr, ytr, Xte, yte, head="linear"))
    entries = key(s)
    assert s["layout"]["legend2"]["title"]["text"] == "value"
    assert ("−1 (orange)", ORANGE) in [(t["name"], t["marker"]["color"]) for t in entries]
    assert ("+1 (blue)", BLUE) in [(t["name"], t["marker"]["color"]) for t in entries]

    # the key is a row of its own, above the point sets' legend, both in the top margin; they do not toggle
    lay = s["layout"]
    plot_h = lay["height"] - lay["margin"]["t"] - lay["margin"]["b"]
    assert 1.0 <= lay["legend"]["y"] < lay["legend2"]["y"]
    assert (lay["legend2"]["y"] - lay["legend"]["y"]) * plot_h >= 18
    assert (lay["legend2"]["y"] - 1.0) * plot_h + 20 <= lay["margin"]["t"]
    for name in ("legend", "legend2"):
        assert lay[name]["itemclick"] is False and lay[name]["itemdoubleclick"] is False
    go.Figure(boundary_figure(grid, "regression", Xtr, ytr, Xte, yte, head="linear").to_dict())


def test_legend_swatches_show_on_a_light_and_a_dark_page(binary):
    grid, (Xtr, ytr, Xte, yte) = binary
    s = spec(boundary_figure(grid, "binary", Xtr, ytr, Xte, yte, predicted=ytr))
    for t in (t for t in s["data"] if t.get("showlegend")):
        marker = t["marker"]
        shown = [marker["color"]] + ([marker["line"]["color"]] if "color" in marker.get("line", {}) else [])
        for page in (LIGHT_PAGE, DARK_PAGE):
            assert max(contrast_ratio(c, page) for c in shown) >= 3.0, (t["name"], page)
    assert font_colors(s["layout"]) == {}
