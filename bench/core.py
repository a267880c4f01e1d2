"""Speed of nn_core against PyTorch, scikit-learn and a hand-written NumPy loop.

Run:  .venv/bin/python bench/core.py [--quick] [--profile]   (or `make bench`; the script finds nn_core itself)

1. Training epochs per second on TF Playground's default task: circle, 500 points, 50 % train (250 rows),
   network 2-4-2-1 with tanh hidden layers and a sigmoid/BCE output, batch size 10 (25 steps an epoch), plain SGD
   at lr 0.03, one reshuffle per epoch. The contenders run interleaved, round-robin, several rounds each, and the
   median rate over rounds is reported. Only ratios measured in the same run are meaningful.
2. Milliseconds to evaluate a 100x100 grid keeping every neuron's output, on a 2-8-8-8-1 tanh network.

See bench/README.md for what each number means and the measured results.
"""
import argparse
import cProfile
import datetime
import io
import os
import platform
import pstats
import statistics
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `python bench/core.py` from anywhere

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import torch  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from nn_core import Network, Trainer, make_optimizer  # noqa: E402
from nn_core.activations import sigmoid  # noqa: E402
from nn_core.datasets import make_dataset, train_test_split  # noqa: E402
from nn_core.grid import evaluate_grid, grid_points  # noqa: E402

SIZES = [2, 4, 2, 1]
LR = 0.03
BATCH = 10
GRID_SIZES = [2, 8, 8, 8, 1]
GRID_N = 100


def circle_task():
    X, y = make_dataset("circle", n=500, noise=0.0, seed=0)
    return train_test_split(X, y, 0.5, 0)          # X_train, y_train, X_test, y_test (250 / 250)


# ---- training contenders: each has .run(k) = train k more epochs, and .accuracy() on the test set -------------

class NnCoreTrainer:
    """nn_core as the app uses it: Trainer.run, which also evaluates train and test loss/accuracy every epoch."""
    label = "nn_core Trainer.run (evaluates every epoch)"

    def __init__(self, Xtr, ytr, Xte, yte):
        self.model = Network(SIZES, activation="tanh", output="sigmoid", init="xavier", seed=0)
        self.trainer = Trainer(self.model, make_optimizer("sgd", LR), Xtr, ytr, Xte, yte, batch_size=BATCH, seed=0)

    def run(self, k):
        self.trainer.run(epochs=k)

    def accuracy(self):
        return self.trainer.latest["test_metric"]


class NnCoreLoop:
    """nn_core's Network and optimizer in a plain loop: forward, backward, step per batch; no evaluation."""
    label = "nn_core plain loop (no evaluation)"

    def __init__(self, Xtr, ytr, Xte, yte):
        self.model = Network(SIZES, activation="tanh", output="sigmoid", init="xavier", seed=0)
        self.opt = make_optimizer("sgd", LR)
        self.X, self.Y = np.ascontiguousarray(Xtr, dtype=float), self.model.targets(ytr)
        self.Xte, self.yte = Xte, yte
        self.rng = np.random.default_rng(0)

    def run(self, k):
        model, opt, n = self.model, self.opt, len(self.X)
        for _ in range(k):
            order = self.rng.permutation(n)
            X, Y = self.X[order], self.Y[order]
            for s in range(0, n, BATCH):
                model.forward(X[s:s + BATCH], train=True)
                opt.step(model.params, model.backward(Y[s:s + BATCH]))

    def accuracy(self):
        return float(np.mean(self.model.predict_labels(self.Xte) == self.yte))


def handwritten_step(params, x, t, lr=LR):
    """One SGD step for exactly 2-4-2-1 tanh/tanh/sigmoid+BCE: the obvious NumPy, nothing preallocated."""
    W1, b1, W2, b2, W3, b3 = params
    a1 = np.tanh(x @ W1 + b1)
    a2 = np.tanh(a1 @ W2 + b2)
    p = 1.0 / (1.0 + np.exp(-(a2 @ W3 + b3)))
    d3 = (p - t) / len(x)                           # dBCE/dz of the output, mean over the batch
    d2 = (d3 @ W3.T) * (1.0 - a2 * a2)
    d1 = (d2 @ W2.T) * (1.0 - a1 * a1)
    W3 -= lr * (a2.T @ d3)
    b3 -= lr * d3.sum(axis=0)
    W2 -= lr * (a1.T @ d2)
    b2 -= lr * d2.sum(axis=0)
    W1 -= lr * (x.T @ d1)
    b1 -= lr * d1.sum(axis=0)


