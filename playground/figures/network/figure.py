"""The network diagram (TF Playground style): a pure Plotly figure builder.

`network_figure` draws every input feature and every neuron as a small square map of its output over the input
plane, taken from the core's one-pass grid evaluation (``grid.layers[l][..., j]``, no forward pass here), with the
links between consecutive layers (width ~ |w|, colour by sign) and a bias square on every neuron. It is redrawn
live many times a second and Streamlit remounts the chart on every redraw, so it is built to be cheap for the
browser. A remount costs plotly.js a little per trace and per SVG node it creates, and it converts every point of
a trace or a shape path in JavaScript (measured costs: bench/README.md, "Why the figures are built as they are");
so

* the node maps are ``layout.images`` (one small PNG data URI per node: a map_px × map_px sample of the grid);
* the links and the bias squares are one more image, an SVG data URI with one ``<path>`` per sign (every link a
  band of exact width ~ |w|): the browser draws it natively, with no JavaScript per link (scatter traces with
  NaN-separated segments create one SVG element per segment; shape paths are parsed number by number). Chromium
  loads data-URI images at once, so a remount should not flicker (the boundary figure relies on the same).
  Above ``AA_MAX_LINKS`` links the bands are drawn without anti-aliasing (a hairball looks the same);
* three traces: the link values for hovering (``mode="none"``: hover without any SVG node), the node markers
  (box outline, hover and click target with customdata) and the text labels; the selection is two shapes.

Coordinates: the data units of both axes are screen pixels of the plot area (y grows downwards), so images,
markers and line widths agree; show the figure at its own width (``st.plotly_chart(fig, width="content")``).

Colour ranges of the maps: see ``neuronmap`` (the same colours as a node's full-size map).
"""
import math

import numpy as np

from playground.figures.images import png_data_uri, svg_data_uri
from playground.figures.network.compact import ATLAS_NODES, EMPTY_SVG, LINK_CODE, Atlas, link_codes  # noqa: F401 (LINK_CODE: tests)
from playground.figures.network.geometry import EDGE, FONT, TOP, geometry, layer_label
from playground.figures.neuronmap import map_colors, ranges_text, sample_indices, value_range
from playground.figures.palette import BLUE, DARK, GREY, ORANGE, WHITE, css_rgb
from playground.figures.style import f32, figure
from playground.text.words import feature_label

BORDER = GREY
ZERO = GREY   # colour of a bias that is exactly 0 (as after most initializers)
SELECTED = (WHITE, DARK)   # the selection outline: a white halo under a dark line (light and dark themes)
NODE_TRACE = "nodes"
LINK_HOVER_TRACE = "link values"


# ---- network figure ------------------------------------------------------------------------------------------
SVG_SCALE = 10
"""Coordinates in the links image are integers in 1/SVG_SCALE px."""
AA_MAX_LINKS = 1000
"""Above this many links they are drawn without anti-aliasing: a software-rastered browser spends several times
longer anti-aliasing a dense net's links (bench/README.md), and a hairball looks the same."""



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


def link_widths(n_max):
    """(thinnest, thickest) link width in px for a network whose largest layer has ``n_max`` units."""
    thick = float(np.clip(6.0 / math.sqrt(max(1.0, n_max / 4)), 1.6, 6.0))
    thin = 1.0 if n_max <= 8 else 0.6
    return thin, thick


