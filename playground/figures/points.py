"""The data points drawn cheaply: as one SVG image over the plane (in the boundary and neuron-map figures), as
a tiny thumbnail figure, and as a thumbnail ``data:`` URI for a dataset picker or a preset (the Presets page).

No SVG node per point: plotly markers cost the browser time on every redraw (bench/README.md), an image of
circles is drawn by the browser natively. The points do not change while a network trains, so their SVG is
cached by content.

On the plane each point is its class colour (or regression target) in a light and a dark band: a white ring and
a dark edge for a training point, a dark ring and a white edge for a test point. The map under a point may be the
saturated colour of the point's own class (a confident model), where the fill alone vanishes: one of the two
bands stands out on any background. A misclassified training point gets a red ring with a dark edge.
"""
from functools import lru_cache

import numpy as np

from playground.figures.images import cached_by_content, quoted_svg_data_uri, svg_quote
from playground.figures.palette import (
    CLASS_COLORS,
    DARK,
    MID_GREY,
    MISS_COLOR,
    NEUTRAL,
    POINT_SCALE,
    TEST_OUTLINE,
    TRAIN_OUTLINE,
    WHITE,
    point_fills,
)
from playground.figures.plane import RANGE, plot_px
from playground.figures.style import f32, figure
from playground.settings.config import Config
from playground.settings.presets import PRESETS
from playground.text.words import CLASS_COLOR_NAMES

TASKS = ("binary", "multiclass", "regression")
SWATCH = MID_GREY
"""Fill of the legend swatches of the point sets (the points themselves are in their class colours); the
legend is on the page, light or dark, so a grey that stands out on both."""
SVG_SCALE = 2
"""User units per px in the SVG of the plane's points: centres to half a pixel, radii and bands in whole units."""
RING_PX, EDGE_PX = 1.25, 1.25
"""Widths in px of the ring just outside a point's fill and of the edge outside that (one light, one dark)."""
MISS_PX, MISS_EDGE_PX = 1.5, 0.75
"""Widths in px of the red ring around a misclassified point and of the dark edge on either side of it."""
MISS_TOLERANCE = 0.5
"""A regression point counts as missed when its prediction is off by more than this (a quarter of the colour
scale's -1..1)."""


