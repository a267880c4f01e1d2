"""The loss chart: train and test loss against epoch. A pure function, data in, ``go.Figure`` out."""
import numpy as np

from .charts import epoch_layout, f32, figure, positive_extent, thin_epochs
from .palette import MARKER_LINE, TEST_LINE, TRAIN_LINE


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
