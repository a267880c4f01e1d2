"""Display helpers for the "Inside one step" page: tables and figures from `nn_core.anatomy` stages (their
words are in `text.inside_step`).

No neural-network math here (that is all in `nn_core.anatomy`): labelled, summarised
DataFrames with a colour scale (pandas Styler with plain CSS colours, so matplotlib is not needed), the
network sketch with the current layer highlighted, and the data plot with the chosen points.
"""
import math

import numpy as np
import pandas as pd

from playground.figures.palette import BLUE, CLASS_COLORS, GREEN, ORANGE, POINT_SCALE, RED, WHITE, hex_rgb, rgb_hex
from playground.figures.plane import RANGE
from playground.figures.style import figure
from playground.text.inside_step import VERDICT_TEXT
from playground.text.words import feature_label

SHOW = 8                      # rows and columns of a matrix shown; the rest are summarised
WIDE = 5                      # tables with more columns than this get a row of their own
HIGHLIGHT = {"forward": BLUE, "loss": "#6a3d9a", "delta": RED, "backward": RED, "clip": "#6a3d9a", "update": GREEN,
             "result": "#444444"}


# ---- labels -------------------------------------------------------------------------------------
def unit_labels(layer, sizes, features, head):
    """Column labels for the units of `layer` (0 = input features, last = output)."""
    n, last = sizes[layer], len(sizes) - 1
    if layer == 0:
        return [feature_label(f) for f in features][:n]
    if layer == last:
        if n == 1:
            return ["out"]
        return [f"class {k}" if head == "softmax" else f"out {k + 1}" for k in range(n)]
    return [f"n{k + 1}" for k in range(n)]


def axis_labels(axis, count, point_ids, sizes, features, head):
    if axis == "point":
        return [f"#{i}" for i in point_ids][:count]
    if axis is None:
        return [""] if count == 1 else [str(k) for k in range(count)]
    if isinstance(axis, int) and 0 <= axis < len(sizes) and sizes[axis] == count:
        return unit_labels(axis, sizes, features, head)
    return [str(k) for k in range(count)]


def summarise(array, limit=SHOW):
    """The top-left `limit`×`limit` corner of a 2-D array and how many rows/columns were left out."""
    a = np.atleast_2d(np.asarray(array))
    return a[:limit, :limit], max(0, a.shape[0] - limit), max(0, a.shape[1] - limit)


def table(array, axes=None, point_ids=(), sizes=(), features=(), head="sigmoid", limit=SHOW):
    """A labelled DataFrame of the shown corner of `array`, and a note on what was left out ('' if nothing)."""
    a = np.atleast_2d(np.asarray(array, dtype=float))
    shown, more_r, more_c = summarise(a, limit)
    rows_axis, cols_axis = axes if axes else (None, None)
    if rows_axis is None and a.shape[0] > 1:
        rows_axis = "index"
    rows = axis_labels(rows_axis, a.shape[0], point_ids, sizes, features, head)[:shown.shape[0]]
    cols = axis_labels(cols_axis, a.shape[1], point_ids, sizes, features, head)[:shown.shape[1]]
    if cols_axis is None and a.shape[1] == 1:
        cols = ["value"]
    df = pd.DataFrame(shown, index=_unique(rows), columns=_unique(cols))
    parts = []
    if more_r:
        parts.append(f"first {shown.shape[0]} of {a.shape[0]} rows ({more_r} more)")
    if more_c:
        parts.append(f"first {shown.shape[1]} of {a.shape[1]} columns ({more_c} more)")
    return df, ("Showing " + " and ".join(parts) + ".") if parts else ""


def _unique(labels):
    seen, out = {}, []
    for s in labels:
        seen[s] = seen.get(s, 0) + 1
        out.append(s if seen[s] == 1 else f"{s} ({seen[s]})")
    return out


def table_rows(widths, wide=WIDE):
    """Tables (names, with their column counts in ``widths``) placed in rows: up to 3 narrow tables a row
    (2 when one has 4-5 columns); a table wider than ``wide`` gets a row of its own."""
    rows, current = [], []
    for name, width in widths.items():
        if width > wide:
            rows += [current] if current else []
            rows.append([name])
            current = []
            continue
        limit = 2 if any(widths[k] > 3 for k in [*current, name]) else 3
        if len(current) + 1 > limit:
            rows.append(current)
            current = []
        current.append(name)
    return rows + ([current] if current else [])


# ---- colours ------------------------------------------------------------------------------------
_NEG, _POS, _MID = hex_rgb(ORANGE), hex_rgb(BLUE), hex_rgb(WHITE)


