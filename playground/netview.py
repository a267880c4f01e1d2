"""The network diagram (TF Playground style) and one neuron's map: pure Plotly figure builders, no Streamlit.

`network_figure` draws every input feature and every neuron as a small square map of its output over the input
plane, taken from the core's one-pass grid evaluation (``grid.layers[l][..., j]``, no forward pass here), with the
links between consecutive layers (width ~ |w|, colour by sign) and a bias square on every neuron. It is redrawn
live many times a second and Streamlit remounts the chart on every redraw, so it is built to be cheap for the
browser. A remount costs plotly.js about 1 ms per trace plus a little per SVG node it creates, and it converts
every point of a trace or a shape path in JavaScript; so

* the node maps are ``layout.images`` (one small PNG data URI per node: a map_px × map_px sample of the grid);
* the links and the bias squares are one more image, an SVG data URI with one ``<path>`` per sign (every link a
  band of exact width ~ |w|): the browser draws it natively, with no JavaScript per link. (Scatter traces with
  NaN-separated segments create one SVG element per segment, ~270 ms for the 7264 links of an 8 × 32 net;
  shape paths are parsed number by number, ~110 ms.) Chromium loads data-URI images at once, so a remount should
  not flicker (the boundary figure relies on the same).
  Above ``AA_MAX_LINKS`` links the bands are drawn without anti-aliasing (a hairball looks the same);
* three traces: the link values for hovering (``mode="none"``: hover without any SVG node), the node markers
  (box outline, hover and click target with customdata) and the text labels; the selection is two shapes.

Coordinates: the data units of both axes are screen pixels of the plot area (y grows downwards), so images,
markers and line widths agree; show the figure at its own width (``st.plotly_chart(fig, width="content")``).

Colour ranges of the maps (fixed, so a map's colours mean the same from one redraw to the next):

* input features: symmetric ``[-m, m]`` with m = max |feature| over the plane (x₁: [-6, 6], x₁²: [-36, 36],
  sin x₁: [-1, 1]);
* hidden tanh and sine neurons: [-1, 1]; sigmoid: [0, 1] (0.5 neutral);
* hidden ReLU-like and unbounded activations (relu, leaky_relu, elu, swish, softplus, linear): ``[-m, m]`` with
  m = max |value| over the plane of the whole layer, so neurons of one layer can be compared;
* output: sigmoid [0, 1], tanh and linear [-1, 1] (as the decision-boundary figure); softmax: one node per class,
  neutral → that class's colour with intensity p(class).

Values are orange below the middle of the range, near-white at it, blue above (``figures.diverging_image``).
"""
import math

import numpy as np

from nn_core.datasets import FEATURES

from .figures import (
    _MARGIN,
    BACKGROUND_COLORS,
    BLUE,
    DECISION_LINE,
    NEUTRAL,
    ORANGE,
    TEST_OUTLINE,
    TRAIN_OUTLINE,
    _axis,
    _f32,
    _figure,
    _grid_placement,
    _image_trace,
    diverging_image,
    png_data_uri,
    point_layers,
)

MAX_HEIGHT = 700
"""Height cap (px) of the network figure when ``height=None``."""
NODE_MAX = 40
"""Largest node box (px side), for small networks."""
NODE_MIN = 14
"""Smallest node box (px side) with ``height=None`` and ``width`` >= 500 for any net up to 8 × 32 neurons (a
32-neuron column at the height cap gets 16 px)."""
NODE_SHARE = 0.78
"""Node box side as a share of the vertical node pitch (the rest is the gap between boxes)."""
MAP_MAX, MAP_MIN, MAP_SHARE = 20, 8, 0.75
"""Resolution of the node maps (pixels per side): by default 3/4 of the node side in px, within MAP_MIN..MAP_MAX
(the browser scales them up smoothly)."""
MAX_COLUMN_PITCH = 200
FONT = 11
TOP = 22           # label row above the columns
BOTTOM = 8         # room under the last node for its bias square
EDGE = 4           # figure margin on every side
BORDER = "#9aa0a6"
ZERO = "#9aa0a6"   # colour of a bias that is exactly 0 (as after most initializers)
SELECTED = ("#ffffff", "#222222")   # the selection outline: a white halo under a dark line (light and dark themes)
NODE_TRACE = "nodes"
LINK_HOVER_TRACE = "link values"

