"""The house style of every Plotly figure in the playground, and the pieces the figure modules share.

The figures are rebuilt and sent to the browser many times a second while a network trains, so they are
built to be small and still:

* big arrays are float32/uint8 ndarrays, which plotly >= 6 sends base64-encoded (``{"dtype", "bdata"}``);
* every trace is fully specified and the template is empty, so the payload does not carry plotly's (or
  Streamlit's) default template; Streamlit's ``theme="streamlit"`` still styles fonts and
  backgrounds, as it writes into ``layout.template.layout`` and explicit layout values win;
* axis ranges, margins, width and height are fixed, zoom/drag are off (``fixedrange``, ``dragmode``),
  no animations or transitions; nothing depends on the chart ``config``.
"""
import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

CHART_CONFIG = {"displayModeBar": False}
"""``config`` of every ``st.plotly_chart``: no mode bar (the figures cannot be zoomed anyway)."""

LEGEND = dict(orientation="h", x=1.0, xanchor="right", y=1.0, yanchor="bottom", font=dict(size=11),
              bgcolor="rgba(0,0,0,0)")
"""The legend of every chart that has one: one row, above the plot, right-aligned."""


def figure(data, layout, raw=False):
    """A real ``go.Figure``; property validation skipped (the inputs are built here, and validation
    of the big arrays is most of the build time). ``fig.data``/``fig.layout`` work as usual.
    ``raw=True``: the plain ``{"data", "layout"}`` dict instead (what the live view sends; building the
    ``go.Figure`` copies every dict, a quarter of a live frame's cost on the server)."""
    if raw:
        return {"data": list(data), "layout": layout}
    return go.Figure(data=data, layout=layout, _validate=False)


def figure_payload_bytes(fig):
    """Size in bytes of the JSON that is sent to the browser for ``fig``."""
    return len(pio.to_json(fig, validate=False))


F32_MAX = float(np.finfo(np.float32).max)


def f32(a):
    """``a`` as a contiguous float32 array (sent base64-encoded, half the bytes of float64), or as float64 when a
    value is beyond float32's range (a loss that blew up to 1e250 stays drawn, not turned into infinity)."""
    a = np.asarray(a, dtype=np.float64)
    if np.any(np.abs(a[np.isfinite(a)]) > F32_MAX):
        return np.ascontiguousarray(a)
    return np.ascontiguousarray(a, dtype=np.float32)


def thin(n, max_points):
    """Indices of at most ``max_points`` of ``n`` points, evenly spread, first and last kept."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.rint(np.linspace(0, n - 1, max(2, max_points))).astype(np.int64))


def thin_epochs(epochs, max_points):
    """``(keep, x, mode)`` of a series against ``epochs`` (an array) thinned to at most ``max_points``: the kept
    indices, their epochs as a compact typed array (int32 for whole epochs, else float32), and the scatter
    mode (markers too when a single point would otherwise not show)."""
    keep = thin(len(epochs), max_points)
    x = np.ascontiguousarray(epochs[keep], dtype=np.int32 if epochs.dtype.kind in "iub" else np.float32)
    return keep, x, "lines+markers" if len(keep) == 1 else "lines"


EPOCH_MARGIN = dict(l=56, r=16, t=44, b=40, pad=0)
LOG_PAD = 0.04
"""Share of a log axis's span (in decades) left free below the lowest and above the highest value."""
TICK_SPACING_PX = 26
"""Least distance in px between two labelled ticks of a log axis (a label like 10⁻⁴ is about 18 px tall)."""


def positive_extent(*series):
    """``(lo, hi)`` of the finite values > 0 in ``series`` (arrays or None), or None when there are none: what a
    log axis can show."""
    values = [np.asarray(a, dtype=np.float64).ravel() for a in series if a is not None]
    values = np.concatenate(values) if values else np.zeros(0)
    values = values[np.isfinite(values) & (values > 0)]
    return (float(values.min()), float(values.max())) if values.size else None


def _tick_text(v, step, powers=False):
    """``v`` as a tick label, to the precision of ``step``: plain from 0.001 to 9999, else m×10ⁿ (10ⁿ for m = 1);
    ``powers``: a power of ten as 10ⁿ from 100 and below 0.1 too (an axis of powers in one style)."""
    e = math.floor(math.log10(v) + 1e-9)
    es = math.floor(math.log10(step) + 1e-9)
    extra = 1 if round(step / 10.0 ** es, 6) == 2.5 else 0
    if -3 <= e <= 3 and not (powers and e not in (0, 1)):
        return f"{v:.{max(0, extra - es)}f}"
    mantissa = f"{v / 10.0 ** e:.{max(0, e - es + extra)}f}"
    power = f"10<sup>{'−' if e < 0 else ''}{abs(e)}</sup>"
    return power if mantissa == "1" else f"{mantissa}×{power}"


def _in_range(values, lo, hi):
    return [v for v in values if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]