def handwritten_epoch(params, X, Y, rng, lr=LR, bs=BATCH):
    order = rng.permutation(len(X))
    X, Y = X[order], Y[order]
    for s in range(0, len(X), bs):
        handwritten_step(params, X[s:s + bs], Y[s:s + bs], lr)


class HandWritten:
    """The hand-written loop above: a ceiling for what generality may cost."""
    label = "hand-written NumPy loop (no evaluation)"

    def __init__(self, Xtr, ytr, Xte, yte):
        init = Network(SIZES, activation="tanh", output="sigmoid", init="xavier", seed=0)
        self.params = init.get_params()           # same starting weights as nn_core
        self.X, self.Y = np.ascontiguousarray(Xtr, dtype=float), ytr.astype(float)[:, None]
        self.Xte, self.yte = Xte, yte
        self.rng = np.random.default_rng(0)

    def run(self, k):
        for _ in range(k):
            handwritten_epoch(self.params, self.X, self.Y, self.rng)

    def accuracy(self):
        W1, b1, W2, b2, W3, b3 = self.params
        z = np.tanh(np.tanh(self.Xte @ W1 + b1) @ W2 + b2) @ W3 + b3
        return float(np.mean((z[:, 0] > 0) == self.yte))


class Torch:
    """PyTorch CPU, 1 thread, float64; same mini-batches: one randperm per epoch, then slices. No DataLoader."""
    label = "PyTorch (no evaluation)"

    def __init__(self, Xtr, ytr, Xte, yte):
        torch.manual_seed(0)
        nn = torch.nn
        self.net = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2), nn.Tanh(), nn.Linear(2, 1)).double()
        self.opt = torch.optim.SGD(self.net.parameters(), lr=LR)
        self.loss = nn.BCEWithLogitsLoss()
        self.X = torch.from_numpy(np.ascontiguousarray(Xtr, dtype=np.float64))
        self.Y = torch.from_numpy(ytr.astype(np.float64)[:, None])
        self.Xte, self.yte = torch.from_numpy(np.asarray(Xte, dtype=np.float64)), yte
        self.gen = torch.Generator().manual_seed(0)

    def run(self, k):
        net, opt, loss_fn, n = self.net, self.opt, self.loss, len(self.X)
        for _ in range(k):
            order = torch.randperm(n, generator=self.gen)
            X, Y = self.X[order], self.Y[order]
            for s in range(0, n, BATCH):
                opt.zero_grad()
                loss_fn(net(X[s:s + BATCH]), Y[s:s + BATCH]).backward()
                opt.step()

    def accuracy(self):
        with torch.no_grad():
            return float(np.mean((self.net(self.Xte)[:, 0] > 0).numpy() == self.yte))


class SkLearn:
    """scikit-learn MLPClassifier; one partial_fit call = one epoch (shuffle, 25 mini-batch SGD steps)."""
    label = "scikit-learn partial_fit (1 call = 1 epoch)"

    def __init__(self, Xtr, ytr, Xte, yte):
        self.clf = MLPClassifier(hidden_layer_sizes=(4, 2), activation="tanh", solver="sgd", learning_rate_init=LR,
                                 momentum=0, batch_size=BATCH, alpha=0, random_state=0)
        self.X, self.y, self.Xte, self.yte = Xtr, ytr, Xte, yte
        self.clf.partial_fit(Xtr, ytr, classes=np.array([0, 1]))

    def run(self, k):
        clf, X, y = self.clf, self.X, self.y
        for _ in range(k):
            clf.partial_fit(X, y)

    def accuracy(self):
        return float(self.clf.score(self.Xte, self.yte))


CONTENDERS = {"nn_core": NnCoreTrainer, "nn_core_loop": NnCoreLoop, "hand": HandWritten, "torch": Torch,
              "sklearn": SkLearn}


