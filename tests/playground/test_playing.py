"""Who plays now in the server process: sessions counted while they tick and forgotten after, BLAS on one thread."""
import pytest

from playground.live import pacing
from playground.server import playing


def test_playing_sessions_are_counted_and_forgotten(monkeypatch):
    monkeypatch.setattr(playing, "_ticks", {})     # (sessions of other tests in this process are not counted)
    t = 1_000.0
    assert playing.playing_now("a", t) == 1
    assert playing.playing_now("b", t + 0.1) == 2
    assert playing.playing_now("a", t + 0.2) == 2
    assert playing.playing_now("c", t + 0.2 + playing.ACTIVE_FOR + 0.01) == 1   # a and b stopped ticking
    playing.stopped("c")
    assert playing.playing_now("d", t + 5) == 1
    playing.stopped("d")


def test_a_session_still_counts_as_playing_between_two_long_ticks(monkeypatch):
    monkeypatch.setattr(playing, "_ticks", {})
    for i in range(200):
        playing.playing_now(i, 0.0)
    assert pacing.tick(200) > playing.ACTIVE_FOR
    assert playing.playing_now("late", 1.5 * pacing.tick(200)) == 201   # nobody is forgotten within two ticks


def test_blas_computes_on_one_thread():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with threadpoolctl.threadpool_limits(None):        # (the limits before are put back afterwards)
        assert playing.one_blas_thread()
        assert all(i["num_threads"] == 1 for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas")