def log_ticks(lo, hi, max_ticks=5):
    """``(tickvals, ticktext)`` of a log axis showing ``lo``..``hi`` (> 0): 3..``max_ticks`` labelled ticks,
    whatever the range. Over several decades the powers of ten (every k-th one when there are too many); over
    one or two, 1-2-5 or 1-3 steps; within a decade, evenly spaced round values (0.30, 0.35, 0.40 ...)."""
    e0, e1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    exps = range(e0, e1 + 1)
    powers = _in_range([10.0 ** e for e in exps], lo, hi)
    if len(powers) >= 3:
        need = len(powers) / max_ticks          # label every k-th decade, k a round number
        k = min(m * 10 ** p for p in range(4) for m in (1, 2, 3, 5) if m * 10 ** p >= need)
        vals = [v for v in powers if round(math.log10(v)) % k == 0]
        if len(vals) < 2:
            vals = powers[::k]
        wide = any(not 1e-3 <= v <= 1e3 for v in vals)
        return vals, [_tick_text(v, v, powers=wide) for v in vals]
    for mantissas in ((1, 2, 5), (1, 3)):
        vals = _in_range([m * 10.0 ** e for e in exps for m in mantissas], lo, hi)
        if 3 <= len(vals) <= max_ticks:
            return vals, [_tick_text(v, v) for v in vals]
    best = None
    for e in range(e1, e0 - 3, -1):             # evenly spaced round values, largest step first
        for m in (5, 2.5, 2, 1):
            step = m * 10.0 ** e
            vals = _in_range([k * step for k in range(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1)],
                             lo, hi)
            if len(vals) >= 3:
                if len(vals) > max_ticks and best:
                    vals, step = best
                return vals, [_tick_text(v, step) for v in vals]
            if len(vals) >= 2:
                best = vals, step
    return [], []


def log_axis(extent, plot_height):
    """Range and ticks of a log y axis over the values ``extent`` = ``(lo, hi)``, ``plot_height`` px tall: the range
    padded by LOG_PAD (at least 0.1 decade in all), labelled ticks TICK_SPACING_PX apart or more (at least 3).
    Plotly's own log ticks ("D1"/"D2") label nothing within a decade and crowd over many decades."""
    a, b = math.log10(extent[0]), math.log10(extent[1])
    if b - a < 0.1:
        a, b = (a + b) / 2 - 0.05, (a + b) / 2 + 0.05
    pad = LOG_PAD * (b - a)
    a, b = a - pad, b + pad
    vals, text = log_ticks(10.0 ** a, 10.0 ** b, max(3, int(plot_height // TICK_SPACING_PX)))
    return dict(range=[a, b], autorange=False, tickmode="array", tickvals=vals, ticktext=text)


def epoch_layout(epochs, y_title, log_y, *, height, width, uirevision, zoom=False, y_extent=None):
    """The layout of a series-against-epoch chart: x spans first..last epoch (at least 10 epochs), y linear
    from 0 or logarithmic, fixed size, legend on top; no zoom unless ``zoom`` (drag a box to zoom, double-click
    to go back: for a chart updated in place, where a zoom survives the redraws). A log y axis over ``y_extent``
    (the ``(lo, hi)`` of the values > 0 drawn, see :func:`positive_extent`) gets its range and labelled ticks from
    :func:`log_axis`; with ``zoom`` (or no ``y_extent``), plotly.js's own log ticks, which follow the view, asked
    for few enough (``nticks``) to keep to round linear steps within a decade, 1-2-5 over a decade or two, every
    n-th power over more (no forced "D2", which labels nothing within a decade and crowds over many)."""
    lo = float(epochs[0]) if len(epochs) else 0.0
    hi = float(epochs[-1]) if len(epochs) else 1.0
    yaxis = dict(title=dict(text=y_title), fixedrange=True, automargin=False, zeroline=False)
    if log_y:
        yaxis.update(type="log", exponentformat="power")
        plot_height = height - EPOCH_MARGIN["t"] - EPOCH_MARGIN["b"]
        if y_extent is not None and not zoom:
            yaxis.update(log_axis(y_extent, plot_height))
        else:   # plotly.js labels 1..9 in every decade when it may put a tick each 0.3 decade or less
            yaxis.update(nticks=max(3, int(plot_height // (3 * TICK_SPACING_PX))))
    else:
        yaxis.update(type="linear", rangemode="tozero")
    layout = dict(
        template={}, height=height, autosize=width is None, margin=dict(EPOCH_MARGIN),
        xaxis=dict(title=dict(text="Epoch"), range=[lo, max(hi, lo + 10.0)], autorange=False, fixedrange=True,
                   automargin=False, zeroline=False),
        yaxis=yaxis, showlegend=True, legend=dict(LEGEND), uirevision=uirevision, dragmode=False, hovermode="x")
    if zoom:   # the x range follows the data in the browser (autorange), so that a user's zoom is kept
        layout["xaxis"].update(fixedrange=False, autorange=True)
        layout["xaxis"].pop("range")
        layout["yaxis"]["fixedrange"] = False
        layout["dragmode"] = "zoom"
    if width is not None:
        layout["width"] = width
    return layout