def bench_training(rounds, seconds, chunk_seconds=0.05):
    """Round-robin: in each round every contender trains for about `seconds`; returns {name: [epochs/s]}."""
    data = circle_task()
    bots = {name: cls(*data) for name, cls in CONTENDERS.items()}
    chunks = {}
    for name, bot in bots.items():                  # warm up, and size chunks to ~chunk_seconds
        bot.run(2)
        t0 = time.perf_counter()
        bot.run(5)
        rate = 5 / (time.perf_counter() - t0)
        chunks[name] = max(1, round(rate * chunk_seconds))
    rates = {name: [] for name in bots}
    names = list(bots)
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]   # rotate who goes first
        for name in order:
            bot, k, done = bots[name], chunks[name], 0
            t0 = time.perf_counter()
            while True:
                bot.run(k)
                done += k
                elapsed = time.perf_counter() - t0
                if elapsed >= seconds:
                    break
            rates[name].append(done / elapsed)
    accuracies = {name: bot.accuracy() for name, bot in bots.items()}
    return rates, accuracies


# ---- grid evaluation ----------------------------------------------------------------------------------------------

def torch_copy(model):
    """A float64 torch stack with exactly `model`'s weights (Linear stores W transposed)."""
    layers = []
    for W, b in zip(model.weights, model.biases):
        lin = torch.nn.Linear(W.shape[0], W.shape[1]).double()
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W.T))
            lin.bias.copy_(torch.from_numpy(b[0]))
        layers.append(lin)
    return layers


def torch_grid(layers, n=GRID_N):
    """What evaluate_grid does, in torch: grid points, forward keeping every layer's output, (n, n, units) arrays."""
    _, _, points = grid_points(n)
    with torch.inference_mode():
        a = torch.from_numpy(points)
        outs = [a]
        for i, lin in enumerate(layers):
            a = lin(a)
            a = torch.tanh(a) if i < len(layers) - 1 else torch.sigmoid(a)
            outs.append(a)
    return [o.numpy().reshape(n, n, o.shape[1]) for o in outs]


def bench_grid(repeats):
    model = Network(GRID_SIZES, activation="tanh", output="sigmoid", init="xavier", seed=0)
    layers = torch_copy(model)
    ours, theirs = evaluate_grid(model, ("x1", "x2"), n=GRID_N).layers, torch_grid(layers)
    for a, b in zip(ours, theirs):                   # same computation, same numbers
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    _, _, points = grid_points(GRID_N)
    cases = {
        "nn_core evaluate_grid": lambda: evaluate_grid(model, ("x1", "x2"), n=GRID_N),
        "torch, same work": lambda: torch_grid(layers),
        "nn_core forward only (layer_outputs)": lambda: model.layer_outputs(points),
    }
    times = {name: [] for name in cases}
    for f in cases.values():
        f()
    for _ in range(repeats):                          # interleaved, one call of each per repeat
        for name, f in cases.items():
            t0 = time.perf_counter()
            f()
            times[name].append((time.perf_counter() - t0) * 1e3)
    return times


# ---- profile ------------------------------------------------------------------------------------------------------

def per_call_us(f, number=2000, repeat=5):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number * 1e6


def profile_trainer(epochs=200, top=15):
    """Where Trainer.run's time goes: cProfile by function, then per-call timings of one training step's parts
    (nn_core against the hand-written loop's whole step) and of the per-epoch evaluation."""
    Xtr, ytr, Xte, yte = circle_task()
    bot = NnCoreTrainer(Xtr, ytr, Xte, yte)
    bot.run(5)
    prof = cProfile.Profile()
    prof.enable()
    bot.run(epochs)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    print(f"\ncProfile of Trainer.run, {epochs} epochs = {epochs * 25} steps (cProfile inflates small calls):")
    print(out.getvalue())

    trainer, model = bot.trainer, bot.model
    x, t = trainer.X_train[:BATCH], trainer.Y_train[:BATCH]
    model.forward(x, train=True)
    grads = model.backward(t)
    zero = [np.zeros_like(g) for g in grads]              # keep the weights fixed while timing
    hand = HandWritten(Xtr, ytr, Xte, yte)
    one_batch = (hand.X[:BATCH], hand.Y[:BATCH])
    rows = [
        ("nn_core forward(10 rows, train=True)", lambda: model.forward(x, train=True)),
        ("  of which the output sigmoid (overflow-safe)", lambda: sigmoid(model.z_values[-1])),
        ("  (the naive 1/(1+exp(-z)), for comparison)", lambda: 1.0 / (1.0 + np.exp(-model.z_values[-1]))),
        ("nn_core backward", lambda: model.backward(t)),
        ("nn_core SGD step", lambda: trainer.optimizer.step(model.params, zero)),
        ("nn_core: the whole step", lambda: (model.forward(x, train=True), model.backward(t),
                                             trainer.optimizer.step(model.params, zero))),
        ("hand-written: the whole step", lambda: handwritten_step(hand.params, *one_batch, lr=0.0)),
        ("per epoch: shuffle and copy 250 rows", trainer._start_epoch),
        ("per epoch: Trainer.evaluate (train+test)", trainer.evaluate),
        ("per epoch: model.all_finite", model.all_finite),
        ("per epoch: checkpoint (_snapshot)", trainer._snapshot),
    ]
    print("Per-call times, µs (min of 5 × 2000 calls; an epoch is 25 steps + the per-epoch rows):")
    for name, f in rows:
        print(f"  {name:44s} {per_call_us(f):8.2f}")


