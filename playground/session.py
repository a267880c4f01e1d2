"""One user's playground: the configuration, the data, the trainer, and what a change of a control does.

No Streamlit here: the page keeps a `Playground` in session state and calls `apply(config)` after the
widgets have run, and `train(seconds)` from its live fragment.
"""
import numpy as np

from nn_core import Network, Trainer, make_optimizer
from nn_core.datasets import make_dataset, make_features, train_test_split
from nn_core.grid import evaluate_grid

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

    def _optimizer(self):
        return make_optimizer(self.config["optimizer"], self.config["lr"])

    def _apply_live(self):
        c, t = self.config, self.trainer
        t.optimizer.lr = c["lr"]
        t.batch_size = c["batch"]
        t.l1 = c["reg_rate"] if c["reg"] == "l1" else 0.0
        t.l2 = c["reg_rate"] if c["reg"] == "l2" else 0.0

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
            self._grid = None
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
            self.trainer.optimizer = self._optimizer()
            self.trainer._checkpoint = self.trainer._snapshot()
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
        self.trainer.run_epoch()
        self._grid = None

    def step_batch(self):
        self.trainer.step_batch()
        self._grid = None

    # ---- views -------------------------------------------------------------------------------
    def grid(self):
        if self._grid is None:
            with np.errstate(all="ignore"):
                self._grid = evaluate_grid(self.model, self.config["features"], n=GRID_N)
        return self._grid
