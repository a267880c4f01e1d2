"""Hidden-layer activations, each with its derivative, in registries by name.

`ACTIVATIONS[name](z)` returns f(z) as a new array. `DERIVATIVES[name](z, a, delta)` multiplies
`delta` in place by f'(z), where `a = f(z)` is the forward output (several derivatives are cheapest
written from the output, as scikit-learn does). All functions are float64-safe for any finite z.
"""
import numpy as np

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0


def sigmoid(z):
    """Logistic 1/(1+e^-z) without overflow: e^-|z| never exceeds 1."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


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


ACTIVATIONS = {
    "sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu, "elu": elu,
    "swish": swish, "softplus": softplus, "sine": sine, "linear": linear,
}
DERIVATIVES = {
    "sigmoid": d_sigmoid, "tanh": d_tanh, "relu": d_relu, "leaky_relu": d_leaky_relu, "elu": d_elu,
    "swish": d_swish, "softplus": d_softplus, "sine": d_sine, "linear": d_linear,
}
DESCRIPTIONS = {
    "sigmoid": "1/(1+e^-z): smooth, outputs in (0, 1); saturates, so deep nets learn slowly.",
    "tanh": "tanh z: like sigmoid but centred on 0, outputs in (-1, 1). TF Playground's default.",
    "relu": "max(0, z): fast and simple; a unit stuck below 0 stops learning ('dead').",
    "leaky_relu": f"z if z > 0 else {LEAKY_SLOPE}·z: ReLU that never fully dies.",
    "elu": "z if z > 0 else e^z - 1: smooth ReLU with negative outputs.",
    "swish": "z·sigmoid(z) (SiLU): smooth, non-monotonic; common in modern nets.",
    "softplus": "log(1+e^z): a smooth ReLU.",
    "sine": "sin z: periodic; good for periodic patterns.",
    "linear": "z: no non-linearity; a stack of linear layers is still linear.",
}


def check_activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return name