def network_figure(model, grid, feature_names, *, selected=None, width=900, height=None, map_px=None,
                   activation=None, head=None, link_hover=True, compact=False, raw=False):
    """The network diagram of ``model`` with every node's map from ``grid`` (``nn_core.grid.GridOutputs`` of the
    same model: ``grid.layers = [features, hidden 1, ..., output]``).

    * Columns: the input features (labelled with ``labels.feature_label``), each hidden layer, the output;
      a label row on top ("4 neurons", shortened when columns are narrow). Each node is a map of that unit's output
      over the plane (colour ranges: see ``neuronmap``): a ``layout.images`` PNG of ``map_px`` × ``map_px``
      grid samples (:func:`sample_indices`; default 3/4 of the node side, within
      ``geometry.MAP_MIN``..``MAP_MAX``),
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
      ``[l, i, j, w]``.
    * Biases: a square centred on each neuron's bottom-left corner, orange < 0, grey = 0, blue > 0, side growing
      with |b| / (the layer's max |b|); the node's hover shows ``bias b = value``.
    * Nodes: one marker trace named ``NODE_TRACE`` (the box outline, transparent inside; a real marker, so a click
      selects it in ``st.plotly_chart(..., on_select=..., selection_mode="points")``) whose ``customdata`` is
      ``[layer, unit]`` (layer 0 = features, unit from 0, as in ``grid.layers[layer][..., unit]``), with hover
      "layer l, neuron j", the bias and the colour range; ``selection.node_at`` reads a selection.
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
    labels = [feature_label(f) for f in feature_names]
    geo = geometry(sizes, labels, width, height, map_px, head)
    side, xs, ys, map_px = geo["side"], geo["xs"], geo["ys"], geo["map_px"]
    half = side / 2

    # node maps: one layout image per node (or one atlas); node markers with hover and customdata
    images, node_x, node_y, node_cd, node_text = [], [], [], [], []
    atlas = Atlas(geo) if compact and sum(sizes) > ATLAS_NODES else None
    for layer, values in enumerate(grid.layers):
        idx = sample_indices(values.shape[0], map_px)
        ranges = value_range(values, layer, n_layers, activation, head)
        rgb = map_colors(values[np.ix_(idx[::-1], idx)], ranges)  # map row 0 = top = largest x2
        bias = None if layer == 0 else model.biases[layer - 1][0]
        for j in range(sizes[layer]):
            if atlas is not None:
                atlas.paste(rgb[:, :, j], xs[layer] - half, ys[layer][j] - half)
            else:
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
            node_text.append(f"{text}<br>{ranges_text(ranges, j)}")

    # links: one band per weight, width from |w| / max |w| of its matrix; drawn in one SVG image (below)
    n_max = max(sizes)
    thin, thick = link_widths(n_max)
    alpha = 0.75 if n_max <= 8 else 0.55 if n_max <= 16 else 0.45
    parts = {k: [] for k in ("x0", "y0", "x1", "y1", "w", "width", "r", "l", "i", "j", "t")}
    for k, W in enumerate(model.weights):
        W = np.nan_to_num(np.asarray(W, dtype=np.float64))
        n_in, n_out = W.shape
        ii, jj = np.divmod(np.arange(n_in * n_out), n_out)
        w = W.ravel()
        top = np.abs(w).max()
        r = np.abs(w) / top if top > 0 else np.zeros_like(w)
        parts["width"].append(thin + (thick - thin) * r)
        parts["r"].append(r)
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
    body, meta = [], {}
    fast = " shape-rendering='optimizeSpeed'" if len(p["w"]) > AA_MAX_LINKS else ""
    if atlas is not None:
        images.append(atlas.image())
    if compact and len(p["w"]) > AA_MAX_LINKS:
        meta["links"] = link_codes(p, parts["r"], thin, thick, alpha, geo, len(images), SVG_SCALE)
        # (plotly.js keys layout images by their placement: images over the same area must differ a little)
        images.append(dict(source=EMPTY_SVG, xref="x", yref="y", x=0.0, y=0.0, sizex=float(geo["plot_w"]),
                           sizey=float(geo["plot_h"]) + 1e-3, sizing="stretch", layer="below", name="links"))
    for negative, color in ((True, ORANGE), (False, BLUE)):
        mask = (p["w"] < 0) == negative
        if mask.any() and not meta:
            d = _bands_path(p["x0"][mask], p["y0"][mask], p["x1"][mask], p["y1"][mask], p["width"][mask])
            body.append(f"<path class='links{'-' if negative else '+'}' fill='{css_rgb(color)}' "
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
            body.append(f"<path class='biases{kind}' fill='{css_rgb(color)}' stroke='white' "
                        f"stroke-width='{SVG_SCALE * 0.8:g}' d='{d}'/>")
    images.append(dict(source=svg_data_uri(geo["plot_w"], geo["plot_h"], "".join(body), SVG_SCALE), xref="x", yref="y",
                       x=0.0, y=0.0, sizex=float(geo["plot_w"]), sizey=float(geo["plot_h"]), sizing="stretch",
                       layer="below", name="biases" if meta else "links"))

    traces = []
    if link_hover:
        t = p["t"]
        cd = f32(np.column_stack([p["l"], p["i"] + 1, p["j"] + 1, p["w"]]))
        if meta:   # a dense net: [l, i, j] as int16 (the same every frame); w in meta, joined in the browser
            cd = np.column_stack([p["l"], p["i"] + 1, p["j"] + 1]).astype(np.int16)
            meta["links"]["wv"] = f32(p["w"])
            meta["links"]["trace"] = len(traces)
        traces.append(dict(type="scatter", x=f32(p["x0"] + t * (p["x1"] - p["x0"])),
                           y=f32(p["y0"] + t * (p["y1"] - p["y0"])), mode="none", customdata=cd,
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
    label_text = [layer_label(k, n_layers, sizes[k], room, head) for k in range(len(sizes))]
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
        uirevision="netview", **(dict(meta=meta) if meta else {}))
    return figure(traces, layout, raw=raw)
