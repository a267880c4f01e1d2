"""Who plays now, in the whole server process: the sessions that ticked lately (the live loop's pacing depends on
how many), the few that may train and make frames at once, and NumPy's BLAS on each session's own thread."""
import threading
import time

from playground.live.pacing import tick

ACTIVE_FOR = 5.0
"""A session counts as playing for this many seconds after its last tick, or for two ticks when they are longer
(several ticks even when many play and a tick is long, so that the count, and with it the tick, does not flap)."""

WORKERS = 2
"""Sessions that train and make frames at the same time; the others wait their turn without holding the GIL, so
the server's event loop (which sends every session's messages) keeps getting it."""


def one_blas_thread():
    """Make NumPy's BLAS (OpenBLAS) compute on this thread only, in the whole process; False where it cannot.

    By default OpenBLAS splits a product of large enough matrices (the grid of an 8 × 32 network: 2,304 × 32 by
    32 × 32) over a worker thread per core, which then spins waiting for work. Sessions already run side by side,
    and that CPU counts in no session's budget (``time.thread_time``): on a 2-core server one large network's
    grid took the others' time (bench/README.md, "One extreme session"), and a product took 25 times longer."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    threadpool_limits(1, user_api="blas")
    return True


_ticks = {}
_lock = threading.Lock()
working = threading.BoundedSemaphore(WORKERS)
"""``with playing.working:`` around a tick's training and frames."""


def playing_now(session, now=None):
    """Record a tick of ``session`` (any hashable id) and return how many sessions ticked within ``ACTIVE_FOR``."""
    now = time.monotonic() if now is None else now
    with _lock:
        _ticks[session] = now
        forget = max(ACTIVE_FOR, 2 * tick(len(_ticks)))
        for key in [k for k, t in _ticks.items() if now - t > forget]:
            del _ticks[key]
        return len(_ticks)


def stopped(session):
    """``session`` stopped playing (paused, or its page closed)."""
    with _lock:
        _ticks.pop(session, None)