# ---- report -------------------------------------------------------------------------------------------------------

def environment():
    blas = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}
    return (f"{datetime.date.today()}  {platform.machine()}  {os.cpu_count()} cores  Python {platform.python_version()}"
            f"  numpy {np.__version__}  torch {torch.__version__} ({torch.get_num_threads()} thread)"
            f"  scikit-learn {sklearn.__version__}\nBLAS/threads env: "
            + (", ".join(f"{k}={v}" for k, v in sorted(blas.items())) or "none set"))


def spread(xs):
    return f"{min(xs):,.0f}–{max(xs):,.0f}"


def report_training(rates, accuracies, rounds, seconds):
    med = {name: statistics.median(r) for name, r in rates.items()}
    print(f"\nTraining: circle 500 pts, 250 train, 2-4-2-1 tanh, sigmoid+BCE, SGD lr {LR}, batch {BATCH}"
          f" (25 steps/epoch); {rounds} interleaved rounds of ~{seconds:g} s per contender")
    print(f"{'contender':48s} {'epochs/s (median)':>18s} {'range':>14s} {'steps/s':>9s} {'test acc':>9s}")
    for name, cls in CONTENDERS.items():
        print(f"{cls.label:48s} {med[name]:18,.0f} {spread(rates[name]):>14s} {med[name] * 25:9,.0f}"
              f" {accuracies[name]:9.3f}")
    print("\nRatios of median epochs/s (range = min–max of the same ratio within each round):")
    for ours in ("nn_core", "nn_core_loop"):
        for other, target in (("torch", 5.0), ("sklearn", 3.0), ("hand", None)):
            per_round = [a / b for a, b in zip(rates[ours], rates[other])]
            met = "met" if med[ours] / med[other] >= (target or 0) else "MISSED"
            goal = f"   target ≥ {target:g}×: {met}" if target else ""
            print(f"  {ours:13s}/ {other:8s} {med[ours] / med[other]:6.2f}×  "
                  f"({min(per_round):.2f}–{max(per_round):.2f}){goal}")
    print(f"  {'hand':13s}/ {'torch':8s} {med['hand'] / med['torch']:6.2f}×")
    print(f"  {'hand':13s}/ {'sklearn':8s} {med['hand'] / med['sklearn']:6.2f}×")
    print(f"  share of Trainer.run's time spent on per-epoch evaluation and bookkeeping:"
          f" {1 - med['nn_core'] / med['nn_core_loop']:.0%}")


def report_grid(times, repeats):
    print(f"\nGrid: {GRID_N}×{GRID_N} points through 2-8-8-8-1 tanh, every layer's output kept;"
          f" median of {repeats} interleaved runs")
    print(f"{'case':40s} {'ms (median)':>12s} {'min':>8s}")
    for name, t in times.items():
        print(f"{name:40s} {statistics.median(t):12.3f} {min(t):8.3f}")
    a, b = statistics.median(times["nn_core evaluate_grid"]), statistics.median(times["torch, same work"])
    print(f"  evaluate_grid / torch time: {a / b:.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="~10 s run: 3 rounds of 0.4 s")
    ap.add_argument("--rounds", type=int, help="training rounds (default 5, quick 3)")
    ap.add_argument("--seconds", type=float, help="seconds per contender per round (default 2, quick 0.4)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of Trainer.run")
    args = ap.parse_args()
    rounds = args.rounds or (3 if args.quick else 5)
    seconds = args.seconds or (0.4 if args.quick else 2.0)
    repeats = 100 if args.quick else 500
    torch.set_num_threads(1)
    print(environment())
    rates, accuracies = bench_training(rounds, seconds)
    report_training(rates, accuracies, rounds, seconds)
    report_grid(bench_grid(repeats), repeats)
    if args.profile:
        profile_trainer()


if __name__ == "__main__":
    main()