def cell_style(value, scale):
    """CSS for one cell: white at 0, towards blue (positive) or orange (negative) as |value|/scale → 1."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(value):
        return "background-color: #fde0e0; color: #b00020"
    if scale <= 0 or not math.isfinite(scale):
        return ""
    t = min(1.0, abs(value) / scale)
    text = WHITE if t > 0.65 else "#111111"
    return f"background-color: {rgb_hex(_MID + t * ((_POS if value > 0 else _NEG) - _MID))}; color: {text}"


def fmt(value, digits=4):
    if not isinstance(value, (int, float, np.floating)):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


def styled(df, scale=None, digits=4):
    """`df` as a Styler: diverging colours scaled by `scale` (default: the largest finite |value|), numbers
    shown to `digits` significant digits (the data underneath keep full precision)."""
    values = df.to_numpy(dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    if scale is None:
        scale = float(finite.max()) if finite.size else 0.0
    return df.style.map(lambda v: cell_style(v, scale)).format(lambda v: fmt(v, digits))


def full_scale(array):
    a = np.abs(np.asarray(array, dtype=float))
    a = a[np.isfinite(a)]
    return float(a.max()) if a.size else 0.0


def scalar_text(value):
    v = float(value)
    return f"{v:.6g}" if math.isfinite(v) else str(v)


# ---- figures ------------------------------------------------------------------------------------
def stage_kind(key):
    return key.split("-")[0]


def layer_title(layer, n_layers):
    return "input" if layer == 0 else ("output" if layer == n_layers else f"layer {layer}")


MAX_UNITS = 10     # units drawn per layer in the sketch; the rest are summarised as "+k"


def step_diagram(sizes, highlight=None, kind="forward", weights=None, height=300, show_loss=True):
    """A sketch of the network: units as dots, weights as lines. The weights into layer `highlight` (and its
    units) are drawn in colour: blue positive / orange negative when `weights` are given. `kind` (forward,
    loss, delta, backward, update, result) picks the highlight colour and the arrow's direction. Layers
    wider than MAX_UNITS show their first units and "+k" for the rest."""
    n_layers = len(sizes) - 1
    drawn = [n if n <= MAX_UNITS else MAX_UNITS - 1 for n in sizes]
    tallest = max(drawn)
    colour = HIGHLIGHT.get(kind, "#444444")

    def ys(n):
        return (np.arange(n)[::-1] - (n - 1) / 2) / max(tallest - 1, 1) * (1.6 if tallest > 1 else 0)

    pos = [ys(n) for n in drawn]
    traces = []
    ex, ey = [], []
    for i in range(n_layers):
        if highlight == i + 1:
            continue
        for y0 in pos[i]:
            for y1 in pos[i + 1]:
                ex += [i, i + 1, None]
                ey += [float(y0), float(y1), None]
    traces.append(dict(type="scatter", x=ex, y=ey, mode="lines", line=dict(color="#d0d3d6", width=0.6),
                       hoverinfo="skip", showlegend=False))
    if highlight is not None and 1 <= highlight <= n_layers:
        i = highlight - 1
        W = None if weights is None else np.asarray(weights[i])
        for sign, c in ((1, BLUE), (-1, ORANGE)):
            hx, hy = [], []
            for a, y0 in enumerate(pos[i]):
                for b, y1 in enumerate(pos[i + 1]):
                    w = 1.0 if W is None else W[a, b]
                    if (w >= 0) == (sign > 0):
                        hx += [i, i + 1, None]
                        hy += [float(y0), float(y1), None]
            if hx:
                traces.append(dict(type="scatter", x=hx, y=hy, mode="lines", showlegend=False, hoverinfo="skip",
                                   line=dict(color=c if W is not None else colour, width=1.6), opacity=0.8))
    short = n_layers > 4
    annotations = []
    for layer, y in enumerate(pos):
        on = highlight is not None and layer in (highlight, highlight - 1)
        current = highlight == layer
        traces.append(dict(
            type="scatter", x=[layer] * len(y), y=y.astype(float), mode="markers", showlegend=False,
            marker=dict(size=13 if current else 10, color=colour if current else ("#9ecae1" if on else "#ffffff"),
                        line=dict(color=colour if on else "#888888", width=1.5)),
            hovertemplate=f"{layer_title(layer, n_layers)}, unit %{{pointNumber}}<extra></extra>"))
        name = layer_title(layer, n_layers)
        if short:
            name = {"input": "in", "output": "out"}.get(name, name.replace("layer ", ""))
        annotations.append(dict(x=layer, y=-0.98, text=f"{name}<br>({sizes[layer]})", showarrow=False,
                                yanchor="top", font=dict(size=10, color=colour if current else "#555555")))
        if sizes[layer] > drawn[layer]:
            annotations.append(dict(x=layer, y=float(y[-1]) - 0.1, text=f"+{sizes[layer] - drawn[layer]}",
                                    showarrow=False, yanchor="top", font=dict(size=9, color="#777777")))
    x_hi = n_layers + (0.95 if show_loss else 0.3)
    if show_loss:
        loss_on = kind in ("loss", "delta")
        traces.append(dict(type="scatter", x=[n_layers + 0.55], y=[0.0], mode="markers+text", text=["J"],
                           textposition="middle center", showlegend=False, hoverinfo="skip",
                           textfont=dict(color="#ffffff" if loss_on else "#555555", size=11),
                           marker=dict(symbol="square", size=20, color=colour if loss_on else "#ffffff",
                                       line=dict(color=colour if loss_on else "#888888", width=1.5))))
    arrow = {"forward": "forward →", "loss": "loss", "delta": "← error", "backward": "← backward",
             "update": "update", "clip": "clip", "result": "after the step"}.get(kind, "")
    layout = dict(
        template={}, height=height, autosize=True, margin=dict(l=10, r=10, t=28, b=6),
        xaxis=dict(range=[-0.4, x_hi], visible=False, fixedrange=True),
        yaxis=dict(range=[-1.3, 0.95], visible=False, fixedrange=True),
        annotations=annotations, title=dict(text=arrow, font=dict(size=13, color=colour), x=0.5),
        plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", dragmode=False, hovermode="closest")
    return figure(traces, layout)


def points_figure(X, labels, chosen, task="binary", size=260):
    """The training points (raw coordinates) with the chosen ones ringed; clickable (customdata = index)."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    idx = np.arange(len(X))
    if task == "regression":
        marker = dict(color=labels.astype(float), colorscale=POINT_SCALE, cmin=-1.0, cmax=1.0)
    else:
        marker = dict(color=[CLASS_COLORS[int(c) % len(CLASS_COLORS)] for c in labels])
    marker.update(size=6, line=dict(color="#ffffff", width=0.5))
    chosen = np.asarray(list(chosen), dtype=int)
    traces = [dict(type="scatter", x=X[:, 0], y=X[:, 1], mode="markers", marker=marker, customdata=idx,
                   hovertemplate="#%{customdata}: (%{x:.2f}, %{y:.2f})<extra></extra>", showlegend=False),
              dict(type="scatter", x=X[chosen, 0], y=X[chosen, 1], mode="markers", customdata=chosen,
                   marker=dict(size=13, color="rgba(0,0,0,0)", line=dict(color="#111111", width=2)),
                   hovertemplate="#%{customdata} (in the batch)<extra></extra>", showlegend=False)]
    rng = list(RANGE)
    layout = dict(template={}, height=size, width=size, autosize=False, margin=dict(l=30, r=8, t=8, b=28),
                  xaxis=dict(range=rng, fixedrange=True, zeroline=False, showgrid=False, title=dict(text="x₁")),
                  yaxis=dict(range=rng, fixedrange=True, zeroline=False, showgrid=False, scaleanchor="x",
                             title=dict(text="x₂")),
                  plot_bgcolor="#fafafa", dragmode=False, hovermode="closest", clickmode="event+select")
    return figure(traces, layout)


