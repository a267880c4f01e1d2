"""Optimizers following torch.optim's update rules and defaults, so equal gradients give equal steps.

Each optimizer updates a list of parameter arrays in place: `opt.step(params, grads)`. `opt.lr` may be
changed between steps without losing state. `state()`/`set_state()` copy the moment buffers so a trainer
can roll back a step that blew up.
"""
import math

import numpy as np

from .flat import FlatLayout
from .registry import check_name


class SGD:
    """torch.optim.SGD: buf = μ·buf + (1-dampening)·g (buf = g on the first step);
    g ← g + μ·buf (Nesterov) or g ← buf; p ← p - lr·g.

    Without momentum, parameters that are views of one buffer (as a `Network`'s are, see `flat`) are updated
    with one operation on the buffer: the same p - lr·g for every entry. The gradients must then have the
    parameters' shapes (they are concatenated as they are, unless they are views of one buffer too)."""

    def __init__(self, lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False):
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum > 0 and zero dampening")
        self.lr, self.momentum, self.dampening, self.nesterov = lr, momentum, dampening, nesterov
        self.buffers = None
        self._layout, self._grad_layout = FlatLayout(), FlatLayout()

    def step(self, params, grads):
        lr, mu = self.lr, self.momentum
        if mu == 0:
            flat = self._layout.of(params)
            if flat is not None and len(grads) == len(params):
                g = self._grad_layout.of(grads)         # gradients written into one buffer (Trainer's)
                if g is None:
                    g = np.concatenate(grads, axis=None)    # in the order of the buffer
                if g.size == flat.size:
                    flat -= lr * g
                    return
            for p, g in zip(params, grads):
                p -= lr * g
            return
        if self.buffers is None:
            self.buffers = [g.copy() for g in grads]
        else:
            for b, g in zip(self.buffers, grads):
                b *= mu
                b += (1.0 - self.dampening) * g
        for p, g, b in zip(params, grads, self.buffers):
            p -= lr * (g + mu * b) if self.nesterov else lr * b

    def state(self):
        return None if self.buffers is None else [b.copy() for b in self.buffers]

    def set_state(self, state):
        self.buffers = None if state is None else [b.copy() for b in state]


class RMSprop:
    """torch.optim.RMSprop (defaults lr=0.01, alpha=0.99, eps=1e-8):
    v ← α·v + (1-α)·g²; p ← p - lr·g / (√v + eps)."""

    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8):
        self.lr, self.alpha, self.eps = lr, alpha, eps
        self.square_avg = None

    def step(self, params, grads):
        if self.square_avg is None:
            self.square_avg = [np.zeros_like(p) for p in params]
        a = self.alpha
        for p, g, v in zip(params, grads, self.square_avg):
            v *= a
            v += (1.0 - a) * g * g
            p -= self.lr * g / (np.sqrt(v) + self.eps)

    def state(self):
        return None if self.square_avg is None else [v.copy() for v in self.square_avg]

    def set_state(self, state):
        self.square_avg = None if state is None else [v.copy() for v in state]


class Adam:
    """torch.optim.Adam (defaults lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²;
    p ← p - lr/(1-β1^t) · m / (√v/√(1-β2^t) + eps)."""

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.lr, self.betas, self.eps = lr, tuple(betas), eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        b1, b2 = self.betas
        self.t += 1
        step_size = self.lr / (1.0 - b1 ** self.t)
        c2 = math.sqrt(1.0 - b2 ** self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            p -= step_size * m / (np.sqrt(v) / c2 + self.eps)

    def state(self):
        if self.m is None:
            return None
        return self.t, [m.copy() for m in self.m], [v.copy() for v in self.v]

    def set_state(self, state):
        if state is None:
            self.t, self.m, self.v = 0, None, None
        else:
            self.t, self.m, self.v = state[0], [m.copy() for m in state[1]], [v.copy() for v in state[2]]


def clip_by_global_norm(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_: scale all gradients by max_norm/(‖g‖+1e-6) when that is < 1."""
    total = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        for g in grads:
            g *= coef
    return total


OPTIMIZERS = {
    "sgd": lambda lr: SGD(lr),
    "momentum": lambda lr: SGD(lr, momentum=0.9),
    "nesterov": lambda lr: SGD(lr, momentum=0.9, nesterov=True),
    "rmsprop": lambda lr: RMSprop(lr),
    "adam": lambda lr: Adam(lr),
}


def make_optimizer(name, lr):
    """A new optimizer with PyTorch's defaults for everything but the learning rate.

    Parameters
    ----------
    name : str
        A name from `OPTIMIZERS`: "sgd", "momentum" (0.9), "nesterov" (0.9), "rmsprop" or "adam".
    lr : float
        Learning rate, a finite number > 0.

    Returns
    -------
    SGD, RMSprop or Adam
        With no state yet: its first `step` starts the moment buffers.
    """
    check_name(OPTIMIZERS, name, "optimizer")
    lr = float(lr)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"learning rate must be a positive number, not {lr}")
    return OPTIMIZERS[name](lr)