BOUNDED = {"tanh": (-1.0, 1.0), "sine": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}
"""Hidden activations with a fixed output range; all others are scaled by the layer's max |value|."""
HEAD_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "linear": (-1.0, 1.0)}

_NEUTRAL_RGB = np.array([int(NEUTRAL[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)
_CLASS_RGB = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in BACKGROUND_COLORS], dtype=np.float64)


# ---- colours of the maps -------------------------------------------------------------------------------------
def value_range(values, layer, n_layers, activation="tanh", head="sigmoid"):
    """``(lo, hi)`` arrays (one entry per unit) of the colour range of grid layer ``layer`` (values (n, n, units),
    layer 0 = features, ``n_layers`` = the output layer), or ``None`` for a softmax output (class intensity)."""
    values = np.asarray(values)
    units = values.shape[-1]
    if layer == n_layers and head == "softmax":
        return None
    if layer == 0 or (layer < n_layers and activation not in BOUNDED):
        finite = np.where(np.isfinite(values), np.abs(values), 0.0)
        axes = tuple(range(values.ndim - 1)) if layer == 0 else None
        m = np.broadcast_to(finite.max(axis=axes) if finite.size else 0.0, (units,)).astype(np.float64)
        m = np.where(m > 0, m, 1.0)
        return -m, m.copy()
    lo, hi = HEAD_RANGES.get(head, (-1.0, 1.0)) if layer == n_layers else BOUNDED[activation]
    return np.full(units, lo), np.full(units, hi)


def map_colors(values, ranges):
    """RGB uint8 (..., units, 3) of ``values`` (..., units) with ``ranges`` from :func:`value_range`."""
    values = np.asarray(values, dtype=np.float64)
    if ranges is None:  # softmax: neutral -> class colour by probability
        p = np.clip(np.nan_to_num(values, nan=0.0), 0.0, 1.0)[..., None]
        cls = _CLASS_RGB[np.arange(values.shape[-1]) % len(_CLASS_RGB)]
        return np.ascontiguousarray(np.rint(_NEUTRAL_RGB + p * (cls - _NEUTRAL_RGB)), dtype=np.uint8)
    lo, hi = ranges
    return diverging_image(np.where(np.isnan(values), (np.asarray(lo) + hi) / 2, values), lo, hi)


def sample_indices(n, map_px):
    """Indices of the grid rows/columns shown in a map of ``map_px`` pixels: evenly spread, first and last kept."""
    m = max(1, min(int(map_px), n))
    return np.rint(np.linspace(0, n - 1, m)).astype(np.int64)


def _ranges_text(ranges, j):
    if ranges is None:
        return "colour: p(class), 0 … 1"
    return f"colour: {ranges[0][j]:.3g} … {ranges[1][j]:.3g}"


# ---- geometry ------------------------------------------------------------------------------------------------
def _text_width(text, size=FONT):
    """A generous estimate of the width of ``text`` in px (sans-serif averages ~0.55 em per character)."""
    return 0.62 * size * len(text)


def _layer_label(layer, n_layers, units, room, head):
    if layer == 0:
        options = ["features", "input"]
    elif layer == n_layers:
        options = [f"{units} classes" if head == "softmax" and units > 1 else "output", "out"]
    else:
        options = [f"{units} neuron" + ("s" if units > 1 else ""), f"{units} n.", str(units)]
    for text in options:
        if _text_width(text) <= room:
            return text
    return options[-1]


def _geometry(sizes, labels, width, height, map_px, head):
    """Node side, pitch, map size and every node's centre, in px of the plot area (y downwards)."""
    n_cols, n_max = len(sizes), max(sizes)
    plot_w = width - 2 * EDGE
    label_w = max(_text_width(t) for t in labels) + 8
    first = _text_width(_layer_label(0, n_cols - 1, sizes[0], 1e9, head)) / 2      # half the top labels at the
    last = _text_width(_layer_label(n_cols - 1, n_cols - 1, sizes[-1], 1e9, head)) / 2   # two ends
    if height is None:
        height = int(min(MAX_HEIGHT, math.ceil(2 * EDGE + TOP + BOTTOM + n_max * NODE_MAX / NODE_SHARE)))
    plot_h = height - 2 * EDGE
    pitch = (plot_h - TOP - BOTTOM) / n_max

    def reach(side):      # room needed left of the first column's centre and right of the last one's
        return max(label_w + side / 2, first + 2), max(side / 2, last) + 2

    left, right = reach(NODE_MAX)
    col_pitch = (plot_w - left - right) / max(1, n_cols - 1)
    side = max(4.0, math.floor(min(NODE_MAX, NODE_SHARE * pitch, 0.45 * col_pitch)))
    left, right = reach(side)
    col_pitch = min(MAX_COLUMN_PITCH, (plot_w - left - right) / max(1, n_cols - 1))
    map_px = int(map_px or np.clip(round(MAP_SHARE * side), MAP_MIN, MAP_MAX))
    used = left + right + (n_cols - 1) * col_pitch
    xs = left + max(0.0, (plot_w - used) / 2) + col_pitch * np.arange(n_cols)
    y_mid = TOP + (plot_h - TOP - BOTTOM) / 2
    ys = [y_mid + pitch * (np.arange(n) - (n - 1) / 2) for n in sizes]
    return dict(side=side, pitch=pitch, col_pitch=col_pitch, xs=xs, ys=ys, width=width, height=height,
                plot_w=plot_w, plot_h=plot_h, map_px=map_px)


# ---- network figure ------------------------------------------------------------------------------------------
SVG_SCALE = 10
"""Coordinates in the links image are integers in 1/SVG_SCALE px."""
AA_MAX_LINKS = 1000
"""Above this many links they are drawn without anti-aliasing: a software-rastered browser (headless Chromium)
spends ~100 ms anti-aliasing the 7264 links of an 8 × 32 net, ~25 ms without, and a hairball looks the same."""


def _rgb(color):
    return f"rgb({int(color[1:3], 16)},{int(color[3:5], 16)},{int(color[5:7], 16)})"


def _bands_path(x0, y0, x1, y1, width):
    """SVG path data of the bands (x0, y0)-(x1, y1) with vertical ends, perpendicular ``width``: one
    ``M x y l dx dy v h l -dx -dy z`` per band, in integer 1/SVG_SCALE px, all wound the same way (so the
    non-zero rule fills overlapping bands once)."""
    dx = x1 - x0
    h = width * np.hypot(dx, y1 - y0) / np.where(dx > 0, dx, 1.0)   # vertical thickness for that width
    ends = np.rint(np.column_stack([x0, y0 - h / 2, x1, y1 - h / 2, h]) * SVG_SCALE).astype(np.int64)
    a = np.empty((len(ends), 7), dtype=np.int64)
    a[:, 0], a[:, 1] = ends[:, 0], ends[:, 1]
    a[:, 2], a[:, 3] = ends[:, 2] - ends[:, 0], ends[:, 3] - ends[:, 1]
    a[:, 4] = np.maximum(ends[:, 4], 1)
    a[:, 5], a[:, 6] = -a[:, 2], -a[:, 3]
    return ("M%d %dl%d %dv%dl%d %dz" * len(a)) % tuple(a.ravel().tolist())


def _squares_path(cx, cy, side):
    """SVG path data of squares centred on (cx, cy), in integer 1/SVG_SCALE px."""
    a = np.rint(np.column_stack([cx - side / 2, cy - side / 2, side, side, -side]) * SVG_SCALE).astype(np.int64)
    a[:, 3], a[:, 4] = a[:, 2], -a[:, 2]
    return ("M%d %dh%dv%dh%dz" * len(a)) % tuple(a.ravel().tolist())


def svg_data_uri(width, height, body):
    """``data:image/svg+xml,...`` of an SVG of ``width`` × ``height`` px whose user units are 1/SVG_SCALE px.
    ``body`` must use single quotes and no '#' or '%' (the only characters escaped are < and >)."""
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
           f"viewBox='0 0 {round(width * SVG_SCALE)} {round(height * SVG_SCALE)}'>{body}</svg>")
    return "data:image/svg+xml," + svg.replace("<", "%3C").replace(">", "%3E")


