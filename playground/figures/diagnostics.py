"""Plotly figures for the training diagnostics: pure functions, data in, ``go.Figure`` out.

Same house style as the other figures (``charts``): float32 arrays (sent base64-encoded), empty template,
fixed height, margins and x ranges, no zoom/drag, a ``uirevision`` per chart, and ``go.Figure(..., _validate=False)``.
Inputs come from ``nn_core.diagnostics`` and ``Trainer.grad_norms``.
"""
import math

import numpy as np

from nn_core.diagnostics import layer_names
from playground.figures.palette import LAYER_COLORS, LINE_ORANGE, PURPLE, RED
from playground.figures.style import LEGEND, epoch_layout, f32, figure, positive_extent, thin_epochs

DEAD_COLOR = RED
INACTIVE_COLOR = LINE_ORANGE
SATURATED_COLOR = PURPLE


NO_CHECK_TEXT = {
    "no_flat_region": "{activation} units have no flat region: nothing is dead or saturated",
    "fades_far_out": "{activation}'s gradient only fades far out on the negative side: not reported",
}


def rule_text(entry):
    """The rule of a ``unit_health`` record in words, for a caption or a note."""
    act, rule, eps = entry["activation"], entry["rule"], entry["dead_eps"]
    saturation, row_share = entry["saturation"], entry["row_share"]
    if rule == "dead":
        return f"dead: pre-activation ≤ {eps:g} (output 0, gradient 0) on every row"
    if rule == "inactive":
        return f"inactive: pre-activation ≤ {eps:g} on every row (small but non-zero gradient, not dead)"
    if rule == "saturated":
        cut = 1.0 - saturation ** 2
        how = {"tanh": f"|a| > {saturation:g}",
               "sigmoid": f"a < {(1 - saturation) / 2:g} or a > {(1 + saturation) / 2:g}",
               "softplus": f"sigmoid(z) < {cut:.4g}"}[act]
        return f"saturated: {how} (derivative < {cut:.4g} of its maximum) on ≥ {row_share:.0%} of the rows"
    return NO_CHECK_TEXT.get(rule, "{activation}: nothing reported").format(activation=act)


def _color(i):
    return LAYER_COLORS[i % len(LAYER_COLORS)]


def _note(text):
    """A note over an empty chart, in the theme's text colour (a fixed grey would fade on a dark page), muted."""
    return dict(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=12),
                opacity=0.75)


def gradient_norm_figure(epochs, norms_per_layer, log_y=True, *, names=None, max_points=300, height=240,
                         width=None):
    """One line per layer of the gradient norm against epoch (``Trainer.grad_norms.epochs()`` and
    ``.weights()``: ``norms_per_layer`` holds one series per layer, shape (n_layers, n_epochs)).

    ``log_y`` (default) puts the norm on a log scale, so vanishing (lines falling by decades, early
    layers far below late ones) and exploding gradients show; there, norms <= 0 (an exactly zero gradient,
    e.g. a layer of dead ReLUs) are left as gaps, and the labelled ticks are powers of ten at least
    ``charts.TICK_SPACING_PX`` apart (every second or third decade over a wide range), so that they do not
    overlap. ``names`` label the layers (default H1, ..., output: the layer each weight matrix feeds). More than
    ``max_points`` epochs are thinned evenly (first and last kept). The x axis spans first..last epoch, at least
    10 epochs.
    """
    epochs = np.asarray(epochs)
    norms = np.asarray(norms_per_layer, dtype=np.float64)
    if norms.ndim == 1:
        norms = norms[None, :]
    if norms.size and norms.shape[1] != epochs.shape[0]:
        raise ValueError(f"each layer needs one norm per epoch: {norms.shape[1]} norms vs {epochs.shape[0]} epochs")
    n_layers = norms.shape[0] if norms.size else 0
    names = list(names) if names is not None else layer_names(n_layers) if n_layers else []
    if len(names) < n_layers:
        raise ValueError(f"{n_layers} layers but {len(names)} names")
    keep, x, mode = thin_epochs(epochs, max_points)
    traces, drawn = [], []
    for i in range(n_layers):
        y = norms[i, keep]
        if log_y:
            y = np.where(y > 0, y, np.nan)
        drawn.append(y)
        traces.append(dict(type="scatter", x=x, y=f32(y), mode=mode, name=names[i], cliponaxis=False,
                           line=dict(color=_color(i), width=2), marker=dict(color=_color(i), size=5),
                           hovertemplate=f"epoch %{{x}}<br>{names[i]} ‖∇W‖ %{{y:.3g}}<extra></extra>"))
    layout = epoch_layout(epochs, "‖∇W‖", log_y, height=height, width=width, uirevision="gradnorm",
                          y_extent=positive_extent(*drawn) if log_y else None)
    if not traces:
        layout["annotations"] = [_note("No gradient recorded yet: train for an epoch.")]
    return figure(traces, layout)


def _bar(name, x, share, counts, units, color):
    text = [f"{c}/{u}" for c, u in zip(counts, units)]
    return dict(type="bar", x=x, y=f32(share), name=name, marker=dict(color=color), text=text,
                textposition="outside", cliponaxis=False, textfont=dict(size=11),
                hovertemplate=f"%{{x}}: %{{text}} units {name} (%{{y:.0%}})<extra></extra>")