def batch_table(X_raw, features_X, targets, ids, feature_names, head, limit=SHOW):
    """The chosen points: raw coordinates, the features the network sees, the encoded target."""
    ids = list(ids)
    shown = ids[:limit]
    data = {"x₁ (raw)": X_raw[:limit, 0], "x₂ (raw)": X_raw[:limit, 1]}
    raw_same = list(feature_names) == ["x1", "x2"]
    if not raw_same:
        for j, f in enumerate(feature_names):
            data[feature_label(f)] = features_X[:limit, j]
    T = np.atleast_2d(targets)
    if T.shape[1] == 1:
        data["target y"] = T[:limit, 0]
    else:
        for k in range(T.shape[1]):
            data[f"y {k}"] = T[:limit, k]
    df = pd.DataFrame(data, index=[f"#{i}" for i in shown])
    note = f"Showing the first {limit} of {len(ids)} points." if len(ids) > limit else ""
    return df, note


def gradcheck_frame(rows):
    """The gradient check's rows as a table for display."""
    return pd.DataFrame({
        "layer": [r["layer"] for r in rows],
        "checked": [f"{r['checked']} of {r['total']}" for r in rows],
        "weights": [f"{r['weights']:.1e}" for r in rows],
        "biases": [f"{r['biases']:.1e}" for r in rows],
        "relative error": [f"{r['error']:.1e}" for r in rows],
        "verdict": [VERDICT_TEXT[r["verdict"]] for r in rows],
    }).set_index("layer")
