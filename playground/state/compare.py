"""Two setups trained side by side on the same data and seed, in lockstep (the Compare page).

A `Comparison` holds one `Playground` per side. Side A builds the data; every other side is a `Follower`, whose
data *is* A's (its arrays are A's attributes, read through properties), so the sides cannot drift apart. The
settings in `SIDE_KEYS` belong to each side; every other setting (the data, the network seed, the output head,
the view toggles) is shared and always A's.
"""
import threading
import time
from dataclasses import replace

from playground.settings.choices import LAYER_KEYS
from playground.settings.compare import SHARED_KEYS, SIDE_KEYS, SIDES
from playground.settings.config import Config
from playground.state.playground import Playground
from playground.text.words import ACTIVATION, FEATURE, INIT, OPTIMIZER, REGULARIZER


def compose(shared, side):
    """The configuration of one side: the shared settings of `shared`, the side's own of `side` (both Configs)."""
    return replace(shared, **{k: getattr(side, k) for k in SIDE_KEYS}).fitted()


class Follower(Playground):
    """A side that trains on its leader's data: the data arrays are the leader's own (not copies), and its shared
    settings are always the leader's, whatever configuration it is given."""

    def __init__(self, config, leader):
        self.leader = leader
        super().__init__(compose(leader.config, config))

    X_train = property(lambda self: self.leader.X_train)
    y_train = property(lambda self: self.leader.y_train)
    X_test = property(lambda self: self.leader.X_test)
    y_test = property(lambda self: self.leader.y_test)

    def _build_data(self):
        """Nothing to build: the leader has built the data (it is applied first)."""

    def apply(self, new):
        return super().apply(compose(self.leader.config, new))


class Comparison:
    """Sides A, B (SIDES) on one data set, trained in lockstep: every side finishes epoch e before any starts
    epoch e + 1, so all stand at the same epoch, unless one diverged (it is rolled back to its last finite epoch
    and every side pauses).

    `lock` is held while the sides train or change: a page run that begins while the previous one still trains (a
    click on Pause starts one at once) takes it before it reads or changes them, and Pause ends a slice of training
    after the pair of epochs under way."""

    def __init__(self, configs):
        """`configs`: {side name: Config}; A's shared settings are used for every side."""
        lead = Playground(configs[SIDES[0]])
        self.sides = {SIDES[0]: lead, **{s: Follower(configs[s], lead) for s in SIDES[1:]}}
        self.playing = False
        self.diverged = None   # the name of the side that diverged, until Play, Step or Reset
        self.lock = threading.RLock()

    @property
    def configs(self):
        return {s: p.config for s, p in self.sides.items()}

    @property
    def epoch(self):
        """The epoch all sides stand at (the furthest one's, when a divergence left one behind)."""
        return max(p.trainer.epoch for p in self.sides.values())

    # ---- the reducer -------------------------------------------------------------------------
    def apply(self, configs):
        """Take new configurations {side: Config} (A's shared settings count for all). A change that gives one side
        a new network resets every side to epoch 0 and pauses, so they stay in step. Returns notices (a list)."""
        with self.lock:
            return self._apply(configs)

    def _apply(self, configs):
        trainers = {s: p.trainer for s, p in self.sides.items()}
        lead = self.sides[SIDES[0]].config
        notices = {}
        for s, p in self.sides.items():      # A first: it makes any new data the others train on
            notices[s] = p.apply(configs.get(s, p.config))
        rebuilt = [s for s, p in self.sides.items() if p.trainer is not trainers[s]]
        if not rebuilt:
            said = [n for n in notices.values() if n]
            if len(said) == len(self.sides) and len(set(said)) == 1:
                return said[:1]            # the same for every side (new data): said once
            return [f"{s}: {n}" for s, n in notices.items() if n]
        for s, p in self.sides.items():
            if s not in rebuilt:
                p.reset()
        self.playing, self.diverged = False, None
        reasons = {s: notices[s].split(" because the ", 1)[-1].rstrip(".") for s in rebuilt if notices[s]}
        data = any(getattr(lead, k) != getattr(self.sides[SIDES[0]].config, k) for k in SHARED_KEYS)
        if data and SIDES[0] in reasons:
            why = f"the {reasons[SIDES[0]]}"
        else:
            why = " and ".join(f"{s}'s {r}" for s, r in reasons.items()) or "a network changed"
        return [f"Both sides were reset to epoch 0 because {why}."]

    def copy(self, source="A", target="B"):
        """Give `target` the model settings of `source` (its shared settings are common already). Returns notices."""
        src = self.sides[source].config
        return self.apply({target: self.sides[target].config.replace(**{k: getattr(src, k) for k in SIDE_KEYS})})

    # ---- training ----------------------------------------------------------------------------
    def train(self, seconds=None, epochs=None, clock=time.perf_counter):
        """Train every side one epoch at a time, in turn, until `epochs` epochs or `seconds` on `clock` have
        passed (a time budget ends early when Pause is pressed). Stops at once (and pauses) when a side diverges or
        reaches the stop epoch. Returns the epochs done."""
        if seconds is None and epochs is None:
            raise ValueError("give a number of epochs, a time budget, or both")
        with self.lock:
            return self._train(seconds, epochs, clock)

    def _train(self, seconds, epochs, clock):
        deadline = None if seconds is None else clock() + seconds
        done = 0
        while epochs is None or done < epochs:
            for s, p in self.sides.items():
                p.train(epochs=1)
                if p.trainer.divergence is not None:
                    self.playing, self.diverged = False, s
                    return done
            done += 1
            if any(p.stopped_at is not None for p in self.sides.values()):
                self.playing = False
                break
            if deadline is not None and (clock() >= deadline or not self.playing):
                break
        return done

    def step(self):
        """One epoch on every side."""
        with self.lock:
            self._clear()
            self._train(None, 1, time.perf_counter)

    def play(self):
        with self.lock:
            self._clear()
            self.playing = True

    def pause(self):
        self.playing = False

    def reset(self):
        with self.lock:
            for p in self.sides.values():
                p.reset()
            self.playing, self.diverged = False, None

    def _clear(self):
        for p in self.sides.values():
            p.play()          # clears a past divergence and stop
            p.playing = False
        self.diverged = None

    @property
    def divergence(self):
        """(side name, nn_core Divergence) of the side that diverged, or None."""
        if self.diverged is None:
            return None
        return self.diverged, self.sides[self.diverged].trainer.divergence

    @property
    def stopped_at(self):
        """The epoch at which 'Stop at epoch' paused the sides, or None."""
        return next((p.stopped_at for p in self.sides.values() if p.stopped_at is not None), None)


