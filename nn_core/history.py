"""Per-epoch records of training, thinned by stride doubling so they stay bounded on any run length."""
import numpy as np


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
    """Rows `(epoch, norms)`: `norms` is the tuple of gradient L2 norms of `[W0, b0, W1, b1, ...]`. Thinned
    like `History`; the trainer adds rows only on the epochs the thinning keeps.

    The gradient is the one of the epoch's **last mini-batch**, i.e. the gradient the epoch's last optimizer
    step used (with that batch's dropout masks and the L1/L2 terms), taken **before** gradient clipping. It
    is a one-batch sample, so it is noisy (more so for small batches; the last batch of an epoch is smaller
    when the batch size does not divide the training set); with the full batch it is the full training-set
    gradient at the weights before the epoch's (only) step."""

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
