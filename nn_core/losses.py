"""Output heads: an output activation paired with its loss, one `Head` record each, in `HEADS`.

Every loss is a mean over the m rows of a batch and is computed from the logits z (the output layer's
pre-activation), never from clipped probabilities, so it stays finite for confident wrong answers.
`HEADS[head].delta(z, a, Y)` is d(loss)/dz for the batch, the 1/m included.

| head    | output a        | loss (per row, then mean over rows)            | targets Y          |
|---------|-----------------|------------------------------------------------|--------------------|
| sigmoid | 1/(1+e^-z)      | binary cross-entropy, summed over outputs      | 0/1, shape (m, k)  |
| softmax | softmax(z)      | categorical cross-entropy                      | one-hot (m, k)     |
| linear  | z               | ½·squared error, summed over outputs           | real (m, k)        |
| tanh    | tanh z          | ½·squared error (TF Playground's square loss)  | ±1 or real (m, k)  |
"""
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .registry import check_name


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


def identity(z):
    return z.copy()


def bce_from_logits(z, Y):
    return (np.maximum(z, 0.0) - z * Y + np.log1p(np.exp(-np.abs(z)))).sum() / z.shape[0]


def cce_from_logits(z, Y):
    zmax = z.max(axis=1, keepdims=True)
    lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=1))
    return (lse - (z * Y).sum(axis=1)).sum() / z.shape[0]


def half_squared(z, Y):
    return 0.5 * ((z - Y) ** 2).sum() / z.shape[0]


def tanh_half_squared(z, Y):
    return 0.5 * ((np.tanh(z) - Y) ** 2).sum() / z.shape[0]


def _delta_matched(z, a, Y):
    # sigmoid+BCE, softmax+CCE and linear+squared error share dL/dz = (a - Y)/m
    return (a - Y) / z.shape[0]


def _delta_tanh(z, a, Y):
    return (a - Y) * (1.0 - a * a) / z.shape[0]


@dataclass(frozen=True)
class Head:
    """One output head: `output(z)` the output activation, `loss(z, Y)` the mean loss from the logits z,
    `delta(z, a, Y)` its gradient d(loss)/dz (the 1/m included)."""
    name: str
    output: Callable
    loss: Callable
    delta: Callable


HEADS = {h.name: h for h in (
    Head("sigmoid", sigmoid, bce_from_logits, _delta_matched),
    Head("softmax", softmax, cce_from_logits, _delta_matched),
    Head("linear", identity, half_squared, _delta_matched),
    Head("tanh", np.tanh, tanh_half_squared, _delta_tanh),
)}


def check_head(name):
    return check_name(HEADS, name, "output head")


def encode_targets(head, y, n_out):
    """Targets as a float (m, n_out) array for `head`.

    Integer class labels are one-hot encoded for softmax, and mapped {0, 1} -> {-1, +1} for tanh.
    Float targets and already 2-D targets are only reshaped.
    """
    y = np.asarray(y)
    integer = y.dtype.kind in "iub"
    if head == "softmax" and y.ndim == 1:
        labels = y.astype(np.int64)
        if not integer or labels.min() < 0 or labels.max() >= n_out:
            raise ValueError(f"softmax targets must be class labels 0..{n_out - 1} or one-hot rows")
        Y = np.zeros((y.shape[0], n_out))
        Y[np.arange(y.shape[0]), labels] = 1.0
        return Y
    Y = np.asarray(y, dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.shape[1] != n_out:
        raise ValueError(f"targets have {Y.shape[1]} columns but the network has {n_out} outputs")
    if head == "tanh" and integer:
        Y = 2.0 * Y - 1.0
    return Y


def predict_labels(head, a, threshold=0.5):
    """Class labels from the output activations `a` (threshold is on the probability scale)."""
    if head == "softmax" or a.shape[1] > 1:
        return a.argmax(axis=1)
    if head == "tanh":
        return (a[:, 0] > 2.0 * threshold - 1.0).astype(np.int64)
    return (a[:, 0] > threshold).astype(np.int64)


def r2_score(y, pred):
    ss_res = float(np.sum((y - pred) ** 2))
    ss_tot = float(np.sum((y - y.mean(axis=0)) ** 2))
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)