def unit_health_figure(health, *, height=220, width=None):
    """Bars per hidden layer of the share of dead units (ReLU), inactive units (leaky ReLU, ELU) and
    saturated units (tanh, sigmoid, softplus), from ``nn_core.diagnostics.unit_health``; each bar is
    labelled "k/n" units. The y axis is fixed at 0-100 %. When no check applies (no hidden layers, or
    linear / sine / swish units) the figure is empty with a note saying why."""
    names = [h["name"] for h in health]
    units = [h["units"] for h in health]
    traces = []
    series = (("dead", "dead", DEAD_COLOR), ("inactive", "inactive", INACTIVE_COLOR),
              ("saturated", "saturated", SATURATED_COLOR))
    for key, label, color in series:
        if key == "inactive" and any(h["dead"] is not None for h in health):
            continue  # ReLU: inactive is the same as dead
        if not health or any(h[key] is None for h in health):
            continue
        counts = [int(np.sum(h[key])) for h in health]
        traces.append(_bar(label, names, [h[f"{key}_share"] for h in health], counts, units, color))
    layout = dict(
        template={}, height=height, autosize=width is None, margin=dict(l=56, r=16, t=44, b=40, pad=0),
        xaxis=dict(type="category", fixedrange=True, automargin=False, title=dict(text="Hidden layer")),
        yaxis=dict(range=[0.0, 1.15], autorange=False, fixedrange=True, automargin=False, tickformat=".0%",
                   tickvals=[0.0, 0.25, 0.5, 0.75, 1.0], title=dict(text="Share of units"), zeroline=False),
        barmode="group", bargap=0.35, showlegend=True, legend=dict(LEGEND), uirevision="unithealth",
        dragmode=False, hovermode="closest")
    if not traces:
        layout["annotations"] = [_note("No hidden layers." if not health else rule_text(health[0]))]
    if width is not None:
        layout["width"] = width
    return figure(traces, layout)


def weight_histogram_figure(hists, *, columns=5, panel_height=130, width=None):
    """Small multiples: one histogram per weight matrix (from ``nn_core.diagnostics.weight_histograms``),
    up to ``columns`` panels a row, each titled with its layer, shape and range. The bar height is the share
    of that layer's weights in the bin, so layers of different sizes compare; all panels share the y range.
    Each panel's x axis is fixed at its layer's symmetric range [-limit, limit] (ticks at -limit, 0, limit;
    the limit is in the title). Height: ``panel_height`` per row plus 46 px of margins."""
    n = len(hists)
    cols = max(1, min(columns, n))
    rows = max(1, math.ceil(n / cols))
    plot_h = rows * panel_height
    title_gap, tick_gap, gap_x = 20 / plot_h, 22 / plot_h, 0.03
    traces, layout, annotations = [], {}, []
    for i, h in enumerate(hists):
        r, c = divmod(i, cols)
        k = "" if i == 0 else str(i + 1)
        yk = "" if r == 0 else str(r + 1)
        edges = np.asarray(h["edges"], dtype=np.float64)
        counts = np.asarray(h["counts"])
        share = counts / max(1, counts.sum())
        centres = 0.5 * (edges[:-1] + edges[1:])
        traces.append(dict(type="bar", x=f32(centres), y=f32(share), width=float(edges[1] - edges[0]),
                           customdata=np.ascontiguousarray(counts, dtype=np.int32), xaxis=f"x{k}", yaxis=f"y{yk}",
                           name=h["name"], showlegend=False, marker=dict(color=_color(i), line=dict(width=0)),
                           hovertemplate=(f"{h['name']}: w ≈ %{{x:.3g}}<br>%{{customdata}} weights "
                                          f"(%{{y:.0%}})<extra></extra>")))
        x0 = c / cols + (gap_x / 2 if c else 0.0)
        x1 = (c + 1) / cols - (gap_x / 2 if c < cols - 1 else 0.0)
        lim = float(h["limit"])
        layout[f"xaxis{k}"] = dict(domain=[x0, x1], range=[-lim, lim], autorange=False, fixedrange=True,
                                   anchor=f"y{yk}", automargin=False, zeroline=True, zerolinecolor="#bbbbbb",
                                   tickvals=[-lim, 0.0, lim], ticktext=["", "0", ""], ticks="outside", ticklen=3,
                                   tickfont=dict(size=10), showgrid=False, showline=True, linecolor="#888888")
        shape = h.get("shape")
        label = h["name"] if shape is None else f"{h['name']} {shape[0]}×{shape[1]}"
        annotations.append(dict(text=f"{label} · ±{lim:g}", x=(x0 + x1) / 2, xref="paper",
                                y=1.0 - r / rows - (title_gap if r else 0.0), yref="paper", yanchor="bottom",
                                showarrow=False, yshift=1, font=dict(size=11)))
    for r in range(rows):
        yk = "" if r == 0 else str(r + 1)
        top = 1.0 - r / rows - (title_gap if r else 0.0)
        bottom = 1.0 - (r + 1) / rows + (tick_gap if r < rows - 1 else 0.0)
        axis = dict(domain=[max(0.0, bottom), top], anchor="x" if r == 0 else f"x{r * cols + 1}",
                    fixedrange=True, automargin=False, rangemode="tozero", tickformat=".0%", tickfont=dict(size=10),
                    zeroline=False, nticks=3)
        if r:
            axis["matches"] = "y"
        layout[f"yaxis{yk}"] = axis
    layout.update(template={}, height=plot_h + 46, autosize=width is None,
                  margin=dict(l=48, r=12, t=22, b=24, pad=0), showlegend=False, bargap=0.0,
                  annotations=annotations, uirevision="weighthist", dragmode=False, hovermode="closest")
    if not hists:
        layout["annotations"] = [_note("No weights.")]
    if width is not None:
        layout["width"] = width
    return figure(traces, layout)
