"""How a live tick trains when several sessions play: a CPU-time budget shared among them, frames per tick."""
import pytest

from playground.live import pacing


def test_the_budget_is_a_share_of_one_core_split_among_playing_sessions():
    one = pacing.budget(1)
    assert one == pytest.approx(min(pacing.CORE_SHARE * pacing.TICK, pacing.BUDGET_MAX))
    for n in (2, 4, 8, 16, 32):
        share = pacing.share(n) * pacing.tick(n) / n       # of each session's own tick
        assert pacing.budget(n) == pytest.approx(min(max(share, pacing.BUDGET_MIN), pacing.BUDGET_MAX))
        # all sessions' training together stays within the share of one core (or the floor per session)
        per_second = n * pacing.budget(n) / pacing.tick(n)
        assert per_second <= max(pacing.share(n), n * pacing.BUDGET_MIN / pacing.tick(n)) + 1e-12
    assert pacing.BUDGET_MIN <= pacing.budget(10_000) <= pacing.BUDGET_MAX   # every session still trains


def test_training_takes_a_smaller_share_of_the_core_when_a_class_plays():
    shares = [pacing.share(n) for n in (1, 2, 4, 8, 16, 32, 1000)]
    assert shares[0] == shares[1] == pacing.CORE_SHARE
    assert all(a >= b for a, b in zip(shares, shares[1:]))
    assert shares[-3] == shares[-1] == pytest.approx(pacing.CORE_SHARE_MANY)   # from MANY sessions on


def test_each_session_gets_its_share_of_the_frames_a_core_can_make():
    assert pacing.frames(1) == 7 and pacing.frames(1) / pacing.tick(1) == pacing.FRAME_RATE
    rates = [pacing.frames(n) / pacing.tick(n) for n in (1, 2, 4, 8, 16, 32, 64)]
    assert all(a >= b for a, b in zip(rates, rates[1:]))                  # fewer frames a second each ...
    for n in (3, 4, 8):                                                   # ... at most FRAME_RATE_SHARED
        assert pacing.frames(n) / pacing.tick(n) <= pacing.FRAME_RATE_SHARED * 1.1
    for n in (16, 32, 64):                                                # ... together about SHARED_FRAMES
        assert n * pacing.frames(n) / pacing.tick(n) == pytest.approx(pacing.SHARED_FRAMES, rel=0.1)
    assert pacing.frames(16) / pacing.tick(16) >= 5 and pacing.frames(32) / pacing.tick(32) >= 2   # issue 9
    assert all(pacing.frames(n) >= 1 for n in (1, 100, 10_000))


def test_the_network_view_and_the_diagnostics_are_redrawn_less_often_when_many_play():
    assert pacing.every(1) == 2 and pacing.every(16) > 2
    assert pacing.diagnostics_tick(1) == 1.0
    assert pacing.diagnostics_tick(32) >= pacing.tick(32) > 1.0


def test_a_speed_sets_the_epochs_per_frame():
    k, seconds, epochs = pacing.plan(1, "3")
    assert (k, epochs) == (pacing.frames(1), 3) and seconds == pytest.approx(pacing.budget(1) / k)
    assert pacing.plan(1, "max")[2] is None


def test_the_tick_grows_with_the_sessions_playing_so_their_ticks_do_not_pile_up():
    assert pacing.tick(1) == pacing.TICK
    for n in (8, 16, 32):
        assert pacing.tick(n) * pacing.CORE_LOAD >= n * pacing.TICK_COST - 1e-12
    assert pacing.retick(pacing.tick(1), 1) is None
    assert pacing.retick(pacing.tick(16), 17) is None            # small changes keep the tick (no flapping)
    assert pacing.retick(pacing.tick(1), 32) == pacing.tick(32)
    assert pacing.retick(pacing.tick(32), 1) == pacing.tick(1)


def test_a_tick_stops_making_frames_once_it_used_its_budget_and_a_frame_cost_per_frame():
    for n in (1, 2, 4, 16, 32):
        assert pacing.allowance(n) == pytest.approx(pacing.budget(n) + pacing.frames(n) * pacing.FRAME_COST)
    # the default setup's frame (5 ms, bench/frame.py) gets every frame; an 8 x 32 frame (25-45 ms) fewer
    assert pacing.budget(4) + pacing.frames(4) * 0.005 < pacing.allowance(4) < pacing.budget(4) + 0.045 * 2
