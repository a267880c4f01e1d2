"""The session's one `Playground` and `View`, shared by every page; the URL is read once per session."""
import streamlit as st

from .session import Playground
from .view import View
from .widgets import plain, read_url, write_url


def current():
    """This session's playground and view. On the first run of a session (on any page) the configuration
    is read from the URL, with a warning for each parameter that was ignored."""
    if "pg" not in st.session_state:
        config, warnings = read_url()
        st.session_state.pg = Playground(config)
        st.session_state.view = View()
        for w in warnings:
            st.session_state.view.say(w, "warning")
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
        else:
            st.toast(plain(text))


__all__ = ["current", "keep_shown", "show_messages", "take_shown", "write_url"]
