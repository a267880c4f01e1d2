"""The app headless (streamlit.testing.v1.AppTest), as the tests run it: the app with a URL's query, its
Playground, a sidebar widget by key."""
from streamlit.testing.v1 import AppTest

from harness.server import ROOT

APP = ROOT / "app.py"


def app(params=None):
    at = AppTest.from_file(str(APP), default_timeout=30)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def pg(at):
    return at.session_state["pg"]


def widget(at, key):
    for kind in ("selectbox", "multiselect", "slider", "select_slider", "number_input", "toggle"):
        found = [w for w in getattr(at, kind) if w.key == key]
        if found:
            return found[0]
    raise KeyError(key)
