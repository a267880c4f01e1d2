"""How much one live tick trains and how many frames it shows, when many sessions share one server process.

One Streamlit process runs every session's Python under one GIL. Each playing session's live fragment is asked
for every ``TICK`` seconds (the browser's ``run_every``). A tick trains for a budget of the thread's *CPU* time
(``time.thread_time``: waiting for the GIL does not count, so a session's share does not shrink unpredictably
under contention), split into frames that the browser shows one after another until the next tick. The budget
is a share of one core divided among the sessions playing now, within [``BUDGET_MIN``, ``BUDGET_MAX``]. When many
sessions play, the tick is longer and brings more frames, training takes a smaller share of the core, and each
session gets its share of the frames one core can make (a frame costs the server a grid evaluation and its images).
Arithmetic only: the page asks it; who plays now is `server.playing`'s.
"""
TICK = 0.25
"""Seconds between the browser's requests for the live fragment while playing (one session alone)."""
TICK_COST = 0.07
"""Server seconds one session's tick takes when many play (Streamlit's run, its frames, a small training budget):
with n sessions playing the tick is at least n × TICK_COST / CORE_LOAD, so that their ticks do not pile up (a
browser asks every tick whether or not its last run is done; runs that queue up are dropped unseen). A longer tick
brings more frames, so the viewer sees the same rate; what it saves is Streamlit's cost per run (bench/README.md)."""
CORE_LOAD = 0.85
"""Share of one core that all sessions' ticks together may take."""
CORE_SHARE, CORE_SHARE_MANY = 0.65, 0.15
"""Share of one core's time per tick that training may take, over all playing sessions together: CORE_SHARE for
one or two sessions, falling linearly to CORE_SHARE_MANY at MANY sessions and more, so that the frames (which every
viewer sees) keep their time when a class shares the core."""
MANY = 16
"""Sessions playing from which training takes CORE_SHARE_MANY."""
BUDGET_MIN, BUDGET_MAX = 0.003, 0.15
"""CPU seconds of training per tick and session."""
FRAME_RATE, FRAME_RATE_SHARED = 28.0, 12.0
"""Frames per second one session gets when it plays alone or with one other (7 per tick), and at most when more
play (smooth enough, and the rest of the core trains)."""
SHARED_FRAMES = 112.0
"""Frames per second all playing sessions together are given (each gets its share, at most FRAME_RATE_SHARED): about
what one core makes of the default setup's frames beside Streamlit's runs and some training (bench/README.md,
issue 9's capacity table)."""
SPEEDS = {"1": 1, "3": 3, "10": 10, "30": 30, "max": None}
"""Epochs per frame by speed setting (``Config.speed``); "max" trains for the whole budget."""
FRAME_COST = 0.010
"""CPU seconds a frame of an ordinary network may cost the server (its figures and bytes: 5 ms for the default
setup, bench/frame.py). A tick stops making frames once it used its training budget and this much per frame
(`allowance`): an 8 × 32 network's frame costs 25–45 ms, so it makes fewer frames, and its tick does not take
the other sessions' time."""


def tick(n_playing):
    """Seconds between one session's ticks when ``n_playing`` sessions play."""
    return max(TICK, max(n_playing, 1) * TICK_COST / CORE_LOAD)


def retick(current, n_playing):
    """The tick a session ticking every ``current`` seconds should switch to (a full page run sets it), or None
    while ``current`` is within half of what ``n_playing`` sessions need."""
    wanted = tick(n_playing)
    return wanted if abs(wanted - current) > current / 2 else None


def share(n_playing):
    """Share of one core that the training of all ``n_playing`` sessions together may take."""
    n = min(max(n_playing, 2), MANY)
    return CORE_SHARE - (CORE_SHARE - CORE_SHARE_MANY) * (n - 2) / (MANY - 2)


def budget(n_playing):
    """CPU seconds of training for one tick of one session when ``n_playing`` sessions play."""
    return min(max(share(n_playing) * tick(n_playing) / max(n_playing, 1), BUDGET_MIN), BUDGET_MAX)


def frames(n_playing):
    """Frames per tick when ``n_playing`` sessions play: each session's share of ``SHARED_FRAMES`` a second (at most
    ``FRAME_RATE_SHARED`` when more than two play) over its tick."""
    rate = FRAME_RATE if n_playing <= 2 else min(FRAME_RATE_SHARED, SHARED_FRAMES / n_playing)
    return max(1, round(rate * tick(n_playing)))


def every(n_playing):
    """The network view is drawn anew every this many frames (it moves slowly; a frame without it costs less)."""
    return 2 if n_playing <= 3 else 3


def diagnostics_tick(n_playing):
    """Seconds between the diagnostics' redraws while playing: once a second, less often when the tick is long."""
    return max(1.0, 2 * tick(n_playing))


def allowance(n_playing):
    """CPU seconds one tick of one session may take in all (training and frames) when ``n_playing`` sessions play:
    after a frame that ends past it, the tick makes no more."""
    return budget(n_playing) + frames(n_playing) * FRAME_COST


def plan(n_playing, speed):
    """``(frames, seconds, epochs)`` of one tick: that many frames, each training for at most ``seconds`` of CPU
    time and at most ``epochs`` epochs (None: no epoch limit)."""
    k = frames(n_playing)
    return k, budget(n_playing) / k, SPEEDS.get(speed)
