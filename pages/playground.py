"""The Playground page: choose, press Play, watch it learn. Widgets, session state and layout only."""
import time

import streamlit as st

from playground import figures, panels
from playground.messages import divergence_message
from playground.state import current_playground
from playground.widgets import seed_state, sidebar_controls, sync_url

TICK = 0.01      # seconds between live redraws asked of the browser (ticks that find a run going are dropped)
DIAGNOSTICS_TICK = 1.0

pg = current_playground(from_url=True)
st.title("Neural-network playground")
for w in st.session_state.url_warnings:
    st.warning(w, icon="⚠️")

seed_state(pg.config)
pg.apply(sidebar_controls())
sync_url(pg.config)
if pg.notice:
    st.toast(pg.notice)
    pg.notice = None


def play():
    pg.play()


def pause():
    pg.playing = False


def regenerate():
    st.session_state["data_seed"] = (st.session_state["data_seed"] + 1) % (2**31 - 1)


def button(col, label, key, on_click, tip, **kw):
    col.button(label, key=key, on_click=on_click, help=tip, width="stretch", **kw)


cols = st.columns([1, 1, 1, 0.3, 1.5, 1.5, 2.5], vertical_alignment="bottom")
if pg.playing:
    button(cols[0], "Pause", "pause", pause, "Stop training; the model stays as it is.", type="primary")
else:
    button(cols[0], "Play", "play", play, "Train continuously and redraw live.", type="primary")
button(cols[1], "Step", "step", pg.step_epoch, "Train exactly one epoch (one pass over the training data).",
       disabled=pg.playing)
button(cols[2], "Reset", "reset", pg.reset, "New initial weights from the network seed; back to epoch 0.")
button(cols[4], "Step one batch", "step_batch", pg.step_batch, "One mini-batch: a single gradient step.",
       disabled=pg.playing)
button(cols[5], "Regenerate data", "regen", regenerate,
       "New random data (the next data seed); the network keeps its weights, as in TF Playground.")

panels.map_picker(pg, cols[6])

if pg.trainer.divergence is not None:
    st.error(divergence_message(pg.trainer.divergence), icon="🛑")
if not pg.playing:
    panels.timeline(pg)


def live():
    """Draw the current state, then (while playing) train for the rest of the tick: the browser draws
    while the server trains, so the two overlap on separate cores."""
    if st.session_state.pop("rerun_app", False):
        st.rerun()  # a click in here changed what the whole page shows (the map picker)
    cfg = pg.config
    stats = pg.shown_stats()
    classification = pg.task != "regression"
    metric = "accuracy" if classification else "R²"
    fmt = (lambda v: f"{100 * v:.1f}%") if classification else (lambda v: f"{v:.3f}")
    cols = st.columns(5)
    cols[0].metric("Epoch", f"{stats['epoch']:,}")
    cols[1].metric("Train loss", f"{stats['train_loss']:.4f}")
    cols[2].metric("Test loss", f"{stats['test_loss']:.4f}")
    cols[3].metric(f"Train {metric}", fmt(stats["train_metric"]))
    cols[4].metric(f"Test {metric}", fmt(stats["test_metric"]))
    left, right = st.columns([1.1, 1])
    grid = pg.grid()
    if pg.selected is None:
        fig = figures.boundary_figure(grid, pg.task, pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                                      n_classes=pg.n_classes, show_test=cfg["show_test"],
                                      discretize=cfg["discretize"], head=cfg["head"])
        left.plotly_chart(fig, config=panels.CHART, key="boundary", width="content")
    else:
        panels.neuron_map(pg, left, grid)
    panels.loss_panel(pg, right, cfg["log_loss"])
    if cfg["netview"]:
        with pg.showing():
            panels.network_view(pg, grid)
    if pg.playing:
        pg.train(seconds=pg.live_budget(time.perf_counter()))
        if not pg.playing:
            st.rerun()  # training paused itself (divergence or stop epoch): show it and stop the ticking


def diagnostics():
    """Slower than the live view: the diagnostics redraw once a second while training."""
    st.session_state.setdefault("panel", "Gradients")
    panel = st.segmented_control("Diagnostics", panels.PANELS, key="panel", help=panels.PANEL_HELP)
    with pg.showing():
        panels.diagnostics(pg, st, panel)


st.fragment(run_every=TICK if pg.playing else None)(live)()
panels.captions(pg)
st.fragment(run_every=DIAGNOSTICS_TICK if pg.playing else None)(diagnostics)()
panels.weight_editor(pg)
