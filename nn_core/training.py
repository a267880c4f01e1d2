"""Training loop: a model, an optimizer and a train/test split, stepped by batch, epoch or time budget.

Guarded against divergence: a non-finite loss or parameter rolls the model and optimizer back to the
last finite state (the start of the epoch that blew up), stops, and leaves a `Divergence` report.

Diagnostics kept while training (cheap: nothing is added per mini-batch step; the epoch's last step only
hands its gradient list to `_end_epoch`):

* `grad_norms`: per parameter array, the L2 norm of the gradient of the epoch's **last mini-batch**, i.e.
  the gradient the epoch's last optimizer step used (with that batch's dropout masks and the L1/L2 terms),
  taken **before** gradient clipping. It is a one-batch sample, so it is noisy (more so for small batches;
  the last batch of an epoch is smaller when the batch size does not divide the training set); with the full
  batch it is the full training-set gradient at the weights before the epoch's (only) step. Recorded only on
  the epochs that its thinning keeps (like `History`), so it costs a few µs on those epochs and nothing else.
* `timeline` (`nn_core.timeline.Timeline`): snapshots every few epochs to `rewind` to; `snapshots` adds the
  live end of training. A snapshot shares the epoch's divergence checkpoint (no extra copy).
Measured cost (bench/README.md): 2-4 % of `Trainer.run` over a fresh trainer's first 1,500 epochs, 0.5 % after
10,000 epochs.
"""
import math
import time
from dataclasses import dataclass

import numpy as np

from .diagnostics import param_norms
from .losses import predict_labels
from .timeline import Snapshot, Timeline


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

    def truncate(self, epoch, row=None):
        """Drop the rows after `epoch`; `row` (that epoch's row) becomes the last one if it was not kept."""
        self.kept = [r for r in self.kept if r[0] <= epoch]
        if self.kept and self.kept[-1][0] == epoch:
            self.last = self.kept[-1]
        elif row is not None:
            self.last = row
        else:
            self.last = self.kept[-1] if self.kept else None


