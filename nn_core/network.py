"""A multilayer perceptron of any depth and width, in float64.

Layout (the tutorial's): `weights[i]` is an (n_in, n_out) matrix and `biases[i]` a (1, n_out) row, so a
layer computes z = a·W + b. Parameters live in one list `params = [W0, b0, W1, b1, ...]` and are only ever
updated in place, so `weights`/`biases` and an optimizer's view of them always agree. The arrays are views
into one flat buffer (see `flat`), so that plain SGD updates all of them with one NumPy operation.
"""
import copy

import numpy as np

from .activations import ACTIVATIONS, check_activation
from .flat import FlatLayout, flat_views
from .losses import HEADS, check_head, encode_targets, predict_labels
from .registry import check_name


def _he(rng, n_in, n_out):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out)), np.zeros((1, n_out))


def _xavier(rng, n_in, n_out):
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, (n_in, n_out)), np.zeros((1, n_out))


def _tf(rng, n_in, n_out):
    return rng.uniform(-0.5, 0.5, (n_in, n_out)), np.full((1, n_out), 0.1)


def _zeros(rng, n_in, n_out):
    return np.zeros((n_in, n_out)), np.zeros((1, n_out))


INITIALIZERS = {"xavier": _xavier, "he": _he, "tf": _tf, "zeros": _zeros}


def _product(a):
    """`np.dot`, which is faster than `@` on small arrays and gives its result bit for bit when `a` is a
    C-contiguous float64 array (the other operands here are the parameters, C-contiguous views, and arrays made
    by the layers); `np.matmul` otherwise (the two route some strided operands to different BLAS calls)."""
    return np.dot if type(a) is np.ndarray and a.dtype == np.float64 and a.flags.c_contiguous else np.matmul


