"""The loss charts, pure functions (data in, ``go.Figure`` out, in the house style of ``style``): the Playground's
train and test loss against epoch, and the Compare page's every side's train loss (solid) and test loss (dashed)
on one chart, one colour per side."""
import numpy as np

from playground.figures.palette import GREEN, MARKER_LINE, PURPLE, TEST_LINE, TRAIN_LINE
from playground.figures.style import epoch_layout, f32, figure, positive_extent, thin_epochs


def loss_figure(epochs, train_loss, test_loss=None, *, log_y=False, max_points=300, height=220, width=None,
                marker=None, zoom=False, raw=False):
    """Train (grey) and test (blue) loss against epoch. The lines and the marker keep a 3:1 contrast on a light and
    on a dark page; the background and the text colours are left to the app's theme.

    ``marker`` (an epoch) draws a dashed vertical line there, e.g. the timeline snapshot on show.
    More than ``max_points`` points are thinned evenly (first and last kept) so the payload does not grow
    with the length of training. A test series that is missing, empty or all NaN is left out.
    ``log_y`` puts the loss on a log scale, with at least 3 labelled ticks whatever the range
    (``charts.log_axis``). ``width=None`` lets the chart take its container's width.
    The x axis spans first..last epoch, at least 10 epochs (so early on it shows whole-epoch ticks).
    """
    epochs = np.asarray(epochs)
    train = np.asarray(train_loss, dtype=np.float64)
    if epochs.shape != train.shape:
        raise ValueError(f"epochs and train_loss differ in length: {epochs.shape} vs {train.shape}")
    test = None if test_loss is None else np.asarray(test_loss, dtype=np.float64)
    if test is not None and (test.shape != epochs.shape or not np.isfinite(test).any()):
        test = None
    keep, x, mode = thin_epochs(epochs, max_points)
    traces, drawn = [], []
    for name, series, color in (("train", train, TRAIN_LINE), ("test", test, TEST_LINE)):
        if series is None or not len(keep):
            continue
        drawn.append(series[keep])
        traces.append(dict(type="scatter", x=x, y=f32(series[keep]), mode=mode, name=name, cliponaxis=False,
                           line=dict(color=color, width=2), marker=dict(color=color, size=6),
                           hovertemplate=f"epoch %{{x}}<br>{name} %{{y:.4g}}<extra></extra>"))
    layout = epoch_layout(epochs, "Loss", log_y, height=height, width=width, uirevision="loss", zoom=zoom,
                          y_extent=positive_extent(*drawn) if log_y else None)
    if marker is not None:
        layout["shapes"] = [dict(type="line", xref="x", yref="paper", x0=float(marker), x1=float(marker), y0=0,
                                 y1=1, line=dict(color=MARKER_LINE, width=1.5, dash="dash"))]
    return figure(traces, layout, raw=raw)


SIDE_COLORS = (PURPLE, GREEN)
"""Side A's and side B's lines: both keep a 3:1 contrast on a light and on a dark page, and neither is a class
colour of the boundary maps (orange, blue)."""
LEGEND_ROW_PX = 18
AXIS_TITLE_PX = 52
"""From the plot's bottom edge to the legend's top: the tick labels and the x axis's title, in the app's font."""


def compare_loss_figure(sides, *, show_test=True, log_y=False, max_points=300, height=300, width=None, raw=False):
    """``sides``: a list of ``(label, epochs, train_loss, test_loss)``, one per side (``label`` such as "A: tanh").
    Each side's train loss is a solid line and, with ``show_test``, its test loss a dashed one of the same colour
    (a test series that is missing or all NaN is left out). The legend (one entry per line) sits under the plot,
    the lines' labels in full; the chart grows by one legend row per side to keep the plot's height."""
    traces, drawn, all_epochs = [], [], []
    for i, (label, epochs, train, test) in enumerate(sides):
        epochs = np.asarray(epochs)
        color = SIDE_COLORS[i % len(SIDE_COLORS)]
        keep, x, mode = thin_epochs(epochs, max_points)
        all_epochs.append(epochs)
        for name, series, dash in (("train", train, "solid"), ("test", test if show_test else None, "dash")):
            if series is None:
                continue
            series = np.asarray(series, dtype=np.float64)
            if series.shape != epochs.shape:
                raise ValueError(f"{label}: {name} loss and epochs differ in length")
            if not len(keep) or not np.isfinite(series).any():
                continue
            drawn.append(series[keep])
            traces.append(dict(type="scatter", x=x, y=f32(series[keep]), mode=mode, name=f"{label} ({name})",
                               legendgroup=label, cliponaxis=False, line=dict(color=color, width=2, dash=dash),
                               marker=dict(color=color, size=6),
                               hovertemplate=f"{label}<br>epoch %{{x}}<br>{name} loss %{{y:.4g}}<extra></extra>"))
    epochs = max(all_epochs, key=lambda e: e[-1] if len(e) else -1) if all_epochs else np.zeros(0)
    extra = len(sides) * LEGEND_ROW_PX + 18         # legend rows under the x axis's title
    layout = epoch_layout(epochs, "Loss", log_y, height=height + extra, width=width, uirevision="compare_loss",
                          y_extent=positive_extent(*drawn) if log_y else None)
    margin = layout["margin"]
    margin.update(t=12, b=margin["b"] + extra)
    plot_px = height + extra - margin["t"] - margin["b"]
    layout["legend"] = dict(layout["legend"], y=-AXIS_TITLE_PX / plot_px, yanchor="top", x=0.0, xanchor="left",
                            itemclick=False, itemdoubleclick=False)
    return figure(traces, layout, raw=raw)


SMALL_MARGIN = dict(l=36, r=12, t=12, b=36, pad=0)
"""l + r == t + b: a square figure keeps a square plot (see ``plane.MARGIN``)."""


def small_map(fig):
    """A boundary figure (``boundary.boundary_figure``, a ``go.Figure``) made to fit a narrow column: no legends (the
    page says once what the colours mean) and thin margins, so that most of its size is the plane."""
    fig.update_layout(showlegend=False, margin=SMALL_MARGIN)
    return fig
