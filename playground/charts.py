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


def epoch_layout(epochs, y_title, log_y, *, height, width, uirevision, zoom=False):
    """The layout of a series-against-epoch chart: x spans first..last epoch (at least 10 epochs), y linear
    from 0 or logarithmic, fixed size, legend on top; no zoom unless ``zoom`` (drag a box to zoom, double-click
    to go back: for a chart updated in place, where a zoom survives the redraws)."""
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
    if zoom:   # the x range follows the data in the browser (autorange), so that a user's zoom is kept
        layout["xaxis"].update(fixedrange=False, autorange=True)
        layout["xaxis"].pop("range")
        layout["yaxis"]["fixedrange"] = False
        layout["dragmode"] = "zoom"
    if width is not None:
        layout["width"] = width
    return layout
