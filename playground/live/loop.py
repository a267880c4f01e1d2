"""One session's live loop: what its live view's browser end was sent (`Feed`), the frames made while training and
not sent yet, and the tick; and one tick's work: train, then make the frames the browser shows one by one until
the next tick's arrive. The page's live fragment calls it (`app_pages/playground.py`)."""
import time
from dataclasses import dataclass, field

from playground.live import pacing
from playground.live.feed import Feed, batch
from playground.live.frames import live_figures


@dataclass
class Loop:
    feed: Feed = field(default_factory=Feed)   # what the live view's browser end was sent last
    frames: list = field(default_factory=list)  # live-view messages made while training, not sent yet
    tick: float = pacing.TICK       # seconds between the live view's ticks
    full_run: bool = False          # this run of the live fragment is part of a full page run

    def start(self, n_playing):
        """A full page run, `n_playing` sessions playing (0: this one is not): the live view may remount, so it gets
        every chart in full; the frames made before this run are out of date; the tick is set for `n_playing`
        (the live fragment changes its tick only in its own runs)."""
        self.feed.resync()
        self.frames = []
        self.tick = pacing.tick(n_playing) if n_playing else pacing.TICK
        self.full_run = True

    def payload(self, pg, view):
        """What the live view is sent now: the frames made during the last tick or, when there are none (not
        playing), the model on show."""
        if self.frames:
            payload, self.frames = batch(self.frames), []
            return payload
        return self.feed.message(live_figures(pg, view, pg.grid(view.epoch)))

    def retick(self, n_playing):
        """Whether the tick must change for `n_playing` sessions playing, which only a full run can do (it is then
        set, and the page reruns); never in the fragment run of a full run, which set it."""
        full_run, self.full_run = self.full_run, False
        wanted = pacing.retick(self.tick, n_playing)
        if full_run or wanted is None:
            return False
        self.tick = wanted
        return True

    def train(self, pg, view, n_playing):
        """One tick's training, split into frames (`pacing.plan`). A large network's frames cost more: it makes fewer
        of them, not a longer tick. Frames made before training paused itself are dropped."""
        k, seconds, epochs = pacing.plan(n_playing, pg.config.speed)
        net, start = None, time.thread_time()
        for i in range(k):
            pg.train(seconds=seconds, epochs=epochs, clock=time.thread_time, until_paused=True)
            # the network view moves slowly: drawn anew every few frames
            figures = live_figures(pg, view, pg.grid(), net=net if i % pacing.every(n_playing) else None)
            net = figures["net"]
            self.frames.append(self.feed.message(figures))
            if not pg.playing or time.thread_time() - start > pacing.allowance(n_playing):
                break
        if not pg.playing:
            self.frames = []