def check_task(task, n_classes):
    """Raise ValueError unless ``task`` is known and a multiclass task has 2..6 classes (one colour each)."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected 'binary', 'multiclass' or 'regression'")
    if task == "multiclass" and not 2 <= n_classes <= len(CLASS_COLORS):
        raise ValueError(f"n_classes must be in 2..{len(CLASS_COLORS)} (one colour each), got {n_classes}")


def marker_size(size):
    """Diameter in px of a data point in a ``size`` px plane figure (its fill and its ring)."""
    return max(3.0, round(size / 80, 1))


def _thumbnail_marker(size):
    return max(2.0, round(size / 30, 1))


@cached_by_content(maxsize=128)
def _circles(X, y, task, px, r, scale):
    """The circles of radius ``r`` (text, user units), :func:`svg_quote`-d, centred to a user unit in a ``px``
    square of ``scale`` units a pixel showing the plane (half a unit off at most), the circles of one fill colour in
    one sub-group (a compact payload). Cached by content, as the points do not change while a network trains."""
    X = X.reshape(-1, 2)
    fills = point_fills(y, task)
    lo, hi = RANGE
    cx = np.rint((X[:, 0] - lo) / (hi - lo) * px * scale).astype(int)
    cy = np.rint((hi - X[:, 1]) / (hi - lo) * px * scale).astype(int)
    by_fill = {}
    for x_, y_, f in zip(cx, cy, fills):
        by_fill.setdefault(f, []).append(f"<circle cx='{x_}' cy='{y_}' r='{r}'/>")
    return svg_quote("".join(f"<g fill='{f}'>{''.join(c)}</g>" for f, c in by_fill.items()))


def _arrays(X, y):
    return np.ascontiguousarray(X, dtype=np.float64), np.ascontiguousarray(y)


def _banded(name, body, ring, edge):
    """The circles of ``body`` under the id ``name``, drawn three times: as wide dots in ``edge``, narrower ones in
    ``ring``, then in their own fills, so each point shows its fill in a ring and an edge. The ``<use>`` copies
    come first and take their stroke from the ``<use>`` (the circles set only a fill)."""
    w_ring, w_edge = 2 * RING_PX * SVG_SCALE, 2 * (RING_PX + EDGE_PX) * SVG_SCALE
    return svg_quote(f"<use href='#{name}' stroke='{edge}' stroke-width='{w_edge:g}'/>"
                     f"<use href='#{name}' stroke='{ring}' stroke-width='{w_ring:g}'/><g id='{name}'>") + body + \
        svg_quote("</g>")


def _miss_rings(X, px, r):
    """A red ring edged in dark on both sides around each point of ``X``, just outside a point's bands (fill
    radius ``r`` units): the circles once, and a ``<use>`` of them in a wider dark stroke under the red one."""
    lo, hi = RANGE
    cx = np.rint((X[:, 0] - lo) / (hi - lo) * px * SVG_SCALE).astype(int)
    cy = np.rint((hi - X[:, 1]) / (hi - lo) * px * SVG_SCALE).astype(int)
    red, dark = MISS_PX * SVG_SCALE, (MISS_PX + 2 * MISS_EDGE_PX) * SVG_SCALE
    radius = r + (RING_PX + EDGE_PX) * SVG_SCALE + dark / 2         # the dark starts where a point's edge ends
    circles = "".join(f"<circle cx='{a}' cy='{b}' r='{radius:g}'/>" for a, b in zip(cx, cy))
    return svg_quote(f"<use href='#miss' stroke='{DARK}' stroke-width='{dark:g}'/>"
                     f"<g stroke='{MISS_COLOR}' stroke-width='{red:g}'><g id='miss' fill='none'>{circles}</g></g>")


def misclassified(task, y, predicted):
    """Mask of the points whose prediction ``predicted`` (one class per point, or a value for regression) is
    wrong: another class, or off by more than MISS_TOLERANCE (a NaN prediction is wrong too)."""
    y = np.asarray(y)
    p = np.asarray(predicted)
    if p.size != y.size:
        raise ValueError(f"predicted has {p.size} values for {y.size} points")
    p = p.reshape(y.shape)
    if task == "regression":
        return ~(np.abs(p.astype(np.float64) - y) <= MISS_TOLERANCE)
    p = p.astype(np.float64)
    return ~(p == y.astype(np.float64))


def _swatch(name, size, **marker):
    return dict(type="scatter", x=[None], y=[None], mode="markers", name=name, legendgroup=name, showlegend=True,
                hoverinfo="skip", marker=dict(size=size, **marker))


def point_layers(sets, task, size, missed=None):
    """Data points drawn cheaply: ``sets`` is a list of ``(name, X, y, ring)`` (``ring`` white or dark, the edge
    the other); returns legend-only swatch traces (one per non-empty set) and one layout image, an SVG of all the
    circles over the plot area of a ``size`` px plane figure, drawn by the browser natively. ``missed``: points
    (rows of X) to ring as mispredicted, with a legend entry "misclassified" (regression: "|error| > 0.5"), also
    when there are none. The points have no hover."""
    swatches, groups = [], []
    px = plot_px(size)
    r = round((marker_size(size) / 2 - 0.5) * SVG_SCALE)
    for name, X, y, ring in sets:
        if X is None or np.asarray(X).size == 0:
            continue
        swatches.append(_swatch(name, marker_size(size) + 4, color=SWATCH, line=dict(color=ring, width=1.5)))
        edge = WHITE if ring == DARK else DARK
        groups.append(_banded(name, _circles(*_arrays(X, y), task, px, r, SVG_SCALE), ring, edge))
    if missed is not None:
        label = f"|error| > {MISS_TOLERANCE:g}" if task == "regression" else "misclassified"
        swatches.append(_swatch(label, marker_size(size) + 6, symbol="circle-open", color=MISS_COLOR,
                                line=dict(width=2)))
        if len(missed):
            groups.append(_miss_rings(np.asarray(missed, dtype=np.float64).reshape(-1, 2), px, r))
    if not groups:
        return swatches, []
    lo, hi = RANGE
    image = dict(source=quoted_svg_data_uri(px, px, "".join(groups), SVG_SCALE), xref="x", yref="y", x=lo, y=hi,
                 sizex=hi - lo, sizey=hi - lo, xanchor="left", yanchor="top", sizing="stretch", layer="above",
                 name="points")
    return swatches, [image]


def train_test_layers(task, size, X_train, y_train, X_test=None, y_test=None, show_test=True, predicted=None):
    """:func:`point_layers` of the training points (white ring, dark edge) and, with ``show_test``, the test points
    (dark ring, white edge). ``predicted`` (one prediction per training point) rings the misclassified ones."""
    sets = [("train", X_train, y_train, TRAIN_OUTLINE)]
    if show_test:
        sets.append(("test", X_test, y_test, TEST_OUTLINE))
    missed = None
    if predicted is not None and X_train is not None:
        missed = np.asarray(X_train)[misclassified(task, y_train, predicted)]
    return point_layers(sets, task, size, missed)


def class_key(task, n_classes=2, class_names=None):
    """Legend-only traces (in ``legend2``) saying what the colours mean, and the title of that legend: binary
    "class 0 (orange)", "class 1 (blue)"; multiclass one entry per class in its colour under the title "class";
    regression the colour scale, "−1 (orange)", "0 (white)", "+1 (blue)" under the title "value". ``class_names``
    replace "class k" (binary) or "k" (multiclass)."""
    if task == "regression":
        entries = [("−1 (orange)", POINT_SCALE[0][1]), ("0 (white)", NEUTRAL), ("+1 (blue)", POINT_SCALE[-1][1])]
        title = "value"
    else:
        k = 2 if task == "binary" else n_classes
        names = list(class_names) if class_names is not None else None
        if names is not None and len(names) < k:
            raise ValueError(f"{k} classes but {len(names)} class names")
        if task == "binary":
            labels = [f"{names[i] if names else f'class {i}'} ({CLASS_COLOR_NAMES[i]})" for i in range(k)]
            title = None
        else:
            labels = [str(names[i]) if names else str(i) for i in range(k)]
            title = "class"
        entries = list(zip(labels, CLASS_COLORS[:k]))
    traces = [dict(_swatch(name, 10, color=color, line=dict(color=MID_GREY, width=1)), legend="legend2")
              for name, color in entries]
    return traces, title


def _point_colors(y, task, n_classes):
    """Per-point marker colours for labels/targets ``y`` (uint8 class index, or float32 target) and the
    marker keywords that put them on the class palette / diverging scale."""
    y = np.asarray(y)
    if task == "regression":
        return f32(y), dict(colorscale=POINT_SCALE, cmin=-1.0, cmax=1.0, showscale=False)
    k = 2 if task == "binary" else n_classes
    scale = [[i / (k - 1), CLASS_COLORS[i]] for i in range(k)]
    return np.ascontiguousarray(y, dtype=np.uint8), dict(colorscale=scale, cmin=0, cmax=k - 1, showscale=False)


def data_thumbnail(X, y, task, n_classes=2, size=90):
    """A tiny scatter preview of a dataset: no axes, legend or hover; the plane fills the square."""
    check_task(task, n_classes)
    X = np.asarray(X)
    colors, scale = _point_colors(y, task, n_classes)
    marker = dict(color=colors, size=_thumbnail_marker(size), line=dict(width=0), **scale)
    trace = dict(type="scatter", x=f32(X[:, 0]), y=f32(X[:, 1]), mode="markers", marker=marker,
                 hoverinfo="skip", showlegend=False)
    hidden = dict(range=list(RANGE), autorange=False, fixedrange=True, visible=False, constrain="domain")
    layout = dict(template={}, width=size, height=size, autosize=False,
                  margin=dict(l=0, r=0, t=0, b=0, pad=0), xaxis=hidden, yaxis=dict(hidden, scaleanchor="x"),
                  showlegend=False, hovermode=False, dragmode=False, plot_bgcolor=WHITE,
                  uirevision="thumbnail")
    return figure([trace], layout)


@cached_by_content(maxsize=128)
def _thumbnail_uri(X, y, task, size):
    r = f"{_thumbnail_marker(size) / 2:g}"
    background = svg_quote(f"<rect width='{size}' height='{size}' fill='{WHITE}'/>")
    return quoted_svg_data_uri(size, size, background + _circles(X, y, task, size, r, 1))


def data_thumbnail_uri(X, y, task, n_classes=2, size=90):
    """The picture of :func:`data_thumbnail` as a small SVG ``data:`` URI (``size`` × ``size`` px, the plane filling
    it, points in their class colours on white), for ``st.image`` or an ``<img>`` in a dataset picker: no chart
    to mount. Cached by content, so asking again for each dataset on every rerun costs next to nothing."""
    check_task(task, n_classes)
    return _thumbnail_uri(*_arrays(X, y), task, int(size))


PRESET_PX = 64   # a preset's thumbnail


@lru_cache(maxsize=len(PRESETS))
def preset_thumbnail(name):
    """An SVG data: URI of preset `name`'s data (all its points, in their class colours)."""
    c, _ = Config.from_query(PRESETS[name].settings)
    X, y = c.make_data()
    return data_thumbnail_uri(X, y, c.problem, c.n_classes, PRESET_PX)
