"""The Compare page: two setups trained side by side on the same data and seed, in lockstep. Layout only: the
sides train in `state.compare.Comparison`; the widgets, read-outs and URL are `ui.compare`'."""
import time

import streamlit as st

from playground.figures.boundary import boundary_figure
from playground.figures.loss import SIDE_COLORS, compare_loss_figure, small_map
from playground.figures.style import CHART_CONFIG
from playground.live import component, pacing
from playground.server import playing
from playground.settings.compare import EXAMPLES, SIDES
from playground.text.words import divergence_message, plain, stop_message
from playground.ui import compare as cw

MAP_SIZE = 270       # px, each side's boundary chart
LOSS_HEIGHT = 290

cmp, warnings = cw.current()
cw.refuse_tampered(cmp)
st.html(cw.STYLE)
component.no_fade()
st.title("Compare")
st.caption("Two setups on the same data and network seed, trained in lockstep: both are always at the same epoch. "
           "The data settings are shared; each side has its own network and training settings. The address holds "
           "both setups, so a copied link reproduces the comparison.")
for w in warnings:
    st.warning(plain(w), icon=":material/warning:")

examples = st.container(horizontal=True, vertical_alignment="center")
examples.markdown("**Examples:**", width="content")
for i, (title, what, params) in enumerate(EXAMPLES):
    if examples.button(title, key=f"cmp_example_{i}", icon=":material/compare_arrows:", type="tertiary",
                       help=f"{what} (replaces both setups)"):
        cw.follow(params)

buttons = st.container(horizontal=True, vertical_alignment="center")
alerts, charts = st.container(), st.container()
shared = cw.shared_controls(cmp)
own = {}
for side, col in zip(SIDES, st.columns(len(SIDES), gap="medium")):
    box = col.container(border=True)
    box.markdown(f"**{side}: network and training**")
    own[side] = cw.side_controls(cmp, side, box)
view = cw.view_controls(cmp, buttons)
configs = cw.read(cmp, {**shared, **view}, own)
if configs is not None:
    for text in cmp.apply(configs):
        st.toast(plain(text))
cw.write_url(cmp)
if not cmp.playing:
    playing.stopped(id(cmp))

if cmp.playing:
    buttons.button("Pause", key="cmp_pause", on_click=cmp.pause, type="primary", help="Stop training both sides.")
else:
    buttons.button("Play", key="cmp_play", on_click=cmp.play, type="primary",
                   help="Train both sides continuously, epoch by epoch in turn, and redraw live.")
buttons.button("Step", key="cmp_step", on_click=cmp.step, disabled=cmp.playing,
               help="Train exactly one epoch on each side.")
buttons.button("Reset", key="cmp_reset", on_click=cmp.reset,
               help="New initial weights from the network seed on both sides; back to epoch 0.")
buttons.button("Copy A → B", key="cmp_copy", on_click=cw.copy_to(cmp, "A", "B"),
               help="Give B the network and training settings of A (when B's network changes, both sides restart from "
                    "epoch 0).")

if cmp.divergence is not None:
    side, div = cmp.divergence
    others = ", ".join(s for s in SIDES if s != side)
    alerts.error(f"**{side} diverged; both sides are paused** ({others} completed epoch {cmp.epoch:,}). "
             + divergence_message(div, clipping=True), icon="🛑")
elif cmp.stopped_at is not None and cmp.epoch == cmp.stopped_at:
    alerts.info(stop_message(cmp.stopped_at), icon=":material/pause_circle:")


def draw():
    """Every side's boundary and read-outs, and the loss chart of them all. The read-outs of all sides are sent one
    after the other (before the maps), so that the browser shows their epochs change together."""
    labels = cw.labels(cmp)
    cols = st.columns([1, 1, 1.25], gap="small")
    maps = {}
    for i, side in enumerate(cmp.sides):
        cols[i].markdown(f"<span style='color:{SIDE_COLORS[i]}'>■</span> **{plain(labels[side])}**",
                         unsafe_allow_html=True)
        maps[side] = cols[i].container()
    for i, side in enumerate(cmp.sides):
        cw.side_readouts(cmp, side, cols[i])
    for side, p in cmp.sides.items():
        c = p.config
        fig = boundary_figure(p.grid(), p.task, p.X_train, p.y_train, p.X_test, p.y_test, n_classes=p.n_classes,
                              show_test=c.show_test, head=c.head, size=MAP_SIZE)
        maps[side].plotly_chart(small_map(fig), config=CHART_CONFIG, key=f"cmp_map_{side}", width="content")
    c, first = cmp.sides[SIDES[0]].config, cmp.sides[SIDES[0]]
    series = [(labels[s], p.trainer.history.column("epoch"), p.trainer.history.column("train_loss"),
               p.trainer.history.column("test_loss")) for s, p in cmp.sides.items()]
    cols[2].plotly_chart(compare_loss_figure(series, show_test=c.show_test, log_y=c.log_loss, height=LOSS_HEIGHT),
                         config=CHART_CONFIG, key="cmp_loss")
    cols[2].caption(f"Train loss solid, test loss dashed (with Show test data). The maps colour each side's output "
                    f"over the plane as the Playground does, under the same {len(first.y_train):,} training points "
                    f"(white rim) and {len(first.y_test):,} test points (dark rim, with Show test data).")


def live():
    """Draw every side as it is now, then (while playing) train the next slice, which the next tick draws."""
    with cmp.lock:        # (not while a run that Pause interrupted finishes its slice)
        draw()
    if cmp.playing:
        n = playing.playing_now(id(cmp))
        with playing.working:
            cmp.train(seconds=pacing.budget(n), clock=time.thread_time)
        if not cmp.playing:
            playing.stopped(id(cmp))
            st.rerun()   # a divergence or the stop epoch paused both: show why and stop the ticking
        component.wait_until_sent()


with charts:
    st.fragment(run_every=pacing.tick(playing.playing_now(id(cmp))) if cmp.playing else None)(live)()
