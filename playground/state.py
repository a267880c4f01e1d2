"""The session's one `Playground` and `View`, shared by every page; the URL is read once per session."""
import threading

import streamlit as st

from . import lifetime, pacing
from .presets import PRESETS
from .session import Playground
from .view import View
from .widgets import plain, read_url, write_url

_once = threading.Lock()
_set_up = False


def set_up_server():
    """What the whole server process needs, done by the first run of any page (later runs return at once): closed
    tabs' sessions are freed (`lifetime`), NumPy's BLAS computes on the calling thread (`pacing`)."""
    global _set_up
    with _once:
        if not _set_up:
            lifetime.start()
            pacing.one_blas_thread()
            _set_up = True


def current():
    """This session's playground and view. On the first run of a session (on any page) the configuration
    is read from the URL, with a warning for each parameter that was ignored; later only a preset link is (the
    URL written after it no longer has the preset)."""
    first = "pg" not in st.session_state
    if first or "preset" in st.query_params:   # (a preset link followed inside the session: Presets page)
        config, warnings = read_url()
        if first:
            st.session_state.pg = Playground(config)
            st.session_state.view = View()
        else:
            st.session_state.view.say(st.session_state.pg.apply(config))
        for w in warnings:
            st.session_state.view.say(w, "warning")
        preset = PRESETS.get(st.query_params.get("preset"))
        if preset is not None:
            st.session_state.view.say(f"**{preset.title}.** {preset.watch}", "preset")
    return st.session_state.pg, st.session_state.view


def take_shown():
    """The keys of the sidebar widgets drawn in this session's last full run, once (a page without the sidebar
    takes them too, so that coming back every widget starts from the configuration)."""
    return st.session_state.pop("widgets_shown", set())


def keep_shown(keys):
    st.session_state["widgets_shown"] = keys


def show_messages(view):
    """Warnings and notices, each once."""
    for kind, text in view.take_messages():
        if kind == "warning":
            st.warning(plain(text), icon=":material/warning:")
        elif kind == "preset":
            st.toast(text, icon=":material/school:", duration="long")
        elif kind == "error":
            st.error(plain(text), icon=":material/error:")
        else:
            st.toast(plain(text))


__all__ = ["current", "keep_shown", "show_messages", "take_shown", "write_url"]