def link_widths(n_max):
    """(thinnest, thickest) link width in px for a network whose largest layer has ``n_max`` units."""
    thick = float(np.clip(6.0 / math.sqrt(max(1.0, n_max / 4)), 1.6, 6.0))
    thin = 1.0 if n_max <= 8 else 0.6
    return thin, thick


def network_figure(model, grid, feature_names, *, selected=None, width=900, height=None, map_px=None,
                   activation=None, head=None, link_hover=True):
    """The network diagram of ``model`` with every node's map from ``grid`` (``nn_core.grid.GridOutputs`` of the
    same model: ``grid.layers = [features, hidden 1, ..., output]``).

    * Columns: the input features (labelled with ``FEATURES[name]["label"]``), each hidden layer, the output;
      a label row on top ("4 neurons", shortened when columns are narrow). Each node is a map of that unit's output
      over the plane (colour ranges in the module docstring): a ``layout.images`` PNG of ``map_px`` × ``map_px``
      grid samples (:func:`sample_indices`; default 3/4 of the node side, within ``MAP_MIN``..``MAP_MAX``),
      PNG row 0 = the largest x₂.
    * Sizes: with ``height=None`` the height follows the tallest column (nodes of at most ``NODE_MAX`` px with gaps
      of ~28 % of the pitch) and is capped at ``MAX_HEIGHT``; a 32-neuron column then gets 16 px nodes (at least
      ``NODE_MIN`` at ``width`` >= 500). Nodes are also at most 45 % of the column pitch, so columns never touch.
    * Links: one band per weight from the right edge of unit i to the left edge of unit j, orange for w < 0, blue
      for w >= 0, width ``thin + (thick - thin) · |w| / max |w|`` of its weight matrix (:func:`link_widths`:
      thinner and more transparent for wider layers), all in the SVG image (last of ``layout.images``).
    * Link hover (trace ``LINK_HOVER_TRACE``, ``link_hover=True``): one point on each link (30-70 % along it, by
      target unit, so that crossing links never share a point) shows ``w[l](i→j) = value``: l is the layer the
      link goes into, i and j count neurons from 1, i.e. ``model.weights[l-1][i-1, j-1]``; customdata is float32
      ``[l, i, j, w]`` (see :func:`link_at`).
    * Biases: a square centred on each neuron's bottom-left corner, orange < 0, grey = 0, blue > 0, side growing
      with |b| / (the layer's max |b|); the node's hover shows ``bias b = value``.
    * Nodes: one marker trace named ``NODE_TRACE`` (the box outline, transparent inside; a real marker, so a click
      selects it in ``st.plotly_chart(..., on_select=..., selection_mode="points")``) whose ``customdata`` is
      ``[layer, unit]`` (layer 0 = features, unit from 0, as in ``grid.layers[layer][..., unit]``), with hover
      "layer l, neuron j", the bias and the colour range; :func:`node_at` reads a selection.
    * ``selected=(layer, unit)`` outlines that node (a dark line on a white halo: two layout shapes; ignored when the
      node is not in the network, e.g. after the architecture changed).

    Traces, in order: the link values (unless ``link_hover=False``; ``mode="none"``, so not selectable), the node
    markers, the labels.

    ``activation``/``head`` default to ``model.activation``/``model.output``.
    """
    activation = activation or model.activation
    head = head or model.output
    sizes = list(model.sizes)
    n_layers = len(sizes) - 1
    feature_names = list(feature_names)
    if len(grid.layers) != len(sizes) or any(a.shape[-1] != s for a, s in zip(grid.layers, sizes)):
        raise ValueError(f"grid layers {[a.shape[-1] for a in grid.layers]} do not match the network {sizes}")
    if len(feature_names) != sizes[0]:
        raise ValueError(f"{len(feature_names)} feature names for {sizes[0]} inputs")
    labels = [FEATURES[f]["label"] if f in FEATURES else str(f) for f in feature_names]
    geo = _geometry(sizes, labels, width, height, map_px, head)
    side, xs, ys, map_px = geo["side"], geo["xs"], geo["ys"], geo["map_px"]
    half = side / 2

    # node maps: one layout image per node; node markers with hover and customdata
    images, node_x, node_y, node_cd, node_text = [], [], [], [], []
    for layer, values in enumerate(grid.layers):
        idx = sample_indices(values.shape[0], map_px)
        ranges = value_range(values, layer, n_layers, activation, head)
        rgb = map_colors(values[np.ix_(idx[::-1], idx)], ranges)  # map row 0 = top = largest x2
        bias = None if layer == 0 else model.biases[layer - 1][0]
        for j in range(sizes[layer]):
            images.append(dict(source=png_data_uri(rgb[:, :, j]), xref="x", yref="y", x=float(xs[layer] - half),
                               y=float(ys[layer][j] - half), sizex=side, sizey=side, layer="below"))
            node_x.append(float(xs[layer]))
            node_y.append(float(ys[layer][j]))
            node_cd.append([layer, j])
            if layer == 0:
                text = f"{labels[j]}: input feature<br>layer 0, neuron {j + 1}"
            else:
                kind = " (output)" if layer == n_layers else ""
                unit = f"class {j}" if layer == n_layers and head == "softmax" else f"neuron {j + 1}"
                text = f"layer {layer}{kind}, {unit}<br>bias b = {float(bias[j]):.4g}"
            node_text.append(f"{text}<br>{_ranges_text(ranges, j)}")

    # links: one band per weight, width from |w| / max |w| of its matrix; drawn in one SVG image (below)
    n_max = max(sizes)
    thin, thick = link_widths(n_max)
    alpha = 0.75 if n_max <= 8 else 0.55 if n_max <= 16 else 0.45
    parts = {k: [] for k in ("x0", "y0", "x1", "y1", "w", "width", "l", "i", "j", "t")}
    for k, W in enumerate(model.weights):
        W = np.nan_to_num(np.asarray(W, dtype=np.float64))
        n_in, n_out = W.shape
        ii, jj = np.divmod(np.arange(n_in * n_out), n_out)
        w = W.ravel()
        top = np.abs(w).max()
        r = np.abs(w) / top if top > 0 else np.zeros_like(w)
        parts["width"].append(thin + (thick - thin) * r)
        parts["x0"].append(np.full(w.size, xs[k] + half))
        parts["x1"].append(np.full(w.size, xs[k + 1] - half))
        parts["y0"].append(ys[k][ii])
        parts["y1"].append(ys[k + 1][jj])
        parts["w"].append(w)
        parts["l"].append(np.full(w.size, k + 1))
        parts["i"].append(ii)
        parts["j"].append(jj)
        parts["t"].append(0.3 + 0.4 * (jj + 0.5) / n_out)
    p = {key: np.concatenate(v) for key, v in parts.items()}
    body = []
    fast = " shape-rendering='optimizeSpeed'" if len(p["w"]) > AA_MAX_LINKS else ""
    for negative, color in ((True, ORANGE), (False, BLUE)):
        mask = (p["w"] < 0) == negative
        if mask.any():
            d = _bands_path(p["x0"][mask], p["y0"][mask], p["x1"][mask], p["y1"][mask], p["width"][mask])
            body.append(f"<path class='links{'-' if negative else '+'}' fill='{_rgb(color)}' "
                        f"fill-opacity='{alpha}'{fast} d='{d}'/>")

    # biases: squares centred on the nodes' bottom-left corners, above the maps (hover: on the node)
    q_max = float(np.clip(0.32 * side, 4.0, 11.0))
    q_min = min(2.5, q_max)
    b_x, b_y, b_q, b_val = [], [], [], []
    for layer in range(1, n_layers + 1):
        b = np.nan_to_num(np.asarray(model.biases[layer - 1][0], dtype=np.float64))
        top = np.abs(b).max()
        b_q.append(q_min + (q_max - q_min) * (np.abs(b) / top if top > 0 else np.zeros_like(b)))
        b_x.append(np.full(b.size, xs[layer] - half))
        b_y.append(ys[layer] + half)
        b_val.append(b)
    b_x, b_y, b_q, b_val = (np.concatenate(v) for v in (b_x, b_y, b_q, b_val))
    for kind, mask, color in (("-", b_val < 0, ORANGE), ("0", b_val == 0, ZERO), ("+", b_val > 0, BLUE)):
        if mask.any():
            d = _squares_path(b_x[mask], b_y[mask], b_q[mask])
            body.append(f"<path class='biases{kind}' fill='{_rgb(color)}' stroke='white' "
                        f"stroke-width='{SVG_SCALE * 0.8:g}' d='{d}'/>")
    images.append(dict(source=svg_data_uri(geo["plot_w"], geo["plot_h"], "".join(body)), xref="x", yref="y",
                       x=0.0, y=0.0, sizex=float(geo["plot_w"]), sizey=float(geo["plot_h"]), sizing="stretch",
                       layer="below", name="links"))

    traces = []
    if link_hover:
        t = p["t"]
        cd = np.column_stack([p["l"], p["i"] + 1, p["j"] + 1, p["w"]]).astype(np.float32)
        traces.append(dict(type="scatter", x=_f32(p["x0"] + t * (p["x1"] - p["x0"])),
                           y=_f32(p["y0"] + t * (p["y1"] - p["y0"])), mode="none", customdata=cd,
                           name=LINK_HOVER_TRACE, showlegend=False,
                           hovertemplate="w[%{customdata[0]}](%{customdata[1]}→%{customdata[2]}) = "
                                         "%{customdata[3]:.4~g}<extra></extra>"))

    # node boxes: outline, hover and click target (customdata [layer, unit])
    keep = dict(marker=dict(opacity=1.0))
    traces.append(dict(type="scatter", x=node_x, y=node_y, mode="markers", name=NODE_TRACE, customdata=node_cd,
                       hovertext=node_text, hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
                       marker=dict(symbol="square", size=side, color="rgba(255,255,255,0)", opacity=1.0,
                                   line=dict(color=BORDER, width=1)),
                       selected=keep, unselected=keep))

    # labels: layer sizes on top, feature names left of the inputs
    room = geo["col_pitch"] - 6 if len(sizes) > 1 else geo["plot_w"]
    label_text = [_layer_label(k, n_layers, sizes[k], room, head) for k in range(len(sizes))]
    tx = [float(x) for x in xs] + [float(xs[0] - half - 4)] * sizes[0]
    ty = [TOP / 2] * len(sizes) + [float(y) for y in ys[0]]
    traces.append(dict(type="scatter", x=tx, y=ty, mode="text", text=label_text + labels,
                       textposition=["middle center"] * len(sizes) + ["middle left"] * sizes[0],
                       textfont=dict(size=FONT), hoverinfo="skip", showlegend=False,
                       cliponaxis=False, name="labels"))

    shapes = []
    if selected is not None:
        layer, unit = (int(v) for v in selected)
        if 0 <= layer < len(sizes) and 0 <= unit < sizes[layer]:
            cx, cy, pad = float(xs[layer]), float(ys[layer][unit]), 2.5
            for color, line_width in zip(SELECTED, (4.5, 2.0)):
                shapes.append(dict(type="rect", xref="x", yref="y", x0=cx - half - pad, x1=cx + half + pad,
                                   y0=cy - half - pad, y1=cy + half + pad, line=dict(color=color, width=line_width),
                                   fillcolor="rgba(0,0,0,0)", layer="above"))

    hidden = dict(visible=False, fixedrange=True, autorange=False, showgrid=False, zeroline=False)
    layout = dict(
        template={}, width=width, height=geo["height"], autosize=False,
        margin=dict(l=EDGE, r=EDGE, t=EDGE, b=EDGE, pad=0),
        xaxis=dict(hidden, range=[0.0, float(geo["plot_w"])]),
        yaxis=dict(hidden, range=[float(geo["plot_h"]), 0.0], scaleanchor="x", scaleratio=1, constrain="domain"),
        images=images, shapes=shapes, showlegend=False, dragmode=False, hovermode="closest", hoverdistance=12,
        hoverlabel=dict(bgcolor="#ffffff", bordercolor="#888888", font=dict(size=11, color="#222222")),
        uirevision="netview")
    return _figure(traces, layout)


