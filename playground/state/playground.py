"""One user's playground: the configuration, the data, the trainer, and the one reducer (`apply`) that decides
what a change of the configuration does to them. The page keeps one in session state, calls `apply(config)` after
the widgets have run and `train(seconds)` from its live fragment; what is selected or previewed is the caller's
`View` (state/view.py), passed in where it matters."""
import threading
import time
from contextlib import nullcontext
from dataclasses import replace

import numpy as np

from nn_core import Network, Trainer, make_optimizer
from nn_core.datasets import make_features, train_test_split
from nn_core.grid import evaluate_grid
from nn_core.timeline import preview
from playground.settings import limits
from playground.settings.choices import DATA, LIVE, MODEL, OWN, REGEN
from playground.settings.config import SPECS, Config
from playground.state import owndata
from playground.text.words import number


class Playground:
    def __init__(self, config=None):
        self.config = config or Config()
        self.playing = False
        # held while a live tick trains: a page run that Pause starts while the tick still trains (fragments run
        # in threads of their own) takes it before it shows the read-outs, so they show where training stopped
        self.lock = threading.RLock()
        self.stopped_at = None     # the epoch at which 'Stop at epoch' paused training (None: it did not)
        self._stop_armed = True
        self._grid, self._grid_epoch = None, None
        self.own, self.own_undo, self.own_version = None, [], 0   # your data, Undo's earlier states, a counter
        self.config = owndata.fit(self.own, self.config)
        self._build_data()
        self._build_model()

    @property
    def task(self):
        return self.config.problem

    @property
    def n_classes(self):
        return self.config.n_classes

    @property
    def class_names(self):
        """The legend's names of the classes: your own data's labels (`owndata.legend_names`), else None."""
        return owndata.legend_names(self.own) if self.config.dataset == OWN else None

    # ---- building ----------------------------------------------------------------------------
    def _build_data(self):
        c = self.config
        if c.dataset == OWN:
            self.X_train, self.y_train, self.X_test, self.y_test = self.own.split(c.train_pct / 100, c.data_seed)
            return
        X, y = self._generated = c.make_data()
        self.X_train, self.y_train, self.X_test, self.y_test = train_test_split(X, y, c.train_pct / 100,
                                                                                seed=c.data_seed)

    def features(self, X):
        return make_features(X, self.config.features)

    def _build_model(self):
        c = self.config
        self.model = Network([len(c.features), *c.hidden, c.n_outputs], activation=c.activation, output=c.head,
                             init=c.init, seed=c.seed, dropout=c.dropout)
        self.trainer = Trainer(self.model, make_optimizer(c.optimizer, c.lr), self.features(self.X_train),
                               self.y_train, self.features(self.X_test), self.y_test, batch_size=c.batch,
                               l1=c.l1, l2=c.l2, clip_norm=c.clip_norm, seed=c.seed,
                               task="regression" if c.problem == "regression" else "classification",
                               history_size=limits.HISTORY_ROWS, timeline_size=limits.TIMELINE_SNAPSHOTS,
                               timeline_bytes=limits.TIMELINE_BYTES)
        self.playing, self.stopped_at, self._stop_armed = False, None, True
        self.changed()

    # ---- the reducer -------------------------------------------------------------------------
    def apply(self, new):
        """Take configuration `new`: the one place that decides what a change of settings does.

        Parameters
        ----------
        new : Config
            The configuration the widgets now say (see `ui.sidebar.sidebar`).

        Returns
        -------
        str or None
            A notice of what the change did, for the page to show once; None when nothing needs saying.

        Notes
        -----
        Each setting's `effect` (settings/choices.py) decides: `data` (problem, dataset, points, noise, split) makes
        new data and a new network; `regen` (the data seed) new data for the same network, as TF Playground's
        'regenerate'; `model` (features, layers, activation, head, initializer, seed) a new network at epoch 0;
        `live` (optimizer, learning rate, batch size, regularization, dropout, clipping) goes to
        `Trainer.configure`, keeping the weights; `view` only changes what is drawn. A setting that has no effect
        now (a 5th layer's size while there are 2 layers) changes nothing.
        """
        old, new = self.config, owndata.fit(self.own, new)
        changed = [k for k in new.changed(old) if new.matters(k) or old.matters(k)]
        if {"problem", "dataset", "classes"} & set(changed):
            self.own_undo.clear()
        if not changed:
            self.config = new
            return None
        self.config = new
        effects = {SPECS[k]["effect"] for k in changed}
        if DATA in effects:
            self._build_data()
        if DATA in effects or MODEL in effects:
            self._build_model()
            names = [SPECS[k]["label"].lower() for k in changed if SPECS[k]["effect"] in (DATA, MODEL)]
            names = ["layer sizes" if n.startswith("layer ") else n for n in names]
            return f"The network was reset to epoch 0 because the {', '.join(dict.fromkeys(names))} changed."
        notice = None
        if REGEN in effects:
            self._data_to_trainer()
            notice = "New data generated; the network keeps its weights."
        if LIVE in effects:
            notice = self._apply_live(old) or notice
        if "stop_at" in changed:
            self._stop_armed = True
        return notice

    def _apply_live(self, old):
        c = self.config
        switch = c.optimizer != old.optimizer
        self.trainer.configure(lr=c.lr, batch_size=c.batch, l1=c.l1, l2=c.l2, clip_norm=c.clip_norm,
                               dropout=c.dropout, optimizer=make_optimizer(c.optimizer, c.lr) if switch else None)
        if switch:
            return f"Optimizer switched to {SPECS['optimizer']['names'][c.optimizer]}; the weights are kept."
        return None

    def reset(self):
        self._build_model()

    def _data_to_trainer(self):   # new data for the same network (weights, epoch and history go on)
        self._build_data()
        self.trainer.set_data(self.features(self.X_train), self.y_train, self.features(self.X_test), self.y_test)
        self.changed()

    # ---- your own data (owndata.py) ------------------------------------------------------------
    def use_own(self, own):
        """Your data from a file (`owndata.OwnData`): it replaces the earlier one and sets the problem; a new
        network starts at epoch 0."""
        self.own, self.own_undo, self.own_version = own, [], self.own_version + 1
        self.config = owndata.fit(self.own, self.config.replace(problem=own.problem, dataset=OWN))
        self._build_data()
        self._build_model()

    def draw(self, x1, x2, label):
        """Add a training point labelled `label`; the network keeps its weights. Drawing on a generated dataset
        starts Your data from its points (the data you had before comes back with Undo). Raises ValueError when
        the point cannot be drawn."""
        c = self.config
        own = self.own if c.dataset == OWN else owndata.from_generated(
            *self._generated, c.problem, c.n_classes, SPECS["dataset"]["names"][c.dataset], c.dataset)
        owndata.check_point(own, x1, x2, label)
        self.own_undo = [*self.own_undo[-owndata.MAX_UNDO + 1:], (self.own, c.dataset)]
        self._set_own(own.with_point(x1, x2, label), OWN)

    def undo_draw(self):
        """Take back the last drawn point or Clear; False when there is nothing to take back."""
        if not self.own_undo:
            return False
        self._set_own(*self.own_undo.pop())
        return True

    def clear_drawn(self):
        """Remove every drawn point of Your data (Undo brings them back); False when there are none."""
        if self.config.dataset != OWN or not self.own.drawn:
            return False
        self.own_undo.append((self.own, OWN))
        self._set_own(replace(self.own, drawn=()), OWN)
        return True

    def _set_own(self, own, dataset):   # new data for the same network
        self.own, self.own_version = own, self.own_version + 1
        self.config = self.config.replace(dataset=dataset)
        self._data_to_trainer()

    # ---- training ----------------------------------------------------------------------------
    def train(self, seconds=None, epochs=None, clock=time.perf_counter, until_paused=False):
        """Train within a time budget (or a number of epochs), honouring 'Stop at epoch' once. Returns the
        epochs done (0 when a long epoch is still under way); pauses on divergence or at the stop epoch.
        `until_paused`: stop as soon as `playing` is cleared (Pause, from another thread), inside an epoch too."""
        t, stop = self.trainer, self.config.stop_at
        armed = stop and self._stop_armed and t.epoch < stop
        if armed:
            epochs = stop - t.epoch if epochs is None else min(epochs, stop - t.epoch)
        steps = t.steps
        done = t.run(epochs=epochs, seconds=seconds, clock=clock,
                     stop=(lambda: not self.playing) if until_paused else None)
        if t.steps != steps:   # (a long epoch may stop half-way: the weights changed all the same)
            self._grid = None
        if armed and t.epoch >= stop:
            self.playing, self.stopped_at, self._stop_armed = False, t.epoch, False
        if t.divergence is not None:
            self.playing = False
        return done

    def step_epoch(self):
        self.trainer.run_epoch()
        self.changed()

    def step_batch(self):
        """One gradient step; returns what it did in words (the step count and the batch's loss)."""
        t, epoch = self.trainer, self.trainer.epoch
        t.step_batch()
        self.changed()
        if t.divergence is not None:
            return None
        n, loss = t.last_batch
        done = f" It completed epoch {t.epoch:,}." if t.epoch > epoch else ""
        return (f"Step {t.steps:,}: a batch of {n} point{'s' * (n > 1)}, batch loss {number(loss)} before the "
                f"step.{done}")

    def play(self):
        self.trainer.divergence = None
        self.stopped_at = None
        self._stop_armed = not (self.config.stop_at and self.trainer.epoch >= self.config.stop_at)
        self.playing = True

    def pause(self):
        self.playing = False

    def changed(self):
        """The model or data changed outside training: the maps are drawn again."""
        self._grid = None

    # ---- the timeline ------------------------------------------------------------------------
    def snapshot_epochs(self):
        return [s.epoch for s in self.trainer.snapshots]

    def _snapshot(self, epoch):
        if epoch is None:
            return None
        found = [s for s in self.trainer.snapshots if s.epoch == epoch]
        return found[-1] if found else None

    def showing(self, epoch=None):
        """Context in which `self.model` holds the parameters of the snapshot at `epoch` (None: the live ones)."""
        snap = self._snapshot(epoch)
        return nullcontext(self.model) if snap is None else preview(self.model, snap)

    def stats(self, epoch=None):
        """The read-outs (epoch, losses, metrics) of the snapshot at `epoch` (None: the live model)."""
        snap = self._snapshot(epoch)
        return self.trainer.latest if snap is None else snap.row

    def resume_from(self, epoch):
        """Training goes on from the snapshot at `epoch` as a new branch (later epochs are dropped). Returns a
        notice, or None when `epoch` is None (the live model) or is the latest epoch."""
        if epoch is None or self._snapshot(epoch) is None or epoch == self.snapshot_epochs()[-1]:
            return None
        self.trainer.rewind(epoch=epoch)
        self.changed()
        return f"Training resumes from epoch {epoch:,}; the epochs after it were dropped."

    # ---- editing by hand ---------------------------------------------------------------------
    def set_param(self, layer, i, j, value):
        """Set weight `model.weights[layer][i, j]` (or, with `i` None, bias `model.biases[layer][0, j]`)
        to `value`; every read-out follows. Pauses training."""
        value = float(value)
        if not np.isfinite(value):
            raise ValueError("the value must be a finite number")
        self.playing = False
        if i is None:
            self.model.biases[layer][0, j] = value
        else:
            self.model.weights[layer][i, j] = value
        self._params_set()

    def load_params(self, values):
        """Weights and biases from a model file (shapes already checked against the model): training goes on
        from them. Pauses training."""
        self.playing = False
        self.model.set_params(values)
        self._params_set()

    def _params_set(self):
        with np.errstate(all="ignore"):
            self.trainer.params_changed()
        self.changed()

    # ---- views -------------------------------------------------------------------------------
    def grid(self, epoch=None):
        """Every layer's outputs over the plane for the parameters on show (one forward pass, cached)."""
        if self._grid is None or self._grid_epoch != epoch:
            with np.errstate(all="ignore"), self.showing(epoch) as model:
                n = limits.GRID_N if sum(self.config.hidden) <= limits.LARGE_UNITS else limits.GRID_N_LARGE
                self._grid = evaluate_grid(model, self.config.features, n=n)
            self._grid_epoch = epoch
        return self._grid


