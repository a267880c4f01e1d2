"""The numbers and words beside the live view: the read-outs (epoch, losses, metrics) and the captions of what the
charts show."""
import streamlit as st

from playground.figures.network.compact import DENSE_LINKS, DENSE_SHARE
from playground.text.words import LOSS, number


def readouts(task, stats, top, bottom=None, **epoch):
    """Epoch, losses and metrics (`stats`, of a model of `task`) as labelled metrics: all in the container `top`,
    or the metrics in `bottom`. `epoch`: more arguments of the epoch's metric (a delta, a tooltip)."""
    classification = task != "regression"
    name = "accuracy" if classification else "R²"
    metric = (lambda v: "—" if v != v else f"{100 * v:.1f}%") if classification else number
    bottom = top if bottom is None else bottom
    top.metric("Epoch", f"{stats['epoch']:,}", **epoch)
    top.metric("Train loss", number(stats["train_loss"]))
    top.metric("Test loss", number(stats["test_loss"]))
    bottom.metric(f"Train {name}", metric(stats["train_metric"]))
    bottom.metric(f"Test {name}", metric(stats["test_metric"]))


def playground_readouts(pg, stats):
    """The Playground's read-outs of the model on show, in one row (one block, not five columns: fewer deltas per
    tick)."""
    readouts(pg.task, stats, st.container(horizontal=True, gap="medium"))


def captions(pg):
    """What the live charts show, in words: drawn once per full run, outside the live fragment (every element
    the fragment redraws costs the browser a few ms per redraw)."""
    loss_name = LOSS[pg.config.head]
    text = (f"Loss: {loss_name}, averaged over the points, without the regularization term. Network: "
            f"{' → '.join(str(s) for s in pg.model.sizes)}; batch {pg.trainer.batch_size}.")
    if pg.config.netview:
        text += (" In the network view each square is a neuron's output over the plane (orange negative, blue "
                 "positive); links are blue for positive and orange for negative weights, wider for larger |w|; "
                 "the small square at a neuron's corner is its bias. Hover for values; click a neuron to see its "
                 "map full size, again to go back.")
        sizes = pg.model.sizes
        if sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) > DENSE_LINKS:
            text += (f" So many links would be a grey mass: only the strongest {100 * DENSE_SHARE:g} % of each layer's "
                     "links are drawn (hover shows any).")
    st.caption(text)
