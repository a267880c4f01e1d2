"""A closed tab's session is freed: `lifetime.reap` against Streamlit's own session storage, and five sessions that
play and close on a real server (bench/probed_server.py counts sessions and Playground objects on request)."""
import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.fragment import MemoryFragmentStorage
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo
from streamlit.runtime.state.session_state import SessionState

from playground.server import lifetime


class FakeSession:
    """What `reap` uses of an AppSession, around Streamlit's real session state and fragment storage."""

    def __init__(self, sid):
        self.id, self.down = sid, False
        self.session_state = SessionState()
        self.session_state["pg"] = object()
        self._fragment_storage = MemoryFragmentStorage()

    def shutdown(self):
        self.down = True


class FakeManager:
    def __init__(self, ttl, now):
        self._storage_lock = threading.Lock()
        self._session_storage = MemorySessionStorage(ttl_seconds=ttl)
        self._session_storage._cache = TTLCache(maxsize=128, ttl=ttl, timer=lambda: now[0])


def test_reap_shuts_down_and_empties_the_sessions_past_their_ttl():
    now = [0.0]
    mgr = FakeManager(30, now)
    old, new = FakeSession("old"), FakeSession("new")
    mgr._session_storage.save(SessionInfo(client=None, session=old, script_run_count=1))
    now[0] = 20.0
    mgr._session_storage.save(SessionInfo(client=None, session=new, script_run_count=1))
    assert lifetime.reap(mgr) == 0
    now[0] = 31.0                                   # "old" is past its TTL, "new" is not
    assert lifetime.reap(mgr) == 1
    assert old.down and "pg" not in old.session_state and not new.down and "pg" in new.session_state
    assert mgr._session_storage._cache._data.keys() == {"new"}     # gone from the storage, not only hidden
    now[0] = 60.0
    assert lifetime.reap(mgr) == 1 and new.down
    assert lifetime.reap(mgr) == 0


def test_reap_and_start_do_nothing_outside_a_server():
    assert lifetime.reap(object()) == 0
    lifetime.start()                                # AppTest and plain imports: no runtime, no thread
    assert lifetime._thread is None


def test_malloc_arenas_are_capped_unless_the_environment_says(monkeypatch):
    glibc = lifetime._libc() is not None
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert lifetime.cap_arenas() == glibc
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert not lifetime.cap_arenas()


# ---- a real server --------------------------------------------------------------------------------------------
websocket = pytest.importorskip("websocket")
from harness.protocol import PageState, rerun, stream_url  # noqa: E402
from harness.server import free_port, start_server, stop_server  # noqa: E402

TTL = 2
FREED_WITHIN = 60       # seconds: TTL + the reaper's period, with room for a busy machine


def play_and_close(url, epochs, ticks=3):
    """One tab: open the page, press Play, let the live view tick a few times, close; appends the epoch reached."""
    ws = websocket.create_connection(stream_url(url), subprotocols=["streamlit"], timeout=60, suppress_origin=True)
    page = PageState()

    def run(**kw):
        ws.send_binary(rerun(page_hash=page.page_hash, cached=list(page.cache), **kw))
        while (msg := page.feed(ws.recv())).WhichOneof("type") != "script_finished":
            pass
        page.finished(msg)

    try:
        run()
        run(triggers=[page.button_id("play")])
        for _ in range(ticks):
            run(fragment_id=page.live_fragment, auto=True)
        epochs.append(page.epoch if not page.errors else page.errors)
    finally:
        ws.close()


def probe(proc, path, seen):
    os.kill(proc.pid, signal.SIGUSR1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        lines = Path(path).read_text().splitlines() if os.path.exists(path) else []
        if len(lines) > seen:
            return json.loads(lines[-1]), len(lines)
        time.sleep(0.1)
    raise TimeoutError("no probe")


def test_five_closed_tabs_are_freed_on_a_real_server():
    out = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False).name
    port = free_port()
    proc, url = start_server(port, env={**os.environ, "PROBE_OUT": out},
                             command=[sys.executable, "bench/probed_server.py", str(port),
                                      "--server.disconnectedSessionTTL", str(TTL)])
    try:
        epochs = []
        threads = [threading.Thread(target=play_and_close, args=(url, epochs)) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(epochs) == 5 and all(isinstance(e, int) and e > 0 for e in epochs), epochs
        seen, deadline = 0, time.monotonic() + FREED_WITHIN
        while True:
            p, seen = probe(proc, out, seen)
            if (p["active_sessions"], p["kept_sessions"], p["playgrounds"]) == (0, 0, 0):
                break
            assert time.monotonic() < deadline, p
            time.sleep(1)
    finally:
        stop_server(proc)
        os.unlink(out)
