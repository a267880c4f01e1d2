"""Training loop: a model, an optimizer and a train/test split, stepped by batch, epoch or time budget.

Guarded against divergence: a non-finite loss or parameter rolls the model and optimizer back to the
last finite state (the start of the epoch that blew up), stops, and leaves a `Divergence` report.
"""
import math
import time
from dataclasses import dataclass

import numpy as np

from .losses import predict_labels


@dataclass
class Divergence:
    epoch: int
    reason: str
    message: str


class History:
    """Per-epoch records kept within about `capacity` rows on any run length: rows are kept for epochs
    that are multiples of `stride`; when more than `capacity` are kept, the stride doubles and rows off
    the new stride are dropped. The latest epoch's row is always available as the last row."""

    COLUMNS = ("epoch", "train_loss", "test_loss", "train_metric", "test_metric")

    def __init__(self, capacity=1000):
        self.capacity = max(4, int(capacity))
        self.stride = 1
        self.kept = []
        self.last = None

    def add(self, row):
        self.last = row
        if row[0] % self.stride == 0:
            self.kept.append(row)
            if len(self.kept) > self.capacity:
                self.stride *= 2
                self.kept = [r for r in self.kept if r[0] % self.stride == 0]

    @property
    def rows(self):
        if self.last is None or (self.kept and self.kept[-1] is self.last):
            return self.kept
        return self.kept + [self.last]

    def column(self, name):
        i = self.COLUMNS.index(name)
        return np.array([r[i] for r in self.rows], dtype=float)

    def __len__(self):
        return len(self.rows)


