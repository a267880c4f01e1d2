"""A node's map: the colours of one input feature's or neuron's output over the plane (shared by the small maps
of the network diagram), its name, and its full-size figure. Pure functions.

Colour ranges of the maps (fixed, so a map's colours mean the same from one redraw to the next):

* input features: symmetric ``[-m, m]`` with m = max |feature| over the plane (x₁: [-6, 6], x₁²: [-36, 36],
  sin x₁: [-1, 1]);
* hidden tanh and sine neurons: [-1, 1]; sigmoid: [0, 1] (0.5 neutral);
* hidden ReLU-like and unbounded activations (relu, leaky_relu, elu, swish, softplus, linear): ``[-m, m]`` with
  m = max |value| over the plane of the whole layer, so neurons of one layer can be compared;
* output: sigmoid [0, 1], tanh and linear [-1, 1] (as the decision-boundary figure); softmax: one node per class,
  neutral → that class's colour with intensity p(class).

Values are orange below the middle of the range, near-white at it, blue above (``palette.diverging_image``).
"""
import numpy as np

from nn_core.datasets import FEATURES
from playground.figures.palette import diverging_image, intensity_image
from playground.figures.plane import image_trace, level_contour, plane_layout
from playground.figures.points import train_test_layers
from playground.figures.style import figure

BOUNDED = {"tanh": (-1.0, 1.0), "sine": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}
"""Hidden activations with a fixed output range; all others are scaled by the layer's max |value|."""
HEAD_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "linear": (-1.0, 1.0)}


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
        return intensity_image(values)
    lo, hi = ranges
    return diverging_image(np.where(np.isnan(values), (np.asarray(lo) + hi) / 2, values), lo, hi)


def sample_indices(n, map_px):
    """Indices of the grid rows/columns shown in a map of ``map_px`` pixels: evenly spread, first and last kept."""
    m = max(1, min(int(map_px), n))
    return np.rint(np.linspace(0, n - 1, m)).astype(np.int64)


def ranges_text(ranges, j):
    """The colour range of unit ``j`` in words, for a hover."""
    if ranges is None:
        return "colour: p(class), 0 … 1"
    return f"colour: {ranges[0][j]:.3g} … {ranges[1][j]:.3g}"


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
                      level_line=True, raw=False):
    """One node's output over the plane, full size, in the style of ``boundary.boundary_figure`` (same axes,
    margins and size, so it can take the boundary's place): the map coloured as in ``network.figure.network_figure``
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
    traces = [image_trace(grid, rgb, "neuron"),
              level_contour(grid, values[..., unit], lo, hi, (lo + hi) / 2, name="value", label="value",
                            width=1.5 if level_line else 0.0, dash="dot")]
    images = []
    if X_train is not None and y_train is not None:
        swatches, images = train_test_layers(task, size, X_train, y_train, X_test, y_test, show_test)
        traces += swatches
    title = neuron_title(layer, unit, n_layers, feature_names, activation, head)
    annotation = dict(text=f"{title} · colour {lo:.3g} … {hi:.3g}", xref="paper", yref="paper", x=0.0, y=1.0,
                      xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=12))
    return figure(traces, plane_layout(size, images, "neuron", showlegend=X_train is not None,
                                       annotations=[annotation]), raw=raw)
