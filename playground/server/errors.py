"""Unexpected errors: logged in full with a short random error id; the user sees the id, never the traceback.

`guard(func)` wraps a page run (app.py) or a fragment (the live view, the diagnostics). An exception from it is
logged at ERROR level with its traceback under a fresh id (`playground.server.errors` logger, on stderr), and the user
gets `st.error("Something went wrong (error id ...)")`. Streamlit's own control flow passes through untouched:
`st.rerun()`, `st.stop()` and `st.switch_page()` raise `ScriptControlException`s (BaseExceptions), and a fragment
that already showed its error raises `FragmentHandledException` to the page run.

Where Streamlit shows error details (``client.showErrorDetails`` other than "none": the development default), the
exception is re-raised after the message, so the traceback still shows in the browser and in AppTest's
``at.exception``. The Docker image sets "none" (``.streamlit/config.production.toml``): only the id is shown.
"""
import functools
import logging
import secrets
import sys

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

log = logging.getLogger(__name__)
if not log.handlers:   # Streamlit configures only its own loggers: give this one a line format of its own
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    log.addHandler(_handler)

MESSAGE = ("Something went wrong (error id {error_id}). Reload the page to start again; if it keeps happening, "
           "please report the error id.")
PASS_THROUGH = (ScriptControlException, FragmentHandledException)


def new_error_id():
    """Eight hex digits: short enough to read out, random enough to find one line in the server's log."""
    return secrets.token_hex(4)


def details_shown():
    """Does Streamlit show error details in the browser? ("full", "stacktrace", "type"; True and False are
    deprecated spellings of "full" and "stacktrace".) Only "none" hides them."""
    return str(st.get_option("client.showErrorDetails")).lower() != "none"


def report(err):
    """Log `err` with its traceback under a new id; the message for the user."""
    error_id = new_error_id()
    log.error("error id %s: unexpected %s", error_id, type(err).__name__, exc_info=err)
    return MESSAGE.format(error_id=error_id)


def guard(func=None, *, on_error=None):
    """Wrap `func` (also usable as ``@guard`` or ``@guard(on_error=...)``). After logging, `on_error(message)`
    may clean up, say pause training, and may rerun the app (``st.rerun()``) to show the message there instead;
    it is not called where details are shown (the exception is re-raised there)."""
    if func is None:
        return functools.partial(guard, on_error=on_error)

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except PASS_THROUGH:
            raise
        except Exception as err:
            message = report(err)
            if details_shown():
                st.error(message, icon=":material/error:")
                raise
            if on_error is not None:
                on_error(message)
            st.error(message, icon=":material/error:")
            return None
    return guarded


__all__ = ["MESSAGE", "details_shown", "guard", "new_error_id", "report"]
