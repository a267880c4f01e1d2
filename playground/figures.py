"""Plotly figures for the playground: pure functions, data/model state in, ``go.Figure`` out.

No Streamlit here, so everything is testable without a server. The figures are rebuilt and sent to the
browser many times a second while a network trains, so they are built to be small and still:

* big arrays are float32/uint8 ndarrays, which plotly >= 6 sends base64-encoded (``{"dtype", "bdata"}``);
* every trace is fully specified and the template is empty, so the payload does not carry plotly's (or
  Streamlit's) ~3-7 kB default template; Streamlit's ``theme="streamlit"`` still styles fonts and
  backgrounds, as it writes into ``layout.template.layout`` and explicit layout values win;
* axis ranges, margins, width and height are fixed, zoom/drag are off (``fixedrange``, ``dragmode``),
  no animations or transitions; nothing depends on the chart ``config``.

Colours follow TensorFlow Playground: orange = class 0 / negative, blue = class 1 / positive, near-white
at the boundary. The filled maps use a lighter tint of the class colours so the points stand out.
"""
import base64
import functools
import struct
import zlib
from urllib.parse import quote

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from nn_core.datasets import PLANE

ORANGE = "#f59322"
BLUE = "#0877bd"
NEUTRAL = "#e8eaeb"
"""TF Playground's colour scale: orange (negative / class 0), near-white (0), blue (positive / class 1)."""

