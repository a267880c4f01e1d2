"""bench/load.py against the real app: two sessions play for about 5 s over the websocket protocol.

The load client runs in a child Python process, not in pytest's: importing Locust monkey-patches the whole
interpreter with gevent (sockets, threads, time.sleep), which the other tests (AppTest threads, Playwright) must not
inherit. It starts the app itself on a free port (`--start`), so this test needs no browser.
"""
import json
import subprocess
import sys

import pytest

from harness.server import ROOT

pytest.importorskip("locust")
pytest.importorskip("websocket")


def test_two_sessions_play_without_errors(tmp_path):
    out = tmp_path / "load.json"
    proc = subprocess.run(
        [sys.executable, "bench/load.py", "--start", "--sessions", "2", "--seconds", "5", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (result,) = json.loads(out.read_text())["results"]
    assert result["sessions"] == 2
    assert result["errors"] == 0, proc.stdout
    sessions = result["per_session"]
    assert len(sessions) == 2
    for s in sessions:
        assert s["errors"] == []
        assert s["epoch"] > 0, s
        assert s["redraws"] >= 3, s


def test_refuses_a_host_that_is_not_loopback():
    from harness.protocol import stream_url

    assert stream_url("http://127.0.0.1:8501") == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("http://[::1]:8501/app/") == "ws://[::1]:8501/app/_stcore/stream"
    assert stream_url("http://localhost:1") == "ws://localhost:1/_stcore/stream"
    assert stream_url("http://127.0.0.3:8501") == "ws://127.0.0.3:8501/_stcore/stream"   # a replica (bench/cluster.py)
    for url in ("http://example.com:8501", "http://10.0.0.1:8501", "http://127.0.0.1.example.com"):
        with pytest.raises(ValueError):
            stream_url(url)
