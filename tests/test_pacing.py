"""How a live tick trains when several sessions play: a CPU-time budget shared among them, frames per tick."""
import pytest

from playground import pacing


def test_the_budget_is_a_share_of_one_core_split_among_playing_sessions():
    one = pacing.budget(1)
    assert one == pytest.approx(min(pacing.CORE_SHARE * pacing.TICK, pacing.BUDGET_MAX))
    assert pacing.budget(16) == pytest.approx(max(pacing.CORE_SHARE * pacing.TICK / 16, pacing.BUDGET_MIN))
    assert pacing.budget(10_000) == pacing.BUDGET_MIN            # every session still trains a little
    for n in (1, 2, 4, 8, 16, 32):
        assert n * pacing.budget(n) <= max(pacing.CORE_SHARE * pacing.TICK, n * pacing.BUDGET_MIN) + 1e-12


def test_fewer_frames_per_tick_when_many_sessions_play():
    assert pacing.frames(1) >= pacing.frames(4) >= pacing.frames(32) == 1


def test_playing_sessions_are_counted_and_forgotten(monkeypatch):
    monkeypatch.setattr(pacing, "_ticks", {})     # (sessions of other tests in this process are not counted)
    t = 1_000.0
    assert pacing.playing_now("a", t) == 1
    assert pacing.playing_now("b", t + 0.1) == 2
    assert pacing.playing_now("a", t + 0.2) == 2
    assert pacing.playing_now("c", t + 0.2 + pacing.ACTIVE_FOR + 0.01) == 1   # a and b stopped ticking
    pacing.stopped("c")
    assert pacing.playing_now("d", t + 5) == 1
    pacing.stopped("d")


def test_a_speed_sets_the_epochs_per_frame():
    k, seconds, epochs = pacing.plan(1, "3")
    assert (k, epochs) == (pacing.frames(1), 3) and seconds == pytest.approx(pacing.budget(1) / k)
    assert pacing.plan(1, "max")[2] is None
