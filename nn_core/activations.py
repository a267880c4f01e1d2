"""Hidden-layer activations: one `Activation` record each (function, derivative, range), in `ACTIVATIONS`.

`ACTIVATIONS[name](z)` returns f(z) as a new array. `ACTIVATIONS[name].derivative(z, a, delta)` multiplies
`delta` in place by f'(z), where `a = f(z)` is the forward output (several derivatives are cheapest
written from the output, as scikit-learn does). All functions are float64-safe for any finite z.
"""
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .registry import check_name

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0
SWISH_MIN = -0.2784645427610738   # z·sigmoid(z) at its minimum, z ≈ -1.2785


def sigmoid(z):
    """Logistic 1/(1+e^-z) without overflow: e^-|z| never exceeds 1. The numerator is 1 for z >= 0 and e^z = e^-|z|
    below, i.e. e^min(z, 0), exactly."""
    e = np.exp(-np.abs(z))
    num = np.exp(np.minimum(z, 0.0))
    e += 1.0
    num /= e
    return num


def tanh(z):
    return np.tanh(z)


def relu(z):
    return np.maximum(z, 0.0)


def leaky_relu(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def elu(z):
    return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def swish(z):
    """swish / SiLU: z·sigmoid(z)."""
    return z * sigmoid(z)


def softplus(z):
    """log(1 + e^z), stable for large |z|."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def sine(z):
    return np.sin(z)


def linear(z):
    return np.array(z, dtype=float, copy=True)


def d_sigmoid(z, a, delta):
    delta *= a * (1.0 - a)


def d_tanh(z, a, delta):
    delta *= 1.0 - a * a


def d_relu(z, a, delta):
    delta[z <= 0] = 0.0


def d_leaky_relu(z, a, delta):
    delta[z <= 0] *= LEAKY_SLOPE


def d_elu(z, a, delta):
    neg = z <= 0
    delta[neg] *= a[neg] + ELU_ALPHA


def d_swish(z, a, delta):
    s = sigmoid(z)
    delta *= s + a * (1.0 - s)


def d_softplus(z, a, delta):
    delta *= sigmoid(z)


def d_sine(z, a, delta):
    delta *= np.cos(z)


def d_linear(z, a, delta):
    pass


@dataclass(frozen=True)
class Activation:
    """One hidden activation: `fn(z)` returns f(z) as a new array; `derivative(z, a, delta)` multiplies
    `delta` in place by f'(z), where `a = fn(z)`; `range` is (lowest, highest) value of f (inclusive or not).
    Calling the record calls `fn`."""
    name: str
    fn: Callable
    derivative: Callable
    range: tuple

    def __call__(self, z):
        return self.fn(z)


ACTIVATIONS = {a.name: a for a in (
    Activation("sigmoid", sigmoid, d_sigmoid, (0.0, 1.0)),
    Activation("tanh", tanh, d_tanh, (-1.0, 1.0)),
    Activation("relu", relu, d_relu, (0.0, math.inf)),
    Activation("leaky_relu", leaky_relu, d_leaky_relu, (-math.inf, math.inf)),
    Activation("elu", elu, d_elu, (-ELU_ALPHA, math.inf)),
    Activation("swish", swish, d_swish, (SWISH_MIN, math.inf)),
    Activation("softplus", softplus, d_softplus, (0.0, math.inf)),
    Activation("sine", sine, d_sine, (-1.0, 1.0)),
    Activation("linear", linear, d_linear, (-math.inf, math.inf)),
)}


def check_activation(name):
    return check_name(ACTIVATIONS, name, "activation")
