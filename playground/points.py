"""The data points drawn cheaply: as one SVG image over the plane (in the boundary and neuron-map figures), as
a tiny thumbnail figure, and as a thumbnail ``data:`` URI for a dataset picker.

No SVG node per point: plotly markers cost the browser time on every redraw (bench/README.md), an image of
circles is drawn by the browser natively. The points do not change while a network trains, so their SVG is
cached by content.
"""
import numpy as np

from .charts import f32, figure
from .encode import cached_by_content, quoted_svg_data_uri, svg_quote
from .palette import CLASS_COLORS, GREY, POINT_SCALE, TEST_OUTLINE, TRAIN_OUTLINE, WHITE, point_fills
from .plane import RANGE, plot_px

TASKS = ("binary", "multiclass", "regression")
SWATCH = GREY
"""Fill of the legend swatches of the point sets (the points themselves are in their class colours)."""


def check_task(task, n_classes):
    """Raise ValueError unless ``task`` is known and a multiclass task has 2..6 classes (one colour each)."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected 'binary', 'multiclass' or 'regression'")
    if task == "multiclass" and not 2 <= n_classes <= len(CLASS_COLORS):
        raise ValueError(f"n_classes must be in 2..{len(CLASS_COLORS)} (one colour each), got {n_classes}")


def marker_size(size):
    """Diameter in px of a data point in a ``size`` px plane figure."""
    return max(3.0, round(size / 80, 1))


def _thumbnail_marker(size):
    return max(2.0, round(size / 30, 1))


@cached_by_content(maxsize=64)
def _circles(X, y, task, outline, px, r):
    """One SVG group of circles of radius ``r`` (text), :func:`svg_quote`-d, in whole pixels of a ``px`` square
    showing the plane (half a pixel off at most), outlined in ``outline`` (``None``: no outline), the circles of
    one fill colour in one sub-group (a compact payload). Cached by content, as the points do not change while
    a network trains."""
    X = X.reshape(-1, 2)
    fills = point_fills(y, task)
    lo, hi = RANGE
    cx = np.rint((X[:, 0] - lo) / (hi - lo) * px).astype(int)
    cy = np.rint((hi - X[:, 1]) / (hi - lo) * px).astype(int)
    by_fill = {}
    for x_, y_, f in zip(cx, cy, fills):
        by_fill.setdefault(f, []).append(f"<circle cx='{x_}' cy='{y_}' r='{r}'/>")
    body = "".join(f"<g fill='{f}'>{''.join(c)}</g>" for f, c in by_fill.items())
    stroke = "" if outline is None else f" stroke='{outline}' stroke-width='1'"
    return svg_quote(f"<g{stroke}>{body}</g>")


def _arrays(X, y):
    return np.ascontiguousarray(X, dtype=np.float64), np.ascontiguousarray(y)


def point_layers(sets, task, size):
    """Data points drawn cheaply: ``sets`` is a list of ``(name, X, y, outline)``; returns legend-only swatch
    traces (one per non-empty set) and one layout image, an SVG of all the circles over the plot area of a
    ``size`` px plane figure, drawn by the browser natively. The points have no hover."""
    swatches, groups = [], []
    px, r = plot_px(size), f"{marker_size(size) / 2:g}"
    for name, X, y, outline in sets:
        if X is None or np.asarray(X).size == 0:
            continue
        swatches.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name, legendgroup=name,
                             showlegend=True, hoverinfo="skip",
                             marker=dict(color=SWATCH, size=marker_size(size) + 1,
                                         line=dict(color=outline, width=1.5))))
        groups.append(_circles(*_arrays(X, y), task, outline, px, r))
    if not groups:
        return [], []
    lo, hi = RANGE
    image = dict(source=quoted_svg_data_uri(px, px, "".join(groups)), xref="x", yref="y", x=lo, y=hi,
                 sizex=hi - lo, sizey=hi - lo, xanchor="left", yanchor="top", sizing="stretch", layer="above",
                 name="points")
    return swatches, [image]


def train_test_layers(task, size, X_train, y_train, X_test=None, y_test=None, show_test=True):
    """:func:`point_layers` of the training points (white outline) and, with ``show_test``, the test points."""
    sets = [("train", X_train, y_train, TRAIN_OUTLINE)]
    if show_test:
        sets.append(("test", X_test, y_test, TEST_OUTLINE))
    return point_layers(sets, task, size)


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
    return quoted_svg_data_uri(size, size, background + _circles(X, y, task, None, size, r))


def data_thumbnail_uri(X, y, task, n_classes=2, size=90):
    """The picture of :func:`data_thumbnail` as a small SVG ``data:`` URI (``size`` × ``size`` px, the plane filling
    it, points in their class colours on white), for ``st.image`` or an ``<img>`` in a dataset picker: no chart
    to mount. Cached by content, so asking again for each dataset on every rerun costs next to nothing."""
    check_task(task, n_classes)
    return _thumbnail_uri(*_arrays(X, y), task, int(size))