def clip_by_global_norm(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_: scale all gradients by max_norm/(‖g‖+1e-6) when that is < 1."""
    total = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        for g in grads:
            g *= coef
    return total


def r2_score(y, pred):
    ss_res = float(np.sum((y - pred) ** 2))
    ss_tot = float(np.sum((y - y.mean(axis=0)) ** 2))
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)


class Trainer:
    """Owns a model, an optimizer and the data. `y_*` are raw labels: integer class labels for
    classification, floats for regression (the task is read from the dtype unless given)."""

    def __init__(self, model, optimizer, X_train, y_train, X_test=None, y_test=None, batch_size=10,
                 l1=0.0, l2=0.0, clip_norm=None, seed=0, history_size=1000, task=None):
        self.model, self.optimizer = model, optimizer
        y_train = np.asarray(y_train)
        self.task = task or ("classification" if y_train.dtype.kind in "iub" else "regression")
        self._load(X_train, y_train, X_test, y_test)
        self.batch_size = batch_size
        self.l1, self.l2, self.clip_norm = l1, l2, clip_norm
        self.rng = np.random.default_rng(seed)
        self.epoch, self.steps = 0, 0
        self.history = History(history_size)
        self.divergence = None
        self._order, self._pos = None, 0
        self._checkpoint = self._snapshot()
        self.latest = self.evaluate()
        self.history.add(tuple(self.latest[c] for c in History.COLUMNS))

    def _load(self, X_train, y_train, X_test, y_test):
        model = self.model
        self.X_train = np.ascontiguousarray(X_train, dtype=float)
        self.labels_train = np.asarray(y_train)
        self.Y_train = model.targets(self.labels_train)
        if X_test is None or len(X_test) == 0:
            self.X_test, self.labels_test, self.Y_test = None, None, None
        else:
            self.X_test = np.ascontiguousarray(X_test, dtype=float)
            self.labels_test = np.asarray(y_test)
            self.Y_test = model.targets(self.labels_test)

    def set_data(self, X_train, y_train, X_test=None, y_test=None):
        """New data for the same model (TF Playground's 'regenerate'): epoch count and history go on."""
        self._load(X_train, y_train, X_test, y_test)
        self._order, self._pos = None, 0
        self.latest = self.evaluate()

    @property
    def batch_size(self):
        """The requested batch size within 1..n_train (None or more than n_train: full batch)."""
        n, want = len(self.X_train), self._batch_request
        return n if want is None else max(1, min(int(want), n))

    @batch_size.setter
    def batch_size(self, value):
        self._batch_request = value

    # ---- evaluation -------------------------------------------------------------------------
    def _metric(self, out, labels, Y):
        if self.task == "classification":
            return float(np.mean(predict_labels(self.model.output, out) == labels))
        return r2_score(Y, out)

    def evaluate(self):
        """Data loss (no regularization) and accuracy or R² on train and test sets."""
        m = self.model
        train_loss = m.data_loss(self.X_train, self.Y_train)
        train_metric = self._metric(m.activations[-1], self.labels_train, self.Y_train)
        test_loss = test_metric = float("nan")
        if self.X_test is not None:
            test_loss = m.data_loss(self.X_test, self.Y_test)
            test_metric = self._metric(m.activations[-1], self.labels_test, self.Y_test)
        return {"epoch": self.epoch, "train_loss": train_loss, "test_loss": test_loss,
                "train_metric": train_metric, "test_metric": test_metric}

    # ---- stepping ---------------------------------------------------------------------------
    def _snapshot(self):
        return self.model.get_params(), self.optimizer.state()

    def _restore(self, snap):
        self.model.set_params(snap[0])
        self.optimizer.set_state(snap[1])

    def _start_epoch(self):
        order = self.rng.permutation(len(self.X_train))
        self._order = (self.X_train[order], self.Y_train[order])
        self._pos = 0

    def _step(self, Xb, Yb):
        model = self.model
        model.forward(Xb, train=True)
        grads = model.backward(Yb, self.l1, self.l2)
        if self.clip_norm:
            clip_by_global_norm(grads, self.clip_norm)
        self.optimizer.step(model.params, grads)
        self.steps += 1

    def _end_epoch(self):
        self.epoch += 1
        self._order = None
        stats = self.evaluate()
        if not (math.isfinite(stats["train_loss"]) and self.model.all_finite()):
            self._diverged()
            return False
        self.latest = stats
        self.history.add(tuple(stats[c] for c in History.COLUMNS))
        self._checkpoint = self._snapshot()
        return True

    def _diverged(self):
        bad_epoch = self.epoch
        self._restore(self._checkpoint)
        self.epoch = self.latest["epoch"]
        self._order = None
        lr = getattr(self.optimizer, "lr", None)
        self.divergence = Divergence(
            epoch=bad_epoch, reason="non-finite loss or weights",
            message=(f"Training diverged in epoch {bad_epoch}: the loss or the weights became infinite "
                     f"or NaN (learning rate {lr:g} is too large for this setup). Training stopped and the "
                     f"model was rolled back to epoch {self.epoch}, its last finite state. Try a "
                     "learning rate 10× smaller, or turn on gradient clipping."))

    def step_batch(self):
        """One mini-batch. Returns True while training is healthy."""
        self.divergence = None
        with np.errstate(all="ignore"):
            if self._order is None:
                self._start_epoch()
            X, Y = self._order
            end = self._pos + self.batch_size
            self._step(X[self._pos:end], Y[self._pos:end])
            self._pos = end
            if self._pos >= len(X):
                return self._end_epoch()
        return True

    def run_epoch(self):
        """Finish the current epoch (all of it, from a clean start). Returns True while healthy."""
        self.run(epochs=1)
        return self.divergence is None

    def run(self, epochs=None, seconds=None):
        """Train up to `epochs` epochs and/or for about `seconds`; returns the epochs completed.
        Stops early on divergence (see `self.divergence`)."""
        if epochs is None and seconds is None:
            raise ValueError("give a number of epochs, a time budget, or both")
        self.divergence = None
        deadline = None if seconds is None else time.perf_counter() + seconds
        done, bs, step = 0, self.batch_size, self._step
        with np.errstate(all="ignore"):
            while epochs is None or done < epochs:
                if self._order is None:
                    self._start_epoch()
                X, Y = self._order
                n = len(X)
                for s in range(self._pos, n, bs):
                    step(X[s:s + bs], Y[s:s + bs])
                if not self._end_epoch():
                    break
                done += 1
                if deadline is not None and time.perf_counter() >= deadline:
                    break
        return done
