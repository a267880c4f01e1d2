"""The Playground page: choose, press Play, watch it learn. Layout only: the settings flow from the sidebar's
widgets into `Playground.apply` (the reducer), and out to the URL."""
import streamlit as st

from playground.live import component, pacing
from playground.server import playing
from playground.server.errors import guard
from playground.state.view import PANELS
from playground.text.words import divergence_message, stop_message
from playground.ui import diagnostics as diag
from playground.ui import editor, exportpanel, maps, ownpanel, readouts, timeline
from playground.ui.page import page_style
from playground.ui.session import current, live_loop, show, show_messages
from playground.ui.sidebar import sidebar
from playground.ui.url import write_url

pg, view = current()
loop = live_loop()
st.title("Neural-network playground")
config = sidebar(pg.config, own_problem=pg.own and pg.own.problem)
view.say(pg.apply(config))
view.fit(pg.model.sizes, pg.snapshot_epochs())
write_url(pg.config)
show_messages(view)
component.no_fade()
page_style(pg.config.presenter)
hidden = set(pg.config.hide)   # parts of the page a link leaves out
if not pg.playing:
    playing.stopped(id(pg))


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
picked = maps.map_picker(pg, view, cols[6]) if "map" not in hidden else view.selected
editing, own_version = view.edit, pg.own_version

if pg.trainer.divergence is not None:
    st.error(divergence_message(pg.trainer.divergence, clipping=bool(pg.config.clip)), icon="🛑")
elif pg.stopped_at is not None and pg.trainer.epoch == pg.stopped_at:
    st.info(stop_message(pg.stopped_at), icon=":material/pause_circle:")
if "timeline" not in hidden:
    timeline.timeline(pg, view)


def live():
    """Send the frames made during the last tick (or, when not playing, the current state), then train the
    next tick's frames: the browser shows them one by one while the server trains."""
    if view.selected != picked or view.edit != editing or pg.own_version != own_version:
        st.rerun()  # a click in here changed what the map picker, the weight editor or Your data outside shows
    with pg.lock:   # (not while a tick that Pause interrupted still trains: the read-outs show where it stopped)
        readouts.playground_readouts(pg, pg.stats(view.epoch))
    key = "live_view"
    component.live_view(loop.payload(pg, view), key=key,
                        on_node=lambda: maps.clicked_node(view, component.event(key, "node")),
                        on_link=lambda: maps.clicked_link(view, component.event(key, "link")),
                        on_resync=loop.feed.resync,
                        on_draw=lambda: ownpanel.clicked(pg, view, component.event(key, "draw")))
    if view.selected is not None:
        maps.back_button(view)
    if pg.playing:
        n = playing.playing_now(id(pg))
        if loop.retick(n):
            st.rerun()   # the tick interval is set by a full run; the frames made so far are dropped
        with playing.working, pg.lock:
            loop.train(pg, view, n)
        if not pg.playing:
            playing.stopped(id(pg))
            st.rerun()  # training paused itself (divergence or stop epoch): show it and stop the ticking
        component.wait_until_sent()


def diagnostics():
    """Slower than the live view: the diagnostics redraw once a second while training."""
    show("panel", view.panel)   # the diagnostics fragment reruns every second: no write unless needed
    st.segmented_control("Diagnostics", PANELS, key="panel", help=diag.PANEL_HELP,
                         on_change=lambda: setattr(view, "panel", diag.panel_or_none(st.session_state["panel"])))
    with pg.showing(view.epoch):
        diag.diagnostics(pg, st, view.panel)


def failed(message):
    """The live view or the diagnostics failed (logged with an error id): stop playing, so they do not fail
    again on every tick, and show the message on the page's rerun."""
    if pg.playing:
        pg.pause()
        playing.stopped(id(pg))
        view.say(message, kind="error")
        st.rerun()


n_playing = playing.playing_now(id(pg)) if pg.playing else 0
loop.start(n_playing)
st.fragment(run_every=loop.tick if pg.playing else None)(guard(live, on_error=failed))()
if "captions" not in hidden:
    readouts.captions(pg)
if "owndata" not in hidden:
    ownpanel.panel(pg, view)
if "diagnostics" not in hidden:
    every = pacing.diagnostics_tick(n_playing) if pg.playing else None
    st.fragment(run_every=every)(guard(diagnostics, on_error=failed))()
if "editor" not in hidden:
    editor.weight_editor(pg, view)
if "export" not in hidden:
    exportpanel.export_import(pg, view)
