"""What running sessions' training side by side costs in one process (the GIL), with and without pinning it to a core.

N threads each train their own default `Playground` for a few seconds (short budgets, as the live view's frames do);
printed: epochs per second of all threads together and CPU milliseconds per epoch, for N = 1, 2, 4, first free to
use both cores, then pinned to one (`os.sched_setaffinity`). One thread's rate is the process's ceiling; how far
two or four fall below it is what contending for the GIL costs.
Usage: .venv/bin/python bench/gil.py [--seconds 3]
"""
import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.state.playground import Playground  # noqa: E402

BUDGET = 0.0015   # CPU seconds per train call (about one epoch of the default setup)


def train(results, i, seconds):
    pg = Playground()
    pg.play()
    cpu, epoch, start = time.thread_time(), pg.trainer.epoch, time.perf_counter()
    while time.perf_counter() - start < seconds:
        pg.train(seconds=BUDGET, clock=time.thread_time)
    results[i] = (pg.trainer.epoch - epoch, time.thread_time() - cpu)


def measure(n, seconds):
    results = {}
    threads = [threading.Thread(target=train, args=(results, i, seconds)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    epochs = sum(r[0] for r in results.values())
    cpu = sum(r[1] for r in results.values())
    return epochs / seconds, 1000 * cpu / max(epochs, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    cores = sorted(os.sched_getaffinity(0))
    for label, cpus in (("free", set(cores)), ("pinned to one core", {cores[0]})):
        os.sched_setaffinity(0, cpus)
        for n in (1, 2, 4):
            rate, cpu = measure(n, args.seconds)
            print(f"{label:>18}, {n} thread{'s' * (n > 1)}: {rate:6.0f} epochs/s in all, {cpu:.2f} CPU ms per epoch")


if __name__ == "__main__":
    main()
