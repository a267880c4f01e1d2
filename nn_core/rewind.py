"""The trainer's way back: the divergence checkpoint and rollback, the timeline of snapshots, rewinding to
one, and hand edits of the parameters.

`Rewindable` is a part of `training.Trainer` (its base class), kept here to hold one concern per module; it
uses the trainer's model, optimizer, RNGs, history and divergence checkpoint.
"""
from dataclasses import dataclass

import numpy as np

from .history import History
from .timeline import Snapshot


@dataclass(frozen=True)
class Divergence:
    """What happened when training diverged: in `epoch`, `quantity` ("loss" or "weights") became infinite or
    NaN at learning rate `lr` (None for an optimizer without one); the model was rolled back to the end of
    epoch `rolled_back_to`, where the training loss was `last_loss`."""
    epoch: int
    quantity: str
    lr: float | None
    rolled_back_to: int
    last_loss: float


class Rewindable:
    """The `Trainer` methods that go back: `rewind`, `snapshots`, `params_changed`, `step_on` and the rollbacks."""

    def _snapshot(self):
        return self.model.get_params(), self.optimizer.state(), self.steps

    def _restore(self, snap):
        self.model.set_params(snap[0])
        self.optimizer.set_state(snap[1])

    def _diverged(self, quantity, epoch=None):
        """Roll back to the checkpoint after epoch `epoch` (default: the epoch just ended) went non-finite."""
        bad_epoch = self.epoch if epoch is None else epoch
        self._restore(self._checkpoint)
        self.epoch = self.latest["epoch"]
        self._order = None
        self.divergence = Divergence(epoch=bad_epoch, quantity=quantity, lr=getattr(self.optimizer, "lr", None),
                                     rolled_back_to=self.epoch, last_loss=self.latest["train_loss"])

    def _stop_in_epoch(self, pos):
        """`run` stopped at row `pos` of the epoch: the next run goes on from there; non-finite weights roll back
        to the start of the epoch, as at an epoch's end."""
        self._pos = pos
        if not self.model.all_finite():
            self._diverged("weights", epoch=self.epoch + 1)

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
        optimizer was switched since, the current one starts with a fresh state.

        Parameters
        ----------
        index : int, optional
            Position in `snapshots` (negative counts from the end).
        epoch : int, optional
            The epoch of a kept snapshot (give this or `index`).

        Returns
        -------
        timeline.Snapshot
            The snapshot training now continues from.
        """
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
