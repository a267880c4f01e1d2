"""The live view's Streamlit end: one ``st.components.v2`` component that holds the big map, the loss chart and
the network view as Plotly charts and updates them in place (``live.js``), fed by ``live.feed.Feed``.

plotly.js reaches the page once, from Streamlit's static serving (``server.enableStaticServing``): it ships in
the ``plotly`` package and is copied into ``static/`` next to ``app.py`` when missing (the Docker image does it
at build time).
"""
import logging
import shutil
import time
from pathlib import Path

import plotly
import streamlit as st

ROOT = Path(__file__).resolve().parents[2]   # the project: static/ beside app.py
STATIC = ROOT / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

HTML = ("<div class='live'><div class='chart-main'></div><div class='chart-loss'></div>"
        "<div class='chart-net'></div></div>")
CSS = """
.live { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0 1rem; align-items: start; }
.live .chart-net { grid-column: 1 / span 2; justify-self: start; max-width: 100%; overflow-x: auto; }
.live .chart-main, .live .chart-loss { min-height: 280px; }
"""
# Elements of a running script fade (Streamlit marks them stale); the live view reruns many times a second,
# so nothing on the page should fade while it plays.
NO_FADE = ("<style>.stElementContainer[data-stale='true'], [data-stale='true'] "
           "{ opacity: 1 !important; transition: none !important; }</style>")


def ensure_plotly_js(static=STATIC, source=PLOTLY_JS):
    """Copy plotly.min.js into ``static/`` unless an identical-size copy is there; False when it cannot."""
    target = static / "plotly.min.js"
    try:
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            static.mkdir(exist_ok=True)
            shutil.copyfile(source, target)
        return True
    except OSError as err:
        logging.getLogger(__name__).error("plotly.js could not be copied to %s: %s", target, err)
        return False


JS_PARTS = ("wire.js", "links.js", "live.js")
"""The browser end's files, joined in this order into the component's one ES module (live.js has its export)."""

ensure_plotly_js()
_component = st.components.v2.component(
    "nn_live_view", html=HTML, css=CSS, isolate_styles=False,
    js="\n".join((Path(__file__).parent / name).read_text() for name in JS_PARTS))


def no_fade():
    """Keep elements at full opacity while a script runs (call once per page run)."""
    st.html(NO_FADE)


def wait_until_sent(timeout=0.5, step=0.005):
    """Wait (without the GIL) until this session's messages so far have left the server, at most ``timeout`` s.

    When many sessions tick, the server's event loop, which sends every session's messages, gets the GIL rarely;
    a browser asks for the next tick on its own clock, and a run that starts before the last one's messages were
    sent drops them unseen (Streamlit clears a session's unsent messages when its next run starts). Waiting here
    at the end of a live tick keeps each session's frames flowing however many play. Uses Streamlit internals
    (the session's browser queue); where they are missing (AppTest) it returns at once."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        info = Runtime.instance()._session_mgr.get_active_session_info(get_script_run_ctx().session_id)
        queue = info.session._browser_queue
    except Exception:   # noqa: BLE001 - no live server session: nothing to wait for
        return
    deadline = time.monotonic() + timeout
    while len(queue) and time.monotonic() < deadline:
        time.sleep(step)


def event(key, name):
    """The value of component `key`'s event `name` in session state, or None (a request without it)."""
    state = st.session_state.get(key)
    return getattr(state, name, None) if state is not None else None


def live_view(payload, *, on_node, on_link, on_resync, on_draw=lambda: None, key="live_view"):
    """Mount (first time) or update the live view with ``payload`` (``Feed.message`` bytes). The callbacks get
    the component's clicks: a node ``[layer, unit]``, a link ``[layer, i, j]`` (from 1), a resync request, a
    click on the big map while drawing (``[x1, x2]``, see ``ownpanel``)."""
    return _component(key=key, data=payload, on_node_change=on_node, on_link_change=on_link,
                      on_resync_change=on_resync, on_draw_change=on_draw, width="stretch")
