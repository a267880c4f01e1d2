"""The square figure over the input plane that the decision boundary and a neuron's full-size map share:
axes, margins, layout, and the map and contour traces over a grid (``nn_core.grid.GridOutputs``)."""
import numpy as np

from nn_core.datasets import PLANE
from playground.figures.images import SVG_PREFIX, cached_by_content, png_data_uri
from playground.figures.isoline import level_segments, polyline_path
from playground.figures.palette import DECISION_LINE, css_rgb
from playground.figures.style import LEGEND, f32

RANGE = [float(PLANE[0]), float(PLANE[1])]
"""Range of both axes: the whole data plane."""
MARGIN = dict(l=48, r=54, t=62, b=40, pad=0)
"""Margins with l + r == t + b, so a figure of width == height has a square plot area (the y axis is also
anchored to x with scaleratio 1, which keeps it square when Streamlit stretches the width). The top margin
holds two one-row legends: the colour key (``key_legend``) above the point sets' legend (a smaller margin would
be pushed open by plotly.js, shrinking the plot)."""
KEY_ROW_PX = 20
"""Height in px of the point sets' legend row, which the colour key's legend sits on."""


def plot_px(size):
    """Side in px of the plot area of a ``size`` × ``size`` plane figure."""
    return size - MARGIN["l"] - MARGIN["r"]


def plane_axis(title, **extra):
    """An axis over the whole plane: fixed, ticks every 2, framed."""
    return dict(range=list(RANGE), fixedrange=True, autorange=False, title=dict(text=title), showgrid=False,
                zeroline=False, automargin=False, tickmode="linear", tick0=RANGE[0], dtick=2, ticks="outside",
                ticklen=4, showline=True, linecolor="#888888", mirror=True, constrain="domain", **extra)


def plane_layout(size, images, uirevision, showlegend=True, **extra):
    """The layout of a ``size`` × ``size`` figure of the plane (x₁ right, x₂ up, square), with the data points'
    ``images`` and a legend on top that does not toggle traces."""
    return dict(template={}, width=size, height=size, autosize=False, margin=dict(MARGIN),
                xaxis=plane_axis("x₁"), yaxis=plane_axis("x₂", scaleanchor="x", scaleratio=1),
                showlegend=showlegend,
                legend=dict(LEGEND, itemclick=False, itemdoubleclick=False, traceorder="normal"),
                images=images, **extra, uirevision=uirevision, dragmode=False, hovermode="closest")


def key_legend(size, title=None):
    """``layout.legend2`` of a ``size`` px plane figure: the colour key, one row right-aligned above the legend of
    the point sets, entries that do not toggle traces, an optional ``title`` on their left."""
    legend = dict(LEGEND, y=1.0 + KEY_ROW_PX / plot_px(size), itemclick=False, itemdoubleclick=False,
                  traceorder="normal")
    if title:
        legend["title"] = dict(text=title, side="left")
    return legend


def grid_step(coords):
    """``(start, step)`` of evenly spaced ``coords``, or ``None`` when they are not evenly spaced."""
    coords = np.asarray(coords, dtype=np.float64)
    if coords.size < 2:
        return None
    return _step(coords)


@cached_by_content(maxsize=32)
def _step(coords):
    """`grid_step` of float64 coordinates (every frame asks about the same grid)."""
    diffs = np.diff(coords)
    if np.allclose(diffs, diffs[0], rtol=1e-6, atol=1e-9) and diffs[0] > 0:
        return float(coords[0]), float(diffs[0])
    return None


def grid_placement(grid):
    """Position keywords for a heatmap/contour over the grid: x0/dx/y0/dy when evenly spaced."""
    sx, sy = grid_step(grid.xs), grid_step(grid.ys)
    out = {}
    out.update(dict(x0=sx[0], dx=sx[1]) if sx else dict(x=f32(grid.xs)))
    out.update(dict(y0=sy[0], dy=sy[1]) if sy else dict(y=f32(grid.ys)))
    return out


