"""Where the network diagram puts things: node sizes, column pitch, map resolution, every node's centre, and
the layer labels that fit. Pure arithmetic in px of the plot area (y downwards)."""
import math

import numpy as np

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


def text_width(text, size=FONT):
    """A generous estimate of the width of ``text`` in px (sans-serif averages ~0.55 em per character)."""
    return 0.62 * size * len(text)


def layer_label(layer, n_layers, units, room, head):
    """The label above column ``layer``: the longest of "4 neurons", "4 n.", "4" (features: "features", "input";
    output: "3 classes"/"output", "out") that fits in ``room`` px."""
    if layer == 0:
        options = ["features", "input"]
    elif layer == n_layers:
        options = [f"{units} classes" if head == "softmax" and units > 1 else "output", "out"]
    else:
        options = [f"{units} neuron" + ("s" if units > 1 else ""), f"{units} n.", str(units)]
    for text in options:
        if text_width(text) <= room:
            return text
    return options[-1]


def geometry(sizes, labels, width, height, map_px, head):
    """Node side, pitch, map size and every node's centre, in px of the plot area (y downwards), for layer
    ``sizes`` with feature ``labels`` on the left, in a figure of ``width`` × ``height`` (None: from the tallest
    column, capped at MAX_HEIGHT); ``map_px`` None picks the map resolution from the node side."""
    n_cols, n_max = len(sizes), max(sizes)
    plot_w = width - 2 * EDGE
    label_w = max(text_width(t) for t in labels) + 8
    first = text_width(layer_label(0, n_cols - 1, sizes[0], 1e9, head)) / 2      # half the top labels at the
    last = text_width(layer_label(n_cols - 1, n_cols - 1, sizes[-1], 1e9, head)) / 2   # two ends
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
