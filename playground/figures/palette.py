"""The playground's colours, in one place, and the mapping of value arrays to them.

Colours follow TensorFlow Playground: orange = class 0 / negative, blue = class 1 / positive, near-white
(NEUTRAL) at the boundary or at 0. The filled maps use a lighter tint of the class colours
(BACKGROUND_COLORS) so that the data points stand out on them.
"""
import numpy as np

ORANGE = "#f59322"
BLUE = "#0877bd"
NEUTRAL = "#e8eaeb"
"""TF Playground's colour scale: orange (negative / class 0), near-white (0), blue (positive / class 1)."""
GREEN, RED, PURPLE, BROWN = "#2ca02c", "#d62728", "#9467bd", "#8c564b"
WHITE = "#ffffff"
GREY = "#9aa0a6"
DARK = "#222222"
MID_GREY = "#7f7f7f"
"""A grey with a contrast of at least 3:1 on a white page and on a dark one (Streamlit's #0e1117): for lines and
legend swatches drawn on the page's own background, which follows the app's theme."""

CLASS_COLORS = (ORANGE, BLUE, GREEN, RED, PURPLE, BROWN)
"""Qualitative palette for up to 6 classes; classes 0 and 1 match the binary orange and blue."""

LINE_ORANGE = "#d9730d"
"""ORANGE darkened to a 3:1 contrast on a white page (ORANGE itself has 2.3:1), for lines and bars."""
LAYER_COLORS = (BLUE, LINE_ORANGE, GREEN, RED, PURPLE, BROWN, "#c7509f", MID_GREY, "#1497a6")
"""One colour per layer in the diagnostics (up to 9 weight matrices: 8 hidden layers and the output). Drawn on
the page's background, so each has a contrast of at least 3:1 on a white page and on a dark one."""

BACKGROUND_STRENGTH = 0.75
"""How far the filled decision maps go from NEUTRAL towards a class colour (1 = the full point colour)."""

TRAIN_OUTLINE = WHITE
TEST_OUTLINE = DARK
DECISION_LINE = DARK
TRAIN_LINE = MID_GREY
TEST_LINE = BLUE
MARKER_LINE = "#8c8c8c"
"""The dashed line of a chart marker (the epoch on show in the loss chart); like the loss lines, at least 3:1 on a
white page and on a dark one."""
MISS_COLOR = RED
"""The ring around a misclassified data point."""

POINT_SCALE = [[0.0, ORANGE], [0.5, NEUTRAL], [1.0, BLUE]]
"""Diverging Plotly colour scale for points (binary labels 0/1, regression targets -1..1)."""


def hex_rgb(color):
    """``"#rrggbb"`` -> float64 array ``[r, g, b]`` (0..255)."""
    color = color.lstrip("#")
    return np.array([int(color[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def rgb_hex(rgb):
    """``[r, g, b]`` (rounded and clipped to 0..255) -> ``"#rrggbb"``."""
    r, g, b = (int(v) for v in np.clip(np.rint(rgb), 0, 255))
    return f"#{r:02x}{g:02x}{b:02x}"


def css_rgb(color):
    """``"#rrggbb"`` -> ``"rgb(r,g,b)"`` (for SVG in a data URI, where '#' would need escaping)."""
    r, g, b = (int(v) for v in hex_rgb(color))
    return f"rgb({r},{g},{b})"


def tint(color, strength=BACKGROUND_STRENGTH, base=NEUTRAL):
    """``color`` blended from ``base``: strength 0 -> ``base``, 1 -> ``color``."""
    start = hex_rgb(base)
    return rgb_hex(start + strength * (hex_rgb(color) - start))


BACKGROUND_COLORS = tuple(tint(c) for c in CLASS_COLORS)
"""Fill colour of each class region at full confidence (and with ``discretize``)."""

_NEUTRAL_RGB = hex_rgb(NEUTRAL)
_BACKGROUND_RGB = np.array([hex_rgb(c) for c in BACKGROUND_COLORS])
_ORANGE_RGB, _BLUE_RGB = hex_rgb(ORANGE), hex_rgb(BLUE)


def _uint8(rgb):
    return np.ascontiguousarray(np.rint(rgb), dtype=np.uint8)


def diverging_hex(values, levels=20):
    """Hex colours of ``values`` on POINT_SCALE over [-1, 1] (orange, neutral at 0, blue), clamped and
    rounded to ``levels`` steps each side (so that points share colours: a smaller SVG)."""
    t = np.rint(np.clip(np.asarray(values, dtype=np.float64), -1.0, 1.0) * levels)[:, None] / levels
    rgb = np.where(t > 0, _NEUTRAL_RGB + t * (_BLUE_RGB - _NEUTRAL_RGB),
                   _NEUTRAL_RGB - t * (_ORANGE_RGB - _NEUTRAL_RGB))
    return [rgb_hex(c) for c in rgb]


def point_fills(y, task):
    """Fill colour of each data point: its class colour, or its regression target on POINT_SCALE."""
    if task == "regression":
        return diverging_hex(y)
    return [CLASS_COLORS[int(c)] for c in np.asarray(y)]


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
        return _uint8(_BACKGROUND_RGB[cls])
    conf = np.take_along_axis(probs, cls[..., None], axis=-1)
    t = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    return _uint8(_NEUTRAL_RGB + t * (_BACKGROUND_RGB[cls] - _NEUTRAL_RGB))


def diverging_image(values, lo, hi, discretize=False):
    """RGB uint8 image of ``values`` (n, n) on the orange-neutral-blue background scale over [lo, hi]
    (midpoint neutral); ``discretize`` gives the two full background colours, split at the midpoint."""
    t = np.clip((np.asarray(values, dtype=np.float64) - lo) / (hi - lo), 0.0, 1.0) * 2.0 - 1.0
    side = np.where((t > 0)[..., None], _BACKGROUND_RGB[1], _BACKGROUND_RGB[0])
    return _uint8(side if discretize else _NEUTRAL_RGB + np.abs(t)[..., None] * (side - _NEUTRAL_RGB))


def intensity_image(probs):
    """RGB uint8 (..., k, 3) of probabilities (..., k): unit j goes from NEUTRAL (0) to class j's background
    colour (1); NaN counts as 0."""
    probs = np.asarray(probs, dtype=np.float64)
    p = np.clip(np.nan_to_num(probs, nan=0.0), 0.0, 1.0)[..., None]
    cls = _BACKGROUND_RGB[np.arange(probs.shape[-1]) % len(_BACKGROUND_RGB)]
    return _uint8(_NEUTRAL_RGB + p * (cls - _NEUTRAL_RGB))