class GradientNormHistory(History):
    """Rows `(epoch, norms)`: `norms` is the tuple of gradient L2 norms of `[W0, b0, W1, b1, ...]` (see the
    module docstring for which gradient). Thinned like `History`; rows are only added on kept epochs."""

    COLUMNS = ("epoch", "norms")

    def epochs(self):
        return np.array([r[0] for r in self.rows], dtype=np.int64)

    def _part(self, start):
        rows = self.rows
        if not rows:
            return np.zeros((0, 0))
        return np.array([r[1][start::2] for r in rows], dtype=float).T

    def weights(self):
        """(n_layers, n_rows): ‖dW‖ of each layer over the kept epochs (one series per layer)."""
        return self._part(0)

    def biases(self):
        """(n_layers, n_rows): ‖db‖ of each layer over the kept epochs."""
        return self._part(1)


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
                 l1=0.0, l2=0.0, clip_norm=None, seed=0, history_size=1000, task=None,
                 timeline_size=200, timeline_every=1, timeline_bytes=16 * 2**20):
        self.model, self.optimizer = model, optimizer
        y_train = np.asarray(y_train)
        self.task = task or ("classification" if y_train.dtype.kind in "iub" else "regression")
        self._load(X_train, y_train, X_test, y_test)
        self.batch_size = batch_size
        self.l1, self.l2, self.clip_norm = l1, l2, clip_norm
        self.rng = np.random.default_rng(seed)
        self.epoch, self.steps = 0, 0
        self.history = History(history_size)
        self.grad_norms = GradientNormHistory(history_size)
        self.timeline = Timeline(timeline_size, every=timeline_every, max_bytes=timeline_bytes)
        self.divergence = None
        self._order, self._pos = None, 0
        self._grads, self._clip_coef = None, 1.0
        self._checkpoint = self._snapshot()
        self.latest = self.evaluate()
        self.history.add(tuple(self.latest[c] for c in History.COLUMNS))
        self.timeline.add(self._timeline_snapshot())

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
        return self.model.get_params(), self.optimizer.state(), self.steps

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
            self._clip_coef = min(1.0, self.clip_norm / (clip_by_global_norm(grads, self.clip_norm) + 1e-6))
        self.optimizer.step(model.params, grads)
        self.steps += 1
        return grads

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
        if self._grads is not None:
            if self.epoch % self.grad_norms.stride == 0:
                self._record_grad_norms()
            self._grads = None
        if self.epoch % self.timeline.stride == 0:
            self.timeline.add(self._timeline_snapshot())
        return True

    # ---- diagnostics and the timeline ------------------------------------------------------------
    def _record_grad_norms(self):
        norms = param_norms(self._grads)
        if self.clip_norm and self._clip_coef < 1.0:  # report the norm before clipping
            norms = tuple(n / self._clip_coef for n in norms)
        self.grad_norms.add((self.epoch, norms))

    def _timeline_snapshot(self, live=False):
        ck, row = self._checkpoint, self.latest  # `latest` is a new dict every epoch, never changed in place
        rng = None if live else (self.rng.bit_generator.state, self.model.rng.bit_generator.state)
        return Snapshot(row["epoch"], ck[0], ck[1], type(self.optimizer).__name__, row, ck[2], rng)

    @property
    def snapshots(self):
        """The timeline's snapshots, oldest first, ending with the live end of training: the state at the
        end of the last completed epoch (the divergence checkpoint), with the RNGs as they are now."""
        kept = list(self.timeline)
        epoch = self.latest["epoch"]
        if kept and kept[-1].epoch == epoch and kept[-1].params is self._checkpoint[0]:
            return kept
        return [s for s in kept if s.epoch < epoch] + [self._timeline_snapshot(live=True)]

    def rewind(self, index=None, *, epoch=None):
        """Go back to snapshot `index` of `snapshots` (negative counts from the end), or to the one at
        `epoch`, as a new branch: restores exactly its weights, optimizer state and step count (and the
        shuffling and dropout RNGs, so resuming with unchanged settings replays the old branch), sets the
        epoch counter to its epoch, drops the history rows, gradient norms and snapshots after it, and
        discards a half-done epoch. The learning rate and other settings stay as they are now. If the
        optimizer was switched since, the current one starts with a fresh state. Returns the snapshot."""
        snaps = self.snapshots
        if (index is None) == (epoch is None):
            raise ValueError("give a snapshot index or an epoch")
        if epoch is not None:
            found = [s for s in snaps if s.epoch == epoch]
            if not found:
                raise ValueError(f"no snapshot at epoch {epoch}; kept: {[s.epoch for s in snaps]}")
            snap = found[-1]
        else:
            snap = snaps[index]
        self.model.set_params(snap.params)
        same_optimizer = snap.optimizer == type(self.optimizer).__name__
        self.optimizer.set_state(snap.optimizer_state if same_optimizer else None)
        if snap.rng_state is not None:
            self.rng.bit_generator.state = snap.rng_state[0]
            self.model.rng.bit_generator.state = snap.rng_state[1]
        self.epoch, self.steps = snap.epoch, snap.steps
        self._order, self._pos = None, 0
        self._grads, self.divergence = None, None
        self._checkpoint = (snap.params, snap.optimizer_state if same_optimizer else None, snap.steps)
        self.latest = self.evaluate()
        self.history.truncate(snap.epoch, tuple(self.latest[c] for c in History.COLUMNS))
        self.grad_norms.truncate(snap.epoch)
        self.timeline.truncate(snap.epoch)
        if not self.timeline or self.timeline[-1].epoch != snap.epoch:
            self.timeline.add(self._timeline_snapshot())
        return snap

    def params_changed(self):
        """Call after changing the model's parameters by hand (a weight typed in, a step taken outside
        `run`): the divergence checkpoint, the read-outs, the history's last row and the timeline's
        snapshot of this epoch follow the new parameters."""
        self._checkpoint = self._snapshot()
        self.latest = self.evaluate()
        row = tuple(self.latest[c] for c in History.COLUMNS)
        h = self.history
        if h.kept and h.kept[-1][0] == row[0]:
            h.kept[-1] = row
        h.last = row
        self.timeline.add(self._timeline_snapshot())

    def step_on(self, X, Y):
        """One optimizer step on the rows `X`, `Y` (a batch chosen by hand), outside the epoch's order.
        Undone if it makes the parameters non-finite; returns whether it was kept."""
        before = self._snapshot()
        with np.errstate(all="ignore"):
            self._step(X, Y)
        if not self.model.all_finite():
            self._restore(before)
            self.steps = before[2]
            return False
        self.params_changed()
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
            grads = self._step(X[self._pos:end], Y[self._pos:end])
            self._pos = end
            if self._pos >= len(X):
                self._grads = grads
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
                last = self._pos + (n - 1 - self._pos) // bs * bs     # start of the epoch's last batch
                for s in range(self._pos, last, bs):
                    step(X[s:s + bs], Y[s:s + bs])
                self._grads = step(X[last:last + bs], Y[last:last + bs])  # kept for grad_norms
                if not self._end_epoch():
                    break
                done += 1
                if deadline is not None and time.perf_counter() >= deadline:
                    break
        return done
