"""The Playground page: choose, press Play, watch it learn. Layout only: the settings flow from the sidebar's
widgets into `Playground.apply` (the reducer), and out to the URL."""
import time

import streamlit as st

from playground import exportpanel, livechart, ownpanel, pacing, panels
from playground.errors import guard
from playground.livefeed import batch
from playground.messages import divergence_message, stop_message
from playground.pagestyle import page_style
from playground.state import current, keep_shown, show_messages, take_shown, write_url
from playground.view import PANELS
from playground.widgets import sidebar

pg, view = current()
st.title("Neural-network playground")
config, shown = sidebar(pg.config, take_shown(), own_problem=pg.own and pg.own.problem)
keep_shown(shown)
view.say(pg.apply(config))
view.fit(pg.model.sizes, pg.snapshot_epochs())
write_url(pg.config)
show_messages(view)
livechart.no_fade()
page_style(pg.config.presenter)
hidden = set(pg.config.hide)   # parts of the page a link leaves out
view.feed.resync()   # a full run may remount the live view: it gets every chart in full
view.frames = []     # (frames made for the live view before this run are out of date)
if not pg.playing:
    pacing.stopped(id(pg))


def regenerate():
    st.session_state["data_seed"] = (st.session_state["data_seed"] + 1) % (2**31 - 1)


def resume_then(action):
    def run():
        view.say(pg.resume_from(view.epoch))
        view.epoch = None
        view.say(action())
    return run


def button(col, label, key, on_click, tip, **kw):
    col.button(label, key=key, on_click=on_click, help=tip, width="stretch", **kw)


cols = st.columns([1, 1, 1, 0.3, 1.5, 1.5, 2.5], vertical_alignment="bottom")
if pg.playing:
    button(cols[0], "Pause", "pause", pg.pause, "Stop training; the model stays as it is.", type="primary")
else:
    button(cols[0], "Play", "play", resume_then(pg.play), "Train continuously and redraw live.", type="primary")
button(cols[1], "Step", "step", resume_then(pg.step_epoch), "Train exactly one epoch (one pass over the training "
       "data).", disabled=pg.playing)
button(cols[2], "Reset", "reset", pg.reset, "New initial weights from the network seed; back to epoch 0.")
if "step_batch" not in hidden:
    button(cols[4], "Step one batch", "step_batch", resume_then(pg.step_batch), "One mini-batch: a single gradient "
           "step.", disabled=pg.playing)
if "regen" not in hidden:
    button(cols[5], "Regenerate data", "regen", regenerate,
           "New random data (the next data seed); the network keeps its weights, as in TF Playground.")
picked = panels.map_picker(pg, view, cols[6]) if "map" not in hidden else view.selected
editing, own_version = view.edit, pg.own_version

if pg.trainer.divergence is not None:
    st.error(divergence_message(pg.trainer.divergence, clipping=bool(pg.config.clip)), icon="🛑")
elif pg.stopped_at is not None and pg.trainer.epoch == pg.stopped_at:
    st.info(stop_message(pg.stopped_at), icon=":material/pause_circle:")
if "timeline" not in hidden:
    panels.timeline(pg, view)


def live():
    """Send the frames made during the last tick (or, when not playing, the current state), then train the
    next tick's frames: the browser shows them one by one while the server trains."""
    if view.selected != picked or view.edit != editing or pg.own_version != own_version:
        st.rerun()  # a click in here changed what the map picker, the weight editor or Your data outside shows
    panels.readouts(pg, pg.stats(view.epoch))
    if view.frames:
        payload, view.frames = batch(view.frames), []
    else:
        payload = view.feed.message(panels.live_figures(pg, view, pg.grid(view.epoch)))
    key = "live_view"
    livechart.live_view(payload, key=key,
                        on_node=lambda: panels.clicked_node(view, livechart.event(key, "node")),
                        on_link=lambda: panels.clicked_link(view, livechart.event(key, "link")),
                        on_resync=view.feed.resync,
                        on_draw=lambda: ownpanel.clicked(pg, view, livechart.event(key, "draw")))
    if view.selected is not None:
        panels.back_button(view)
    full_run, view.full_run = view.full_run, False
    if pg.playing:
        n = pacing.playing_now(id(pg))
        if not full_run and pacing.retick(view.tick, n):
            view.tick = pacing.tick(n)
            st.rerun()   # the tick interval is set by a full run; the frames made so far are dropped
        k, seconds, epochs = pacing.plan(n, pg.config.speed)
        with pacing.working:
            net, start = None, time.thread_time()
            for i in range(k):
                pg.train(seconds=seconds, epochs=epochs, clock=time.thread_time, until_paused=True)
                # the network view moves slowly: drawn anew every few frames
                figures = panels.live_figures(pg, view, pg.grid(), net=net if i % pacing.every(n) else None)
                net = figures["net"]
                view.frames.append(view.feed.message(figures))
                if not pg.playing or time.thread_time() - start > pacing.allowance(n):
                    break   # (a large network's frames cost more: fewer of them, not a longer tick)
        if not pg.playing:
            view.frames = []
            pacing.stopped(id(pg))
            st.rerun()  # training paused itself (divergence or stop epoch): show it and stop the ticking
        livechart.wait_until_sent()


def diagnostics():
    """Slower than the live view: the diagnostics redraw once a second while training."""
    panels.show("panel", view.panel)   # the diagnostics fragment reruns every second: no write unless needed
    st.segmented_control("Diagnostics", PANELS, key="panel", help=panels.PANEL_HELP,
                         on_change=lambda: setattr(view, "panel", panels.panel_or_none(st.session_state["panel"])))
    with pg.showing(view.epoch):
        panels.diagnostics(pg, st, view.panel)


def failed(message):
    """The live view or the diagnostics failed (logged with an error id): stop playing, so they do not fail
    again on every tick, and show the message on the page's rerun."""
    if pg.playing:
        pg.pause()
        pacing.stopped(id(pg))
        view.say(message, kind="error")
        st.rerun()


n_playing = pacing.playing_now(id(pg)) if pg.playing else 0
view.tick = pacing.tick(n_playing) if pg.playing else pacing.TICK
view.full_run = True     # (the live fragment changes its tick only in its own runs)
st.fragment(run_every=view.tick if pg.playing else None)(guard(live, on_error=failed))()
if "captions" not in hidden:
    panels.captions(pg)
if "owndata" not in hidden:
    ownpanel.panel(pg, view)
if "diagnostics" not in hidden:
    every = pacing.diagnostics_tick(n_playing) if pg.playing else None
    st.fragment(run_every=every)(guard(diagnostics, on_error=failed))()
if "editor" not in hidden:
    panels.weight_editor(pg, view)
if "export" not in hidden:
    exportpanel.export_import(pg, view)