# ---- words ------------------------------------------------------------------------------------
def _layers(c):
    if not c.layers:
        return "no hidden layer"
    sizes = "-".join(map(str, c.hidden))
    return f"{c.layers} layer{'s' * (c.layers > 1)} ({sizes})"


def _reg(c):
    return "no reg." if c.reg == "none" else f"{REGULARIZER[c.reg]} {c.reg_rate:g}"


WORDS = {
    "activation": lambda c: ACTIVATION[c.activation],
    "layers": _layers,
    "optimizer": lambda c: OPTIMIZER[c.optimizer],
    "lr": lambda c: f"lr {c.lr:g}",
    "reg": _reg,
    "batch": lambda c: f"batch {c.batch}",
    "features": lambda c: ", ".join(FEATURE[f] for f in c.features),
    "init": lambda c: f"{INIT[c.init]} init",
}
"""A side's settings in a few words, in the order they are told; hidden sizes go with `layers`, the rate with `reg`."""
GROUP = {**{k: "layers" for k in LAYER_KEYS}, "reg_rate": "reg"}
FULL = ("activation", "layers", "optimizer", "lr")


def describe(config, other=None, most=3):
    """A short description of a side: what differs from `other` (at most `most` items), or, when nothing does or
    `other` is None, its activation, layers, optimizer and learning rate (all four)."""
    differ = []
    if other is not None:
        changed = {GROUP.get(k, k) for k in SIDE_KEYS if getattr(config, k) != getattr(other, k)
                   and (config.matters(k) or other.matters(k))}
        differ = [k for k in WORDS if k in changed]
    return ", ".join(WORDS[k](config) for k in (differ[:most] or FULL))


def default_configs():
    return {s: Config() for s in SIDES}
