"""One user's playground: the configuration, the data, the trainer, and what a change of a control does.

No Streamlit here: the page keeps a `Playground` in session state and calls `apply(config)` after the
widgets have run, and `train(seconds)` from its live fragment.
"""
from contextlib import nullcontext

import numpy as np

from nn_core import Network, Trainer, make_optimizer
from nn_core.datasets import make_dataset, make_features, train_test_split
from nn_core.grid import evaluate_grid
from nn_core.timeline import preview

from .config import BY_KEY, complete, hidden_sizes

GRID_N = 80
BUDGET_SHARE, BUDGET_MIN, BUDGET_MAX = 0.5, 0.02, 0.08
REASONS = {"problem": "problem", "dataset": "dataset", "classes": "number of classes", "points": "number of points",
           "noise": "noise", "train_pct": "train/test ratio", "features": "input features",
           "layers": "number of layers", "activation": "activation", "head": "output head",
           "init": "initializer", "seed": "network seed"}


class Playground:
    def __init__(self, config=None):
        self.config = complete(config or {})
        self.playing = False
        self.notice = None        # what the last change did, for the page to show once
        self._last_tick, self._cycle = None, 0.1
        self._grid = None
        self.view_epoch = None    # a timeline snapshot shown instead of the live model (None = live)
        self.selected = None      # (layer, unit) whose map replaces the decision boundary, or None
        self._build_data()
        self._build_model()

    # ---- building ----------------------------------------------------------------------------
    @property
    def task(self):
        return self.config["problem"]

    @property
    def n_classes(self):
        return self.config["classes"] if self.task == "multiclass" else 2

    def _build_data(self):
        c = self.config
        X, y = make_dataset(c["dataset"], n=c["points"], noise=c["noise"] / 100, seed=c["data_seed"],
                            n_classes=self.n_classes if self.task == "multiclass" else None)
        self.X_train, self.y_train, self.X_test, self.y_test = train_test_split(
            X, y, c["train_pct"] / 100, seed=c["data_seed"])

    def _features(self, X):
        return make_features(X, list(self.config["features"]))

    def _build_model(self):
        c = self.config
        n_out = self.n_classes if self.task == "multiclass" else 1
        sizes = [len(c["features"]), *hidden_sizes(c), n_out]
        self.model = Network(sizes, activation=c["activation"], output=c["head"], init=c["init"], seed=c["seed"])
        self.trainer = Trainer(self.model, self._optimizer(), self._features(self.X_train), self.y_train,
                               self._features(self.X_test), self.y_test, batch_size=c["batch"],
                               seed=c["seed"], task="regression" if self.task == "regression" else "classification")
        self._apply_live()
        self._grid = None
        self.view_epoch = None
        if self.selected and not (self.selected[0] < len(self.model.sizes)
                                  and self.selected[1] < self.model.sizes[self.selected[0]]):
            self.selected = None

    def _optimizer(self):
        return make_optimizer(self.config["optimizer"], self.config["lr"])

    def _apply_live(self):
        c = self.config
        self.trainer.configure(lr=c["lr"], batch_size=c["batch"], l1=c["reg_rate"] if c["reg"] == "l1" else 0.0,
                               l2=c["reg_rate"] if c["reg"] == "l2" else 0.0)

    # ---- changes -----------------------------------------------------------------------------
    def apply(self, values):
        """Take new control values. Structural changes rebuild the network (and say so); the learning
        rate, regularization, batch size and optimizer change in place, keeping the weights."""
        new = complete({**self.config, **values})
        changed = [k for k in new if new[k] != self.config[k]]
        if not changed:
            return None
        old, self.config = self.config, new
        groups = {BY_KEY[k].group for k in changed}
        hidden_changed = [f"h{i}" for i in range(1, new["layers"] + 1) if f"h{i}" in changed]
        if "data" in groups:
            self._build_data()
        elif "regen" in groups:
            self._build_data()
            self.trainer.set_data(self._features(self.X_train), self.y_train,
                                  self._features(self.X_test), self.y_test)
            self.changed()
            self.notice = "New data generated; the network keeps its weights."
            return self.notice
        structural = [k for k in changed if k in REASONS] + hidden_changed
        if structural:
            self.playing = False
            self._build_model()
            names = ", ".join(dict.fromkeys(REASONS.get(k, "layer sizes") for k in structural))
            self.notice = f"The network was reset to epoch 0 because the {names} changed."
            return self.notice
        if new["optimizer"] != old["optimizer"]:
            self.trainer.configure(optimizer=self._optimizer())
            self.notice = f"Optimizer switched to {new['optimizer']}; the weights are kept."
        self._apply_live()
        return self.notice

    def reset(self):
        self.playing = False
        self._build_model()

    def regenerate(self):
        return self.apply({"data_seed": (self.config["data_seed"] + 1) % (2**31 - 1)})

    # ---- training ----------------------------------------------------------------------------
    def train(self, seconds=None, epochs=None):
        """Train within a time budget (or a number of epochs), honouring 'stop at epoch'. Returns the
        epochs done; pauses on divergence or at the stop epoch."""
        t = self.trainer
        stop = self.config["stop_at"]
        if stop and t.epoch >= stop:
            self.playing = False
            return 0
        if stop:
            epochs = stop - t.epoch if epochs is None else min(epochs, stop - t.epoch)
        done = t.run(epochs=epochs, seconds=seconds)
        if done:
            self._grid = None
        if t.divergence is not None or (stop and t.epoch >= stop):
            self.playing = False
        return done

    def live_budget(self, now):
        """Seconds of training for this redraw: half the measured time between redraws (a slow browser
        gets more epochs per redraw, a fast one more redraws), within [BUDGET_MIN, BUDGET_MAX]."""
        if self._last_tick is not None and now - self._last_tick < 1.0:
            self._cycle = 0.8 * self._cycle + 0.2 * (now - self._last_tick)
        self._last_tick = now
        return min(max(BUDGET_SHARE * self._cycle, BUDGET_MIN), BUDGET_MAX)

    def step_epoch(self):
        self.resume_from_view()
        self.trainer.run_epoch()
        self._grid = None

    def step_batch(self):
        self.resume_from_view()
        self.trainer.step_batch()
        self._grid = None

    def play(self):
        self.resume_from_view()
        self.trainer.divergence = None
        self.playing = True

    def changed(self):
        """The model or data changed outside training: redraw from the live model."""
        self._grid = None
        self.view_epoch = None

    # ---- the timeline ------------------------------------------------------------------------
    def snapshot_epochs(self):
        return [s.epoch for s in self.trainer.snapshots]

    def view(self, epoch):
        """Show the timeline snapshot at `epoch` (the latest epoch or None = the live model)."""
        epochs = self.snapshot_epochs()
        self.view_epoch = None if epoch is None or epoch not in epochs or epoch == epochs[-1] else int(epoch)
        self._grid = None

    def _view_snapshot(self):
        if self.view_epoch is None:
            return None
        found = [s for s in self.trainer.snapshots if s.epoch == self.view_epoch]
        if not found:
            self.view_epoch = None
            return None
        return found[-1]

    def showing(self):
        """Context in which `self.model` holds the parameters on show (a snapshot's while viewing one)."""
        snap = self._view_snapshot()
        return nullcontext(self.model) if snap is None else preview(self.model, snap)

    def shown_stats(self):
        snap = self._view_snapshot()
        return self.trainer.latest if snap is None else snap.row

    def resume_from_view(self):
        """Training goes on from the snapshot on show, as a new branch (later epochs are dropped)."""
        if self.view_epoch is None:
            return
        epoch = self.view_epoch
        self.trainer.rewind(epoch=epoch)
        self.changed()
        self.notice = f"Training resumes from epoch {epoch:,}; the epochs after it were dropped."

    # ---- editing by hand ---------------------------------------------------------------------
    def set_param(self, layer, i, j, value):
        """Set weight `model.weights[layer][i, j]` (or, with `i` None, bias `model.biases[layer][0, j]`)
        to `value`; every read-out follows. A shown snapshot becomes the live model first."""
        value = float(value)
        if not np.isfinite(value):
            raise ValueError("the value must be a finite number")
        self.resume_from_view()
        self.playing = False
        m = self.model
        if i is None:
            m.biases[layer][0, j] = value
        else:
            m.weights[layer][i, j] = value
        with np.errstate(all="ignore"):
            self.trainer.params_changed()
        self.changed()

    # ---- views -------------------------------------------------------------------------------
    def grid(self):
        """Every layer's outputs over the plane for the parameters on show (one forward pass, cached)."""
        if self._grid is None:
            with np.errstate(all="ignore"), self.showing() as model:
                self._grid = evaluate_grid(model, self.config["features"], n=GRID_N)
        return self._grid