# ---- selection helpers ---------------------------------------------------------------------------------------
def _points(selection):
    """The list of selected points in a Streamlit ``on_select`` event/state, a dict with "points", a list of
    points, or a single point."""
    if selection is None:
        return []
    sel = getattr(selection, "selection", None)
    if sel is None and isinstance(selection, dict) and "selection" in selection:
        sel = selection["selection"]
    if sel is not None:
        selection = sel
    pts = getattr(selection, "points", None)
    if pts is None and isinstance(selection, dict):
        pts = selection.get("points", [selection] if "customdata" in selection else [])
    if pts is None:
        pts = selection if isinstance(selection, (list, tuple)) else []
    return list(pts)


def _values(customdata):
    """customdata as a list: plotly events give a list, a typed array may arrive as {"0": .., "1": ..}."""
    if isinstance(customdata, dict):
        return [customdata[k] for k in sorted(customdata, key=lambda s: int(s))]
    if customdata is None or isinstance(customdata, (str, bytes)):
        return []
    try:
        return list(customdata)
    except TypeError:
        return []


def _node_curve(fig):
    names = [getattr(t, "name", None) if not isinstance(t, dict) else t.get("name") for t in fig.data]
    return names.index(NODE_TRACE) if NODE_TRACE in names else None


def node_at(selection, fig=None):
    """``(layer, unit)`` of the first node in a Streamlit ``on_select`` selection (the event returned by
    ``st.plotly_chart(..., on_select=..., selection_mode="points")``, its ``selection``, a dict with "points",
    a list of points or one point), or ``None``. Node points carry customdata ``[layer, unit]``; with ``fig``
    (the figure that was shown) only points of its ``NODE_TRACE`` trace count."""
    curve = _node_curve(fig) if fig is not None else None
    for pt in _points(selection):
        if not isinstance(pt, dict):
            continue
        number = pt.get("curve_number", pt.get("curveNumber"))
        if curve is not None and number is not None and int(number) != curve:
            continue
        cd = _values(pt.get("customdata"))
        if len(cd) == 2:
            return int(cd[0]), int(cd[1])
    return None


