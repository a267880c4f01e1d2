"""Snapshots of a training run to rewind to: parameters, optimizer state, RNG states and the history row,
every few epochs, bounded in count and in memory.

A `Timeline` keeps snapshots for epochs that are multiples of `stride` (it starts at `every`). When more
than `capacity` snapshots are kept, or their arrays take more than `max_bytes`, the stride doubles and the
snapshots off the new stride are dropped (as `history.History` does with rows). Epoch 0 is always kept.
The trainer adds the live end of training as the last entry (`Trainer.snapshots`), so the latest epoch is
always there too.

Memory: the kept snapshots hold at most `capacity` snapshots (default 200) and at most `max_bytes` of
arrays (default 16 MiB), plus their Python objects; right after a thinning about half as many. A snapshot's
arrays are the parameters plus the optimizer's state. Sizes for the playground's networks are in
bench/README.md.

The snapshot arrays are shared with the trainer's divergence checkpoint (no extra copy per epoch): treat
them as read-only (`Network.set_params` and `optimizer.set_state` copy them, so restoring never writes to
them). They are not flagged read-only because setting the flags cost more than the rest of a snapshot.
"""
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np


def _nbytes(obj):
    if isinstance(obj, np.ndarray):
        return obj.nbytes
    if isinstance(obj, (list, tuple)):
        return sum(_nbytes(o) for o in obj)
    return 0


@dataclass(eq=False, slots=True)
class Snapshot:
    """The state of training at the end of `epoch`.

    `params` and `optimizer_state` are copies (to be treated as read-only) as `Network.get_params()` and
    `optimizer.state()` return them; `optimizer` is the optimizer's class name; `row` the history row
    (epoch, train/test loss and metric; shared with `Trainer.latest`, not to be changed); `steps` the
    optimizer steps taken; `rng_state` the (shuffling, dropout) RNG states, or ``None`` for the live entry,
    which keeps the RNGs as they are."""
    epoch: int
    params: list
    optimizer_state: object
    optimizer: str
    row: dict
    steps: int
    rng_state: tuple = None
    _size: int = None

    @property
    def nbytes(self):
        """Bytes of array data (parameters and optimizer state)."""
        if self._size is None:
            self._size = _nbytes(self.params) + _nbytes(self.optimizer_state)
        return self._size


class Timeline:
    """Snapshots thinned by stride doubling; see the module docstring."""

    def __init__(self, capacity=200, every=1, max_bytes=16 * 2**20):
        self.capacity = max(2, int(capacity))
        self.every = max(1, int(every))
        self.max_bytes = int(max_bytes)
        self.stride = self.every
        self.kept = []
        self.nbytes = 0

    def wants(self, epoch):
        """Whether a snapshot at `epoch` would be kept (the cheap check before making one)."""
        return epoch % self.stride == 0

    def add(self, snap):
        """Keep `snap` if its epoch is on the stride (dropping any kept at or after its epoch), then thin."""
        if snap.epoch % self.stride:
            return False
        while self.kept and self.kept[-1].epoch >= snap.epoch:
            self.nbytes -= self.kept.pop().nbytes
        self.kept.append(snap)
        self.nbytes += snap.nbytes
        while len(self.kept) > 1 and (len(self.kept) > self.capacity or self.nbytes > self.max_bytes):
            self.stride *= 2
            self.kept = [s for s in self.kept if s.epoch % self.stride == 0]
            self.nbytes = sum(s.nbytes for s in self.kept)
        return self.kept[-1] is snap

    def truncate(self, epoch):
        """Drop the snapshots after `epoch` (a rewind starts a new branch there)."""
        self.kept = [s for s in self.kept if s.epoch <= epoch]
        self.nbytes = sum(s.nbytes for s in self.kept)

    def epochs(self):
        return np.array([s.epoch for s in self.kept], dtype=np.int64)

    def __len__(self):
        return len(self.kept)

    def __getitem__(self, i):
        return self.kept[i]

    def __iter__(self):
        return iter(self.kept)


@contextmanager
def preview(model, snapshot):
    """Temporarily load a snapshot's parameters into `model` (e.g. to draw its decision boundary while a
    slider scrubs the timeline); the model's own parameters are put back on exit. Training state is not
    touched: to continue from the snapshot, use `Trainer.rewind`."""
    saved = model.get_params()
    model.set_params(snapshot.params)
    try:
        yield model
    finally:
        model.set_params(saved)
