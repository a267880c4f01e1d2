"""How fast can a NumPy training step of the default network be? The core's `Trainer._step` against the same step
written out by hand for this one network (2-4-2-1, tanh, sigmoid head, plain SGD): the same NumPy operations in the
same order, so the same bits (checked), but no lists, no registry lookups, no checks, gradients into one buffer.
What is left is NumPy's cost per call on arrays of at most 40 numbers.
Usage: .venv/bin/python bench/step_floor.py [--rounds 5] [--steps 3000]
"""
import argparse
import copy
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nn_core.activations import ACTIVATIONS  # noqa: E402
from nn_core.flat import flat_buffer, flat_views  # noqa: E402
from nn_core.losses import HEADS  # noqa: E402
from playground.state.playground import Playground  # noqa: E402


def written_out(trainer):
    """A step function for the trainer's network (its own copy of the weights) and those weights."""
    model = copy.deepcopy(trainer.model)
    params, lr = model.params, trainer.optimizer.lr
    flat = flat_buffer(params)
    grads = flat_views([np.zeros_like(p) for p in params])
    gflat = flat_buffer(grads)
    f, d = ACTIVATIONS[model.activation].fn, ACTIVATIONS[model.activation].derivative
    out, delta_of = HEADS[model.output].output, HEADS[model.output].delta
    Ws, bs, gW, gb = params[0::2], params[1::2], grads[0::2], grads[1::2]
    dot, reduce, n = np.dot, np.add.reduce, len(Ws)

    def step(X, Y):
        acts, zs, a = [X], [], X
        for i in range(n - 1):
            z = dot(a, Ws[i])
            z += bs[i]
            zs.append(z)
            a = f(z)
            acts.append(a)
        z = dot(a, Ws[-1])
        z += bs[-1]
        delta = delta_of(z, out(z), Y)
        for i in range(n - 1, -1, -1):
            dot(acts[i].T, delta, out=gW[i])
            reduce(delta, axis=0, keepdims=True, out=gb[i])
            if i:
                delta = dot(delta, Ws[i].T)
                d(zs[i - 1], acts[i], delta)
        np.subtract(flat, lr * gflat, out=flat)

    return step, params


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=3000)
    args = ap.parse_args()
    trainer = Playground().trainer
    X, Y = trainer.X_train[:10].copy(), trainer.Y_train[:10].copy()
    step, params = written_out(trainer)
    clock = time.thread_time
    with np.errstate(all="ignore"):
        for _ in range(50):
            trainer._step(X, Y)
            step(X, Y)
        same = all(np.array_equal(a, b) for a, b in zip(trainer.model.params, params))
        print(f"same weights after 50 steps: {same}")
        for _ in range(args.rounds):
            row = []
            for name, fn in (("core", trainer._step), ("written out", step)):
                t = clock()
                for _ in range(args.steps):
                    fn(X, Y)
                row.append(f"{name} {(clock() - t) / args.steps * 1e6:.1f} µs/step")
            print("   ".join(row))


if __name__ == "__main__":
    main()
