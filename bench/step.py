"""Speed of one training epoch and one step of the playground's default setup, old code against new.

Run:  .venv/bin/python bench/step.py [--old REV] [--new REV] [--rounds N]

Both versions of the code are loaded into one process (`git archive` copies in a temp dir; `--new` defaults to
the working tree) and timed alternately, round by round, on the default `Playground().trainer`: 250 training
rows, batch 10, network 2-4-2-1 tanh/sigmoid, SGD lr 0.03. Each round times a few epochs (`Trainer.run`) and a
batch of bare steps (`Trainer._step`) of each version, the fastest of a few tries, on this thread's CPU clock;
the order within a round alternates. Printed: old/new time ratios, median and spread over the rounds (only
ratios measured in the same run mean anything on a shared machine), and whether both versions trained to
bit-identical weights and history.
"""
import argparse
import importlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("nn_core", "playground")


def checkout(rev, into):
    """The files of git revision `rev` in the new directory `into`."""
    into.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, *PACKAGES], check=True,
                             capture_output=True).stdout
    tar = into / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into


def load(root):
    """The `Playground` class of the code under `root`, its modules then dropped from sys.modules so another
    copy can be imported under the same names."""
    sys.path.insert(0, str(root))
    try:
        try:   # (the layout since issue 18; an older checkout has it in playground/state/playground.py)
            playground = importlib.import_module("playground.state.playground").Playground
        except ModuleNotFoundError:
            playground = importlib.import_module("playground.state.playground").Playground
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n.split(".")[0] in PACKAGES]:
            del sys.modules[name]
    return playground


CLOCK = time.thread_time
"""CPU time of this thread: time lost to other jobs on a shared machine is not counted (--clock wall counts it)."""
REPEATS = 5
"""Timings per version and round; the fastest counts (the others were slowed by other jobs)."""


def time_epochs(trainer, epochs):
    best = float("inf")
    for _ in range(REPEATS):
        t = CLOCK()
        trainer.run(epochs=epochs)
        best = min(best, CLOCK() - t)
    return best / epochs


def time_steps(trainer, steps):
    X, Y = trainer.X_train[:10], trainer.Y_train[:10]
    step, best = trainer._step, float("inf")
    with np.errstate(all="ignore"):
        for _ in range(REPEATS):
            t = CLOCK()
            for _ in range(steps):
                step(X, Y)
            best = min(best, CLOCK() - t)
    return best / steps


def same_training(old, new, epochs=40):
    """Whether both versions train the default setup to bit-identical weights and history."""
    a, b = old().trainer, new().trainer
    a.run(epochs=epochs)
    b.run(epochs=epochs)
    same_params = all(np.array_equal(p, q) for p, q in zip(a.model.params, b.model.params))
    same_history = a.latest == b.latest and [tuple(r) for r in a.history.kept] == [tuple(r) for r in b.history.kept]
    return same_params and same_history


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", default="main", help="git revision of the old code (default: main)")
    ap.add_argument("--new", default=None, help="git revision of the new code (default: the working tree)")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--epochs", type=int, default=4, help="epochs per timing")
    ap.add_argument("--steps", type=int, default=100, help="steps per timing")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.thread_time if args.clock == "cpu" else time.perf_counter
    with tempfile.TemporaryDirectory() as tmp:
        old = load(checkout(args.old, Path(tmp) / "old"))
        new = load(ROOT if args.new is None else checkout(args.new, Path(tmp) / "new"))
    print(f"old: {args.old}, new: {args.new or 'working tree'}; identical training: {same_training(old, new)}")
    trainers = {"old": old().trainer, "new": new().trainer}
    for tr in trainers.values():       # warm up
        tr.run(epochs=5)
        time_steps(tr, 50)
    ratios = {"epoch": [], "step": []}
    times = {(k, v): [] for k in ratios for v in trainers}
    for r in range(args.rounds):
        order = ("old", "new") if r % 2 == 0 else ("new", "old")
        for what, timer, n in (("epoch", time_epochs, args.epochs), ("step", time_steps, args.steps)):
            t = {v: timer(trainers[v], n) for v in order}
            ratios[what].append(t["old"] / t["new"])
            for v in order:
                times[what, v].append(t[v])
    for what, rs in ratios.items():
        q = statistics.quantiles(rs, n=4)
        print(f"{what:5s}: old {statistics.median(times[what, 'old']) * 1e6:7.1f} µs, new "
              f"{statistics.median(times[what, 'new']) * 1e6:7.1f} µs; old/new median {statistics.median(rs):.3f} "
              f"(quartiles {q[0]:.3f}-{q[2]:.3f}, range {min(rs):.3f}-{max(rs):.3f}, {len(rs)} rounds)")


if __name__ == "__main__":
    main()
