"""This session in Streamlit's session state: its one `Playground`, `View` and live `Loop`, shared by every page
(the URL is read once per session); the messages for the user, each shown once; the sidebar widgets drawn by the
last full run; and writing a widget's value only when it differs."""
import streamlit as st

from playground.live.loop import Loop
from playground.settings.presets import PRESETS
from playground.state.playground import Playground
from playground.state.view import View
from playground.text.words import plain
from playground.ui.url import read_url

SHOWN, SHOWN_BEFORE = "widgets_shown", "widgets_shown_before"


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


def live_loop():
    """This session's live loop (what its live view was sent, the frames not sent yet, its tick)."""
    if "live" not in st.session_state:
        st.session_state.live = Loop()
    return st.session_state.live


def new_run():
    """Once per full run, before the page (`app.py`): the sidebar widgets that the last full run drew become this
    run's `shown_before()`. A page without the sidebar draws none, so that coming back to the Playground every
    widget starts from the configuration."""
    st.session_state[SHOWN_BEFORE] = st.session_state.pop(SHOWN, set())


def shown_before():
    """The keys of the sidebar widgets drawn in this session's last full run."""
    return st.session_state.get(SHOWN_BEFORE, set())


def keep_shown(keys):
    """The keys of the sidebar widgets this run drew (`sidebar`)."""
    st.session_state[SHOWN] = set(keys)


def show(key, value):
    """Make widget `key` show `value` (from the view state or the setup), writing session state only when it
    differs: a write marks the widget as set from Python, which the browser then has to apply."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


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