class Network:
    """A multilayer perceptron: hidden layers with one activation, and an output head.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first and output last, e.g. ``[2, 4, 2, 1]``; each at least 1.
    activation : str
        Hidden activation, a name from `activations.ACTIVATIONS`.
    output : str
        Output head (output activation and its loss), a name from `losses.HEADS`. Softmax needs at
        least 2 outputs.
    init : str
        Weight initializer, a name from `INITIALIZERS`.
    seed : int, numpy.random.Generator or None
        Seed of the initial weights and of the dropout masks.
    dropout : float
        Inverted-dropout rate of the hidden layers while training, in [0, 1).

    Attributes
    ----------
    params : list of ndarray
        ``[W0, b0, W1, b1, ...]``: ``W`` is (n_in, n_out), ``b`` is (1, n_out). Updated in place only. Views,
        in order, into one flat buffer (`flat.flat_buffer(params)`).
    z_values, activations : list of ndarray
        Pre-activations and outputs of every layer for the last `forward` (``activations[0]`` is X).
    """

    def __init__(self, sizes, activation="tanh", output="sigmoid", init="xavier", seed=None,
                 dropout=0.0):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"layer sizes need an input and an output layer of at least 1 unit: {sizes}")
        check_name(INITIALIZERS, init, "initializer")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout rate must be in [0, 1), not {dropout}")
        if output == "softmax" and sizes[-1] < 2:
            raise ValueError("a softmax output needs at least 2 units")
        self.sizes = sizes
        self.activation = check_activation(activation)
        self.output = check_head(output)
        self.init = init
        self.dropout = float(dropout)
        self.rng = np.random.default_rng(seed)
        params = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            params += INITIALIZERS[init](self.rng, n_in, n_out)
        self.params = flat_views(params)
        self._layout = FlatLayout()
        self.z_values, self.activations, self._hidden, self._masks = [], [], [], []

    def __deepcopy__(self, memo):
        """A copy whose parameters are views of one new buffer too (a plain deep copy would copy the views as
        separate arrays); anything else in the same copy that held a parameter array holds the copy's view."""
        new = object.__new__(type(self))
        memo[id(self)] = new
        if self._layout.of(self.params) is not None:
            for p, view in zip(self.params, flat_views(self.params)):
                memo[id(p)] = view
        for name, value in self.__dict__.items():
            setattr(new, name, copy.deepcopy(value, memo))
        return new

    @property
    def weights(self):
        return self.params[0::2]

    @property
    def biases(self):
        return self.params[1::2]

    @property
    def n_layers(self):
        return len(self.sizes) - 1

    def forward(self, X, train=False):
        """Output for rows X. Keeps z and a of every layer for `backward` (and for inspection).
        With `train=True`, inverted dropout is applied to hidden layers."""
        f = ACTIVATIONS[self.activation].fn
        params, last = self.params, self.n_layers - 1
        drop = self.dropout if train else 0.0
        a = X
        zs, acts, hidden, masks = [], [X], [], []
        dot = _product(X)
        for i in range(last + 1):
            z = dot(a, params[2 * i])
            z += params[2 * i + 1]
            dot = np.dot                # the layers' outputs are new C-contiguous arrays
            zs.append(z)
            if i < last:
                a = f(z)
                hidden.append(a)
                if drop:
                    mask = (self.rng.random(a.shape) >= drop) / (1.0 - drop)
                    masks.append(mask)
                    a = a * mask
            else:
                a = HEADS[self.output].output(z)
            acts.append(a)
        self.z_values, self.activations, self._hidden, self._masks = zs, acts, hidden, masks
        return a

    def backward(self, Y, l1=0.0, l2=0.0, out=None):
        """Gradients [dW0, db0, dW1, db1, ...] of `cost` for the last forward pass, targets Y (m, k).
        With `out` (C-contiguous float64 arrays shaped as `params`, e.g. views of one buffer) they are written
        there, bit for bit the same, and `out` is returned."""
        params, zs, acts, hidden, masks = self.params, self.z_values, self.activations, self._hidden, self._masks
        d_act = ACTIVATIONS[self.activation].derivative
        m = Y.shape[0]
        delta = HEADS[self.output].delta(zs[-1], acts[-1], Y)
        grads = [None] * len(params) if out is None else out
        reduce = np.add.reduce     # delta.sum without its wrapper
        for i in range(self.n_layers - 1, -1, -1):
            W = params[2 * i]
            dot = np.dot if i else _product(acts[0])
            if out is None:
                dW = grads[2 * i] = dot(acts[i].T, delta)
                grads[2 * i + 1] = reduce(delta, axis=0, keepdims=True)
            else:
                dW = dot(acts[i].T, delta, out=out[2 * i])
                reduce(delta, axis=0, keepdims=True, out=out[2 * i + 1])
            if l2:
                dW += (l2 / m) * W
            if l1:
                dW += (l1 / m) * np.sign(W)
            if i:
                delta = np.dot(delta, W.T)
                if masks:
                    delta *= masks[i - 1]
                d_act(zs[i - 1], hidden[i - 1], delta)
        return grads

    def penalty(self, m, l1=0.0, l2=0.0):
        """Regularization cost on weights (never biases): λ2/(2m)·ΣW² + λ1/m·Σ|W|."""
        total = 0.0
        for W in self.params[0::2]:
            if l2:
                total += l2 / (2 * m) * float(np.sum(W * W))
            if l1:
                total += l1 / m * float(np.sum(np.abs(W)))
        return total

    def data_loss(self, X, Y):
        """Mean loss on rows X with encoded targets Y, without regularization (no dropout)."""
        self.forward(X)
        return float(HEADS[self.output].loss(self.z_values[-1], Y))

    def cost(self, X, Y, l1=0.0, l2=0.0):
        """The objective that `backward` differentiates: data loss + regularization penalty."""
        return self.data_loss(X, Y) + self.penalty(X.shape[0], l1, l2)

    def targets(self, y):
        return encode_targets(self.output, y, self.sizes[-1])

    def predict(self, X):
        return self.forward(np.asarray(X, dtype=float))

    def predict_labels(self, X, threshold=0.5):
        return predict_labels(self.output, self.predict(X), threshold)

    def layer_outputs(self, X):
        """[X, a1, ..., output]: every neuron's value for every row of X, in one pass."""
        self.forward(np.asarray(X, dtype=float))
        return list(self.activations)

    def get_params(self):
        return [p.copy() for p in self.params]

    def set_params(self, values):
        if len(values) != len(self.params):
            raise ValueError(f"expected {len(self.params)} arrays, got {len(values)}")
        for p, v in zip(self.params, values):
            if np.shape(v) != p.shape:
                raise ValueError(f"parameter shape {np.shape(v)} does not match {p.shape}")
        for p, v in zip(self.params, values):
            p[...] = v

    def config(self):
        return {"sizes": self.sizes, "activation": self.activation, "output": self.output,
                "init": self.init, "dropout": self.dropout}

    def all_finite(self):
        flat = self._layout.of(self.params)
        if flat is not None:
            return bool(np.isfinite(flat).all())
        return all(np.isfinite(p).all() for p in self.params)


CACHES = ("z_values", "activations", "_hidden", "_masks")   # a Network's record of its last forward pass


def copy_model(model):
    """`copy.deepcopy(model)` without its record of the last forward pass (after a grid evaluation that can
    be tens of MB); every copy starts with empty caches."""
    memo = {id(getattr(model, name)): [] for name in CACHES if isinstance(getattr(model, name, None), list)}
    return copy.deepcopy(model, memo)