def image_trace(grid, rgb, name, image="png"):
    """A ``go.Image`` of the uint8 (n, n, 3) ``rgb`` over the grid, pixel row r at ``y = grid.ys[r]`` (x2 upward:
    the y axis is not reversed, plotly.js flips the image to match). ``image="png"`` sends it as a PNG data URI
    (drawn by the browser), ``"array"`` as a base64 uint8 ``z`` array (drawn pixel by pixel in JS)."""
    sx, sy = grid_step(grid.xs), grid_step(grid.ys)
    if sx is None or sy is None:
        raise ValueError("a map needs an evenly spaced grid")
    if image == "array":
        return dict(type="image", z=rgb, colormodel="rgb", x0=sx[0], dx=sx[1], y0=sy[0], dy=sy[1],
                    hoverinfo="skip", name=name)
    return dict(type="image", source=png_data_uri(rgb), x0=sx[0], dx=sx[1], y0=sy[0], dy=sy[1], zsmooth="fast",
                hoverinfo="skip", name=name)


def level_contour(grid, z, zmin, zmax, level, *, name, label, width, dash=None):
    """One dark contour line of ``z`` (n, n) over the grid at ``level``; its hover shows ``label`` and the value."""
    line = dict(color=DECISION_LINE, width=width, **(dict(dash=dash) if dash else {}), smoothing=0.0)
    return dict(type="contour", z=f32(z), **grid_placement(grid), zmin=zmin, zmax=zmax, zauto=False,
                autocontour=False, ncontours=1,
                contours=dict(start=level, end=level, size=1.0, coloring="lines", showlabels=False),
                colorscale=[[0.0, DECISION_LINE], [1.0, DECISION_LINE]], showscale=False, line=line,
                name=name, showlegend=False,
                hovertemplate=f"x₁ %{{x:.2f}}, x₂ %{{y:.2f}}<br>{label} %{{z:.3f}}<extra></extra>")


LINE_SCALE = 10
"""Coordinates in a level line's SVG are integers in 1/LINE_SCALE of a grid step."""


def level_line(grid, z, level, *, size, width=2.0, name="decision boundary"):
    """The line where ``z`` (n, n) over the grid crosses ``level``, as a ``layout.images`` entry over the plot of a
    ``size`` × ``size`` plane figure: an SVG of the marching-squares segments (``isoline``), ``width`` px wide in
    the decision-line colour. Swapping an image is all a redraw costs the browser (a contour trace is traced
    anew in JavaScript on every redraw)."""
    sx, sy = grid_step(grid.xs), grid_step(grid.ys)
    if sx is None or sy is None:
        raise ValueError("a level line needs an evenly spaced grid")
    z = np.asarray(z, dtype=np.float64)
    rows, cols = z.shape
    seg = level_segments(z, level)
    seg[:, [1, 3]] = (rows - 1) - seg[:, [1, 3]]        # SVG rows run downwards, x2 upwards
    px = plot_px(size)
    body = (f"<path d='{polyline_path(seg, LINE_SCALE)}' fill='none' stroke='{css_rgb(DECISION_LINE)}' "
            f"stroke-width='{width:g}' stroke-linecap='round' vector-effect='non-scaling-stroke'/>")
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{px}' height='{px}' preserveAspectRatio='none' "
           f"viewBox='0 0 {(cols - 1) * LINE_SCALE} {(rows - 1) * LINE_SCALE}'>{body}</svg>")
    return dict(source=SVG_PREFIX + svg.replace("<", "%3C").replace(">", "%3E"), xref="x", yref="y",
                x=sx[0], y=sy[0] + (rows - 1) * sy[1], sizex=(cols - 1) * sx[1], sizey=(rows - 1) * sy[1],
                xanchor="left", yanchor="top", sizing="stretch", layer="above", name=name)