def link_at(point):
    """``(k, i, j)`` (``model.weights[k][i, j]``, all from 0) of a point of the link-value trace (customdata
    ``[l, i, j, w]``, 1-based as drawn; e.g. from a plotly hover/click event), or ``None``. Streamlit's
    ``on_select`` never returns these points: the trace has no markers, so weights are picked another way."""
    cd = _values(point.get("customdata") if isinstance(point, dict) else point)
    if len(cd) != 4:
        return None
    return int(cd[0]) - 1, int(cd[1]) - 1, int(cd[2]) - 1


# ---- one neuron's map, full size -----------------------------------------------------------------------------
def neuron_title(layer, unit, n_layers, feature_names=None, activation="tanh", head="sigmoid"):
    """A short name of a node: "x₁ (input feature)", "layer 1, neuron 3 (tanh)", "output, class 2 (softmax)"."""
    if layer == 0:
        names = list(feature_names or [])
        known = unit < len(names) and names[unit] in FEATURES
        name = FEATURES[names[unit]]["label"] if known else f"feature {unit + 1}"
        return f"{name} (input feature)"
    if layer == n_layers:
        what = f"class {unit}" if head == "softmax" else f"neuron {unit + 1}"
        return f"output, {what} ({head})"
    return f"layer {layer}, neuron {unit + 1} ({activation})"