CLASS_COLORS = ("#f59322", "#0877bd", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
"""Qualitative palette for up to 6 classes; classes 0 and 1 match the binary orange and blue."""

BACKGROUND_STRENGTH = 0.75
"""How far the filled decision maps go from NEUTRAL towards a class colour (1 = the full point colour)."""

TRAIN_OUTLINE = "#ffffff"
TEST_OUTLINE = "#222222"
DECISION_LINE = "#222222"
TRAIN_LINE = "#444444"
TEST_LINE = "#0877bd"

LEVELS = {"sigmoid": 0.5, "softmax": 0.5, "tanh": 0.0, "linear": 0.0}
"""Decision level of a binary output head: probability heads at 0.5, ±1 heads at 0."""

_RANGE = [float(PLANE[0]), float(PLANE[1])]
# Margins with l + r == t + b, so a figure of width == height has a square plot area (the y axis is also
# anchored to x with scaleratio 1, which keeps it square when Streamlit stretches the width).
# The top margin holds the one-row legend (a smaller one would be pushed open by plotly.js, shrinking the plot).
_MARGIN = dict(l=48, r=34, t=42, b=40, pad=0)


def _hex_rgb(color):
    color = color.lstrip("#")
    return np.array([int(color[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def _rgb_hex(rgb):
    r, g, b = (int(v) for v in np.clip(np.rint(rgb), 0, 255))
    return f"#{r:02x}{g:02x}{b:02x}"


def _tint(color, strength=BACKGROUND_STRENGTH):
    """``color`` blended from NEUTRAL: strength 0 -> NEUTRAL, 1 -> ``color``."""
    neutral = _hex_rgb(NEUTRAL)
    return _rgb_hex(neutral + strength * (_hex_rgb(color) - neutral))


BACKGROUND_COLORS = tuple(_tint(c) for c in CLASS_COLORS)
"""Fill colour of each class region at full confidence (and with ``discretize``)."""

POINT_SCALE = [[0.0, ORANGE], [0.5, NEUTRAL], [1.0, BLUE]]
"""Diverging scale for points (binary labels 0/1, regression targets -1..1)."""

BACKGROUND_SCALE = [[0.0, BACKGROUND_COLORS[0]], [0.5, NEUTRAL], [1.0, BACKGROUND_COLORS[1]]]
DISCRETE_SCALE = [[0.0, BACKGROUND_COLORS[0]], [0.5, BACKGROUND_COLORS[0]],
                  [0.5, BACKGROUND_COLORS[1]], [1.0, BACKGROUND_COLORS[1]]]
"""Background scales: continuous, and two-colour for ``discretize``."""

_BACKGROUND_RGB = np.array([_hex_rgb(c) for c in BACKGROUND_COLORS])
_NEUTRAL_RGB = _hex_rgb(NEUTRAL)


def _figure(data, layout):
    """A real ``go.Figure``; property validation skipped (the inputs are built here, and validation
    of the big arrays is most of the build time). ``fig.data``/``fig.layout`` work as usual."""
    return go.Figure(data=data, layout=layout, _validate=False)


def figure_payload_bytes(fig):
    """Size in bytes of the JSON that is sent to the browser for ``fig``."""
    return len(pio.to_json(fig, validate=False))


def _f32(a):
    return np.ascontiguousarray(a, dtype=np.float32)


def _step(coords):
    """``(start, step)`` of evenly spaced ``coords``, or ``None`` when they are not evenly spaced."""
    coords = np.asarray(coords, dtype=np.float64)
    if coords.size < 2:
        return None
    diffs = np.diff(coords)
    if np.allclose(diffs, diffs[0], rtol=1e-6, atol=1e-9) and diffs[0] > 0:
        return float(coords[0]), float(diffs[0])
    return None


def _grid_placement(grid):
    """Position keywords for a heatmap/contour over the grid: x0/dx/y0/dy when evenly spaced."""
    sx, sy = _step(grid.xs), _step(grid.ys)
    out = {}
    out.update(dict(x0=sx[0], dx=sx[1]) if sx else dict(x=_f32(grid.xs)))
    out.update(dict(y0=sy[0], dy=sy[1]) if sy else dict(y=_f32(grid.ys)))
    return out


def _axis(title, **extra):
    return dict(range=list(_RANGE), fixedrange=True, autorange=False, title=dict(text=title), showgrid=False,
                zeroline=False, automargin=False, tickmode="linear", tick0=_RANGE[0], dtick=2, ticks="outside",
                ticklen=4, showline=True, linecolor="#888888", mirror=True, constrain="domain", **extra)


def _marker_size(size):
    return max(3.0, round(size / 80, 1))


def _scale_hex(values, levels=20):
    """Hex colours of ``values`` on POINT_SCALE over [-1, 1] (orange, neutral at 0, blue), clamped and
    rounded to ``levels`` steps each side (so points share colours: a smaller SVG)."""
    t = np.rint(np.clip(np.asarray(values, dtype=np.float64), -1.0, 1.0) * levels)[:, None] / levels
    rgb = np.where(t > 0, _NEUTRAL_RGB + t * (_hex_rgb(BLUE) - _NEUTRAL_RGB),
                   _NEUTRAL_RGB - t * (_hex_rgb(ORANGE) - _NEUTRAL_RGB))
    return [_rgb_hex(c) for c in rgb]


def point_fills(y, task):
    """Fill colour of each point: its class colour, or its regression target on POINT_SCALE."""
    if task == "regression":
        return _scale_hex(y)
    return [CLASS_COLORS[int(c)] for c in np.asarray(y)]


def _plot_px(size):
    return size - _MARGIN["l"] - _MARGIN["r"]


def _quote(svg):
    return quote(svg, safe="='/:;,. ")


def _circles(X, y, task, outline, size):
    """One SVG group of outlined circles, URL-quoted for a data URI, in whole pixels of the plot area of a
    ``size`` figure (half a pixel off at most), the circles of one fill colour in one sub-group (a compact
    payload: ~30 bytes a point). The points do not change while a network trains, so the group is cached by
    content (building and quoting it took 1 ms a redraw for 500 points, 4 ms for 2000)."""
    X = np.ascontiguousarray(X, dtype=np.float64)
    y = np.ascontiguousarray(y)
    return _circles_cached(X.tobytes(), y.tobytes(), y.dtype.str, task, outline, size)


@functools.lru_cache(maxsize=64)
def _circles_cached(x_bytes, y_bytes, y_dtype, task, outline, size):
    X = np.frombuffer(x_bytes, dtype=np.float64).reshape(-1, 2)
    fills = point_fills(np.frombuffer(y_bytes, dtype=y_dtype), task)
    px = _plot_px(size)
    lo, hi = _RANGE
    cx = np.rint((X[:, 0] - lo) / (hi - lo) * px).astype(int)
    cy = np.rint((hi - X[:, 1]) / (hi - lo) * px).astype(int)
    r = f"{_marker_size(size) / 2:g}"
    by_fill = {}
    for x, y, f in zip(cx, cy, fills):
        by_fill.setdefault(f, []).append(f"<circle cx='{x}' cy='{y}' r='{r}'/>")
    body = "".join(f"<g fill='{f}'>{''.join(c)}</g>" for f, c in by_fill.items())
    return _quote(f"<g stroke='{outline}' stroke-width='1'>{body}</g>")


def point_layers(sets, task, size):
    """Data points drawn cheaply: ``sets`` is a list of ``(name, X, y, outline)``; returns legend-only swatch
    traces (one per non-empty set) and one layout image, an SVG of all the circles over the plot area, drawn
    by the browser natively (no SVG node per point: 250 plotly markers cost about 20 ms per redraw). The
    points have no hover (they had none before)."""
    swatches, groups = [], []
    for name, X, y, outline in sets:
        if X is None or np.asarray(X).size == 0:
            continue
        swatches.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name, legendgroup=name,
                             showlegend=True, hoverinfo="skip",
                             marker=dict(color="#9aa0a6", size=_marker_size(size) + 1,
                                         line=dict(color=outline, width=1.5))))
        groups.append(_circles(X, y, task, outline, size))
    if not groups:
        return [], []
    px = _plot_px(size)
    svg = (_quote(f"<svg xmlns='http://www.w3.org/2000/svg' width='{px}' height='{px}' viewBox='0 0 {px} {px}'>")
           + "".join(groups) + _quote("</svg>"))
    lo, hi = _RANGE
    image = dict(source="data:image/svg+xml," + svg, xref="x", yref="y", x=lo, y=hi,
                 sizex=hi - lo, sizey=hi - lo, xanchor="left", yanchor="top", sizing="stretch", layer="above",
                 name="points")
    return swatches, [image]


def _point_colors(y, task, n_classes):
    """Per-point marker colours for labels/targets ``y`` (uint8 class index, or float32 target) and the
    marker keywords that put them on the class palette / diverging scale."""
    y = np.asarray(y)
    if task == "regression":
        return _f32(y), dict(colorscale=POINT_SCALE, cmin=-1.0, cmax=1.0, showscale=False)
    k = 2 if task == "binary" else n_classes
    scale = [[i / (k - 1), CLASS_COLORS[i]] for i in range(k)]
    return np.ascontiguousarray(y, dtype=np.uint8), dict(colorscale=scale, cmin=0, cmax=k - 1, showscale=False)


def _check(task, n_classes):
    if task not in ("binary", "multiclass", "regression"):
        raise ValueError(f"unknown task {task!r}; expected 'binary', 'multiclass' or 'regression'")
    if task == "multiclass" and not 2 <= n_classes <= len(CLASS_COLORS):
        raise ValueError(f"n_classes must be in 2..{len(CLASS_COLORS)} (one colour each), got {n_classes}")


def _check_image(image):
    if image not in ("png", "array"):
        raise ValueError(f"image must be 'png' or 'array', got {image!r}")


def class_image(probs, discretize=False):
    """RGB uint8 image (rows over x2 upward, columns over x1) of softmax ``probs`` (n, n, k): each pixel in
    its argmax class colour, faded towards NEUTRAL as the confidence falls to chance (1/k);
    ``discretize`` gives the full class colour everywhere."""
    probs = np.asarray(probs)
    k = probs.shape[-1]
    if k > len(CLASS_COLORS):
        raise ValueError(f"at most {len(CLASS_COLORS)} classes can be drawn, got {k}")
    cls = np.argmax(probs, axis=-1)
    if discretize:
        rgb = _BACKGROUND_RGB[cls]
    else:
        conf = np.take_along_axis(probs, cls[..., None], axis=-1)
        t = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
        rgb = _NEUTRAL_RGB + t * (_BACKGROUND_RGB[cls] - _NEUTRAL_RGB)
    return np.ascontiguousarray(np.rint(rgb), dtype=np.uint8)


def diverging_image(values, lo, hi, discretize=False):
    """RGB uint8 image of ``values`` (n, n) on the orange-neutral-blue background scale over [lo, hi]
    (midpoint neutral); ``discretize`` gives the two full background colours, split at the midpoint."""
    t = np.clip((np.asarray(values, dtype=np.float64) - lo) / (hi - lo), 0.0, 1.0) * 2.0 - 1.0
    side = np.where((t > 0)[..., None], _BACKGROUND_RGB[1], _BACKGROUND_RGB[0])
    rgb = side if discretize else _NEUTRAL_RGB + np.abs(t)[..., None] * (side - _NEUTRAL_RGB)
    return np.ascontiguousarray(np.rint(rgb), dtype=np.uint8)


def _image_trace(grid, rgb, name):
    sx, sy = _step(grid.xs), _step(grid.ys)
    if sx is None or sy is None:
        raise ValueError("a map needs an evenly spaced grid")
    return dict(type="image", source=png_data_uri(rgb), x0=sx[0], dx=sx[1], y0=sy[0], dy=sy[1], zsmooth="fast",
                hoverinfo="skip", name=name)


def _png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png_data_uri(rgb):
    """``data:image/png;base64,...`` of a uint8 (h, w, 3) array, file row 0 = array row 0 (no flip)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = rgb.shape
    raw = np.zeros((h, 1 + 3 * w), dtype=np.uint8)  # filter byte 0 ("None") before every row
    raw[:, 1:] = rgb.reshape(h, 3 * w)
    png = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + _png_chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + _png_chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def boundary_figure(grid, task, X_train, y_train, X_test=None, y_test=None, *, n_classes=2, show_test=True,
                    discretize=False, head="sigmoid", size=480, image="png"):
    """The model's output over the plane with the data on top.

    ``grid`` is a ``nn_core.grid.GridOutputs``; ``task`` is "binary", "multiclass" or "regression".

    * binary: one ``go.Contour`` trace with ``coloring="heatmap"`` (the z array is sent once) filling the
      plane with the output and drawing the single decision level (0.5 for sigmoid/softmax, 0 for
      tanh/linear) as a dark line. A 2-unit softmax output is drawn as p(class 1).
    * multiclass: a ``go.Image`` in class colours (see :func:`class_image`), pixel row r at
      ``y = grid.ys[r]`` (x2 upward: the y axis is not reversed, plotly.js flips the image to match).
      ``image="png"`` sends it as a PNG data URI (``source``, ~1-8 kB at n=100, drawn by the browser);
      ``image="array"`` as a base64 uint8 ``z`` array (~40 kB, drawn pixel by pixel in JS).
    * regression: a ``go.Heatmap`` of the prediction on [-1, 1] (values beyond are clamped in colour).

    ``discretize`` shows only the class colours (regression: the sign of the prediction).
    """
    _check(task, n_classes)
    _check_image(image)
    out = np.asarray(grid.output)
    traces = []
    if task == "multiclass":
        if out.shape[-1] != n_classes:
            raise ValueError(f"multiclass output has {out.shape[-1]} units but n_classes is {n_classes}")
        rgb = class_image(out, discretize)
        if image == "png":
            traces.append(_image_trace(grid, rgb, "classes"))
        else:
            sx, sy = _step(grid.xs), _step(grid.ys)
            traces.append(dict(type="image", z=rgb, colormodel="rgb", x0=sx[0], dx=sx[1], y0=sy[0], dy=sy[1],
                               hoverinfo="skip", name="classes"))
    elif task == "binary":
        z = out[..., 1] if out.shape[-1] == 2 else out[..., 0]
        level = 0.5 if out.shape[-1] == 2 else LEVELS.get(head, 0.5)
        zmin, zmax = (0.0, 1.0) if level == 0.5 else (-1.0, 1.0)
        label = "p(blue)" if level == 0.5 else "output"
        traces.append(_image_trace(grid, diverging_image(z, zmin, zmax, discretize), "output"))
        traces.append(dict(
            type="contour", z=_f32(z), **_grid_placement(grid), zmin=zmin, zmax=zmax, zauto=False,
            autocontour=False, ncontours=1, contours=dict(start=level, end=level, size=1.0, coloring="lines",
                                                          showlabels=False),
            colorscale=[[0.0, DECISION_LINE], [1.0, DECISION_LINE]], showscale=False,
            line=dict(color=DECISION_LINE, width=2.0, smoothing=0.0), name="decision boundary", showlegend=False,
            hovertemplate=f"x₁ %{{x:.2f}}, x₂ %{{y:.2f}}<br>{label} %{{z:.3f}}<extra></extra>"))
    else:
        traces.append(_image_trace(grid, diverging_image(out[..., 0], -1.0, 1.0, discretize), "prediction"))

    sets = [("train", X_train, y_train, TRAIN_OUTLINE)]
    if show_test:
        sets.append(("test", X_test, y_test, TEST_OUTLINE))
    swatches, images = point_layers(sets, task, size)
    traces += swatches

    layout = dict(
        template={}, width=size, height=size, autosize=False, margin=dict(_MARGIN),
        xaxis=_axis("x₁"), yaxis=_axis("x₂", scaleanchor="x", scaleratio=1),
        showlegend=True, legend=dict(orientation="h", x=1.0, xanchor="right", y=1.0, yanchor="bottom",
                                     font=dict(size=11), bgcolor="rgba(0,0,0,0)", itemclick=False,
                                     itemdoubleclick=False, traceorder="normal"),
        images=images, uirevision="boundary", dragmode=False, hovermode="closest")
    return _figure(traces, layout)


def _thin(n, max_points):
    """Indices of at most ``max_points`` of ``n`` points, evenly spread, first and last kept."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.rint(np.linspace(0, n - 1, max(2, max_points))).astype(np.int64))


LEGEND = dict(orientation="h", x=1.0, xanchor="right", y=1.0, yanchor="bottom", font=dict(size=11),
              bgcolor="rgba(0,0,0,0)")


def epoch_layout(epochs, y_title, log_y, *, height, width, uirevision):
    """The layout of a series-against-epoch chart: x spans first..last epoch (at least 10 epochs), y linear
    from 0 or logarithmic, fixed size and no zoom, legend on top."""
    lo = float(epochs[0]) if len(epochs) else 0.0
    hi = float(epochs[-1]) if len(epochs) else 1.0
    yaxis = dict(title=dict(text=y_title), fixedrange=True, automargin=False, zeroline=False)
    if log_y:
        yaxis.update(type="log", dtick="D2", exponentformat="power")
    else:
        yaxis.update(type="linear", rangemode="tozero")
    layout = dict(
        template={}, height=height, autosize=width is None, margin=dict(l=56, r=16, t=44, b=40, pad=0),
        xaxis=dict(title=dict(text="Epoch"), range=[lo, max(hi, lo + 10.0)], autorange=False, fixedrange=True,
                   automargin=False, zeroline=False),
        yaxis=yaxis, showlegend=True, legend=dict(LEGEND), uirevision=uirevision, dragmode=False, hovermode="x")
    if width is not None:
        layout["width"] = width
    return layout


def loss_figure(epochs, train_loss, test_loss=None, *, log_y=False, max_points=300, height=220, width=None,
                marker=None):
    """Train (dark grey) and test (blue) loss against epoch.

    ``marker`` (an epoch) draws a dashed vertical line there, e.g. the timeline snapshot on show.
    More than ``max_points`` points are thinned evenly (first and last kept) so the payload does not grow
    with the length of training. A test series that is missing, empty or all NaN is left out.
    ``log_y`` puts the loss on a log scale. ``width=None`` lets the chart take its container's width.
    The x axis spans first..last epoch, at least 10 epochs (so early on it shows whole-epoch ticks).
    """
    epochs = np.asarray(epochs)
    train = np.asarray(train_loss, dtype=np.float64)
    if epochs.shape != train.shape:
        raise ValueError(f"epochs and train_loss differ in length: {epochs.shape} vs {train.shape}")
    test = None if test_loss is None else np.asarray(test_loss, dtype=np.float64)
    if test is not None and (test.shape != epochs.shape or not np.isfinite(test).any()):
        test = None
    keep = _thin(len(epochs), max_points)
    x = np.ascontiguousarray(epochs[keep], dtype=np.int32 if epochs.dtype.kind in "iub" else np.float32)
    mode = "lines+markers" if len(keep) == 1 else "lines"
    traces = []
    for name, series, color in (("train", train, TRAIN_LINE), ("test", test, TEST_LINE)):
        if series is None or not len(keep):
            continue
        traces.append(dict(type="scatter", x=x, y=_f32(series[keep]), mode=mode, name=name, cliponaxis=False,
                           line=dict(color=color, width=2), marker=dict(color=color, size=6),
                           hovertemplate=f"epoch %{{x}}<br>{name} %{{y:.4g}}<extra></extra>"))
    layout = epoch_layout(epochs, "Loss", log_y, height=height, width=width, uirevision="loss")
    if marker is not None:
        layout["shapes"] = [dict(type="line", xref="x", yref="paper", x0=float(marker), x1=float(marker), y0=0,
                                 y1=1, line=dict(color=DECISION_LINE, width=1.5, dash="dash"))]
    return _figure(traces, layout)


def data_thumbnail(X, y, task, n_classes=2, size=90):
    """A tiny scatter preview of a dataset: no axes, legend or hover; the plane fills the square."""
    _check(task, n_classes)
    X = np.asarray(X)
    colors, scale = _point_colors(y, task, n_classes)
    marker = dict(color=colors, size=max(2.0, round(size / 30, 1)), line=dict(width=0), **scale)
    trace = dict(type="scatter", x=_f32(X[:, 0]), y=_f32(X[:, 1]), mode="markers", marker=marker,
                 hoverinfo="skip", showlegend=False)
    hidden = dict(range=list(_RANGE), autorange=False, fixedrange=True, visible=False, constrain="domain")
    layout = dict(template={}, width=size, height=size, autosize=False,
                  margin=dict(l=0, r=0, t=0, b=0, pad=0), xaxis=hidden, yaxis=dict(hidden, scaleanchor="x"),
                  showlegend=False, hovermode=False, dragmode=False, plot_bgcolor="#ffffff",
                  uirevision="thumbnail")
    return _figure([trace], layout)
