"""Unexpected errors (playground/server/errors.py): with error details off, as in the Docker image, the user sees an
error id and the log has the traceback under that id; Streamlit's own control flow is never caught."""
import logging
import re

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from harness.server import ROOT
from playground.server import errors
from playground.state.playground import Playground

APP = ROOT / "app.py"
ID = re.compile(r"error id ([0-9a-f]{8})\b")


@pytest.fixture
def details(request):
    """Set ``client.showErrorDetails`` for one test (the image's "none" unless parametrized), then restore it."""
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", getattr(request, "param", "none"))
    yield
    config.set_option("client.showErrorDetails", before)


def logged(caplog, error_id):
    return [r for r in caplog.records if r.name == errors.log.name and error_id in r.getMessage()]


def shown_id(at):
    texts = [e.value for e in at.error if ID.search(e.value)]
    assert len(texts) == 1, [e.value for e in at.error]
    return ID.search(texts[0]).group(1)


def failing_script():
    import streamlit as st

    from playground.server.errors import guard

    def page():
        st.write("before")
        raise ValueError("secret detail: /etc/passwd")

    guard(page)()
    st.write("after the page")


def control_flow_script():
    import streamlit as st

    from playground.server.errors import guard

    st.session_state.runs = st.session_state.get("runs", 0) + 1

    def page():
        if st.session_state.runs == 1:
            st.rerun()
        st.write(f"run {st.session_state.runs}")
        st.stop()

    guard(page)()
    st.write("never shown")


def test_an_error_shows_only_its_id_and_logs_the_traceback(details, caplog):
    at = AppTest.from_function(failing_script).run()
    assert not at.exception
    error_id = shown_id(at)
    assert "secret detail" not in at.error[0].value and "ValueError" not in at.error[0].value
    assert at.error[0].value == errors.MESSAGE.format(error_id=error_id)
    assert [m.value for m in at.markdown] == ["before", "after the page"]
    [record] = logged(caplog, error_id)
    assert record.levelno == logging.ERROR and "ValueError" in record.getMessage()
    assert record.exc_info[0] is ValueError and "secret detail" in str(record.exc_info[1])
    assert "Traceback" in caplog.text and "secret detail: /etc/passwd" in caplog.text


@pytest.mark.parametrize("details", ["full", "stacktrace", "type"], indirect=True)
def test_with_details_on_the_exception_still_shows_after_the_id(details, caplog):
    """Development (Streamlit's default "full"): the traceback as before, so tests still see `at.exception`."""
    at = AppTest.from_function(failing_script).run()
    assert len(at.exception) == 1
    assert logged(caplog, shown_id(at))
    assert [m.value for m in at.markdown] == ["before"]


def test_rerun_and_stop_pass_through(details, caplog):
    at = AppTest.from_function(control_flow_script).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["run 2"]
    assert not [r for r in caplog.records if r.name == errors.log.name]


def test_error_ids_differ():
    assert len({errors.new_error_id() for _ in range(100)}) == 100


def test_a_failing_page_in_the_app_shows_an_id(details, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("sidebar broke")

    monkeypatch.setattr("playground.ui.sidebar.sidebar", broken)   # app_pages/playground.py imports it on each run
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert logged(caplog, shown_id(at))[0].exc_info[0] is RuntimeError


def test_a_failing_live_tick_pauses_and_shows_an_id(details, caplog, monkeypatch):
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception and not at.error

    def broken(self, *args, **kwargs):
        raise FloatingPointError("training broke")

    monkeypatch.setattr(Playground, "train", broken)
    at.button(key="play").click().run()
    assert not at.exception
    assert not at.session_state["pg"].playing            # paused, so the next ticks do not fail again
    [record] = logged(caplog, shown_id(at))               # shown once, on the page's rerun
    assert record.exc_info[0] is FloatingPointError
    assert [b.label for b in at.button][0] == "Play"
