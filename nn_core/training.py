"""Training loop: a model, an optimizer and a train/test split, stepped by batch, epoch or time budget.

Guarded against divergence: a non-finite loss or parameter rolls the model and optimizer back to the
last finite state (the start of the epoch that blew up), stops, and leaves a `Divergence` report.

Kept while training: `history` (losses and metrics per epoch), `grad_norms` (gradient norms of each epoch's
last mini-batch, see `history.GradientNormHistory`) and `timeline` (snapshots to `rewind` to, see
`timeline.Timeline`). Nothing is added per mini-batch step; the cost is measured in bench/README.md.
"""
import math
import time

import numpy as np

from .diagnostics import param_norms
from .flat import Scratch
from .history import GradientNormHistory, History
from .losses import HEADS, predict_labels, r2_score
from .optimizers import clip_by_global_norm
from .rewind import Rewindable
from .timeline import Timeline

UNCHANGED = object()
"""Default of `Trainer.configure`'s arguments that may be None: leave the setting as it is."""
CHECK_EVERY = 64
"""Steps between two looks at the clock inside an epoch of `Trainer.run` (one can take far longer than a budget)."""


def _check(ok, rule, value):
    if not ok:
        raise ValueError(f"{rule}, not {value}")


class Trainer(Rewindable):
    """Trains a model with an optimizer on a train/test split, and keeps its history and timeline.

    Parameters
    ----------
    model : Network
    optimizer : SGD, RMSprop or Adam
        As `make_optimizer` returns; its state continues from wherever it is.
    X_train, y_train : array_like
        Training rows and raw labels: integer class labels for classification, floats for regression.
    X_test, y_test : array_like or None
        A held-out set, evaluated after every epoch (NaN losses without one).
    batch_size : int or None
        Rows per step (None or more than the training set: the full batch).
    l1, l2 : float
        Regularization rates of the weights (never the biases).
    clip_norm : float or None
        Scale the gradients down to this global L2 norm when above it (None: no clipping).
    seed : int or None
        Seed of the shuffling.
    history_size, timeline_size, timeline_every, timeline_bytes
        Bounds of `history`/`grad_norms` rows and of `timeline` snapshots (see `history` and `timeline`).
    task : {"classification", "regression"} or None
        Default: read from the dtype of `y_train` (integers: classification).

    Attributes
    ----------
    epoch, steps : int
        Epochs completed and optimizer steps taken.
    latest : dict
        The last evaluation: epoch, train/test loss (no regularization) and accuracy or R².
    divergence : Divergence or None
        Set when the last `run` or `step_batch` stopped on a non-finite loss or weights.
    """

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
        self.last_batch = None   # (points, data loss) of the last `step_batch`
        self._order, self._pos = None, 0
        self._grads, self._clip_coef = None, 1.0
        self._scratch = Scratch()   # where each step writes its gradients
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

    def configure(self, *, lr=None, batch_size=UNCHANGED, l1=None, l2=None, clip_norm=UNCHANGED,
                  dropout=UNCHANGED, optimizer=None):
        """Change live settings between steps, keeping the weights and the epoch count. Arguments left out
        stay as they are.

        Parameters
        ----------
        lr : float, optional
            Learning rate of the optimizer (the new one, if `optimizer` is given too).
        batch_size : int or None, optional
            Rows per step; None means the full batch.
        l1, l2 : float, optional
            Regularization rates, >= 0.
        clip_norm : float or None, optional
            Global gradient norm to clip to; None turns clipping off.
        dropout : float, optional
            The model's dropout rate, in [0, 1).
        optimizer : optimizer, optional
            A new optimizer (e.g. from `make_optimizer`) to continue with from the current weights; a
            divergence now rolls back to the current weights with the new optimizer's state.
        """
        _check(lr is None or math.isfinite(lr) and lr > 0, "learning rate must be a positive number", lr)
        _check(batch_size in (UNCHANGED, None) or int(batch_size) >= 1, "batch size must be at least 1", batch_size)
        for name, value in (("l1", l1), ("l2", l2)):
            _check(value is None or value >= 0, f"{name} must be a number >= 0", value)
        _check(clip_norm in (UNCHANGED, None) or clip_norm > 0, "clip_norm must be None or a number > 0", clip_norm)
        _check(dropout is UNCHANGED or 0.0 <= dropout < 1.0, "dropout rate must be in [0, 1)", dropout)
        if optimizer is not None:
            self.optimizer = optimizer
            self._checkpoint = self._snapshot()
        if lr is not None:
            self.optimizer.lr = float(lr)
        if batch_size is not UNCHANGED:
            self.batch_size = batch_size
        self.l1, self.l2 = (self.l1 if l1 is None else float(l1)), (self.l2 if l2 is None else float(l2))
        if clip_norm is not UNCHANGED:
            self.clip_norm = clip_norm
        if dropout is not UNCHANGED:
            self.model.dropout = float(dropout)

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
            hits = predict_labels(self.model.output, out) == labels    # their mean: count / number, exactly
            return np.count_nonzero(hits) / hits.size if hits.size else float("nan")
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
    def _start_epoch(self):
        order = self.rng.permutation(len(self.X_train))
        self._order = (self.X_train[order], self.Y_train[order])
        self._pos = 0

    def _step(self, Xb, Yb):
        model = self.model
        model.forward(Xb, train=True)
        grads = model.backward(Yb, self.l1, self.l2, out=self._scratch.like(model.params))
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
            self._diverged("weights" if math.isfinite(stats["train_loss"]) else "loss")
            return False
        self.latest = stats
        self.history.add(tuple(stats[c] for c in History.COLUMNS))
        self._checkpoint = self._snapshot()
        if self._grads is not None:
            if self.epoch % self.grad_norms.stride == 0:
                self._record_grad_norms()
            self._grads = None
        if self.timeline.wants(self.epoch):
            self.timeline.add(self._timeline_snapshot())
        return True

    # ---- diagnostics ------------------------------------------------------------------------------
    def _record_grad_norms(self):
        norms = param_norms(self._grads)
        if self.clip_norm and self._clip_coef < 1.0:  # report the norm before clipping
            norms = tuple(n / self._clip_coef for n in norms)
        self.grad_norms.add((self.epoch, norms))

    def step_batch(self):
        """One mini-batch. Returns True while training is healthy. `last_batch` then holds the batch's size
        and its data loss at the weights the step started from (the loss whose gradient the step took)."""
        self.divergence = None
        with np.errstate(all="ignore"):
            if self._order is None:
                self._start_epoch()
            X, Y = self._order
            end = self._pos + self.batch_size
            grads = self._step(X[self._pos:end], Y[self._pos:end])
            z, Yb = self.model.z_values[-1], Y[self._pos:end]
            self.last_batch = (len(Yb), float(HEADS[self.model.output].loss(z, Yb)))
            self._pos = end
            if self._pos >= len(X):
                self._grads = grads
                return self._end_epoch()
        return True

    def run_epoch(self):
        """Finish the current epoch (all of it, from a clean start). Returns True while healthy."""
        self.run(epochs=1)
        return self.divergence is None

    def run(self, epochs=None, seconds=None, clock=time.perf_counter, stop=None):
        """Train whole epochs (finishing a half-done one first), evaluating after each.

        Parameters
        ----------
        epochs : int, optional
            Stop after this many epochs.
        seconds : float, optional
            Stop after the first epoch that ends once about this much time has passed, or inside an epoch
            (the clock is read every `CHECK_EVERY` steps; the next `run` finishes it). Give this and/or `epochs`.
        clock : callable, optional
            The clock `seconds` is measured on: wall time by default; ``time.thread_time`` counts only the
            CPU time of this thread (a fair share when many threads train at once).
        stop : callable, optional
            Asked when the clock is (and after each epoch): True stops the run there, inside an epoch too.

        Returns
        -------
        int
            Epochs completed (0 when the budget ran out inside an epoch). Fewer than asked when training
            diverged: the model is then rolled back to the last finite state and `divergence` says what happened.
        """
        if epochs is None and seconds is None:
            raise ValueError("give a number of epochs, a time budget, or both")
        self.divergence = None
        deadline = None if seconds is None else clock() + seconds

        def over():
            return (deadline is not None and clock() >= deadline) or (stop is not None and stop())

        done, bs, step = 0, self.batch_size, self._step
        with np.errstate(all="ignore"):
            while epochs is None or done < epochs:
                if self._order is None:
                    self._start_epoch()
                X, Y = self._order
                n = len(X)
                last = self._pos + (n - 1 - self._pos) // bs * bs     # start of the epoch's last batch
                for k, s in enumerate(range(self._pos, last, bs), 1):
                    step(X[s:s + bs], Y[s:s + bs])
                    if k % CHECK_EVERY == 0 and over():
                        self._stop_in_epoch(s + bs)
                        return done
                self._grads = step(X[last:last + bs], Y[last:last + bs])  # kept for grad_norms
                if not self._end_epoch():
                    break
                done += 1
                if over():
                    break
        return done