def neuron_map_figure(grid, layer, unit, *, activation="tanh", head="sigmoid", feature_names=None, task="binary",
                      n_classes=2, X_train=None, y_train=None, X_test=None, y_test=None, show_test=True, size=480,
                      level_line=True):
    """One node's output over the plane, full size, in the style of ``figures.boundary_figure`` (same axes,
    margins and size, so it can take the boundary's place): the map coloured as in :func:`network_figure`
    (full grid resolution), the data points when ``X_train`` is given, a title, and a contour of the middle of
    the colour range (0 for tanh, 0.5 for sigmoid/probabilities) that also gives the hover value."""
    n_layers = len(grid.layers) - 1
    values = np.asarray(grid.layers[layer])
    if not 0 <= unit < values.shape[-1]:
        raise ValueError(f"layer {layer} has {values.shape[-1]} units, not unit {unit}")
    ranges = value_range(values, layer, n_layers, activation, head)
    if ranges is None:
        lo, hi = 0.0, 1.0
        rgb = map_colors(values, None)[:, :, unit]
    else:
        lo, hi = float(ranges[0][unit]), float(ranges[1][unit])
        rgb = map_colors(values[..., unit], (lo, hi))
    traces = [_image_trace(grid, rgb, "neuron")]
    z = values[..., unit]
    mid = (lo + hi) / 2
    traces.append(dict(
        type="contour", z=_f32(z), **_grid_placement(grid), zmin=lo, zmax=hi, zauto=False, autocontour=False,
        ncontours=1, contours=dict(start=mid, end=mid, size=1.0, coloring="lines", showlabels=False),
        colorscale=[[0.0, DECISION_LINE], [1.0, DECISION_LINE]], showscale=False,
        line=dict(color=DECISION_LINE, width=1.5 if level_line else 0.0, dash="dot", smoothing=0.0),
        name="value", showlegend=False,
        hovertemplate="x₁ %{x:.2f}, x₂ %{y:.2f}<br>value %{z:.3f}<extra></extra>"))
    images = []
    if X_train is not None and y_train is not None:
        sets = [("train", X_train, y_train, TRAIN_OUTLINE)]
        if show_test:
            sets.append(("test", X_test, y_test, TEST_OUTLINE))
        swatches, images = point_layers(sets, task, size)
        traces += swatches
    title = neuron_title(layer, unit, n_layers, feature_names, activation, head)
    layout = dict(
        template={}, width=size, height=size, autosize=False, margin=dict(_MARGIN),
        xaxis=_axis("x₁"), yaxis=_axis("x₂", scaleanchor="x", scaleratio=1),
        showlegend=X_train is not None,
        legend=dict(orientation="h", x=1.0, xanchor="right", y=1.0, yanchor="bottom", font=dict(size=11),
                    bgcolor="rgba(0,0,0,0)", itemclick=False, itemdoubleclick=False, traceorder="normal"),
        images=images,
        annotations=[dict(text=f"{title} · colour {lo:.3g} … {hi:.3g}", xref="paper", yref="paper", x=0.0, y=1.0,
                          xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=12))],
        uirevision="neuron", dragmode=False, hovermode="closest")
    return _figure(traces, layout)
