"""A trained network as a standalone Python script that needs only NumPy: the weights embedded, the input
features, the forward pass, and a command line that prints predictions.

`script(model, features)` returns the source text. Every feature, activation and output head of the core has its
expression here, written as the core computes it (tests/core/test_export.py checks that each one gives the core's
numbers); a new one must be added here too.
"""
import numpy as np

from .datasets import FEATURES

FEATURE_CODE = {"x1": "x1", "x2": "x2", "x1^2": "x1 ** 2", "x2^2": "x2 ** 2", "x1*x2": "x1 * x2",
                "sin_x1": "np.sin(x1)", "sin_x2": "np.sin(x2)"}

SIGMOID = "np.where(z >= 0, 1.0, np.exp(-np.abs(z))) / (1.0 + np.exp(-np.abs(z)))"
ACTIVATION_CODE = {
    "sigmoid": SIGMOID,
    "tanh": "np.tanh(z)",
    "relu": "np.maximum(z, 0.0)",
    "leaky_relu": "np.where(z > 0, z, 0.01 * z)",
    "elu": "np.where(z > 0, z, 1.0 * np.expm1(np.minimum(z, 0.0)))",
    "swish": f"z * ({SIGMOID})",
    "softplus": "np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))",
    "sine": "np.sin(z)",
    "linear": "z",
}
HEAD_CODE = {
    "sigmoid": SIGMOID,
    "softmax": "np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, "
               "keepdims=True)",
    "linear": "z",
    "tanh": "np.tanh(z)",
}
OUTPUT_NAME = {"sigmoid": "probability of class 1", "softmax": "probability of each class",
               "linear": "predicted value", "tanh": "output in (-1, 1): above 0 means class 1"}


def _array(a):
    """An array literal that reads back to exactly the same float64 values (repr is exact)."""
    rows = ",\n        ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in np.atleast_2d(a))
    return f"np.array([\n        {rows}])"


def script(model, features):
    """The source of a NumPy-only Python script that reproduces `model`'s predictions.

    Parameters
    ----------
    model : Network
    features : sequence of str
        The input features the model was trained on, names from `datasets.FEATURES`, in order.

    Returns
    -------
    str
        Python source. Run as ``python model.py x1 x2 [x1 x2 ...]`` it prints one prediction row per point;
        imported, its ``predict(points)`` takes an (n, 2) array of raw points.
    """
    features = list(features)
    for name in features:
        if name not in FEATURE_CODE or name not in FEATURES:
            raise ValueError(f"no export for input feature {name!r}")
    if len(features) != model.sizes[0]:
        raise ValueError(f"the model takes {model.sizes[0]} inputs, not the {len(features)} features given")
    arrow = " → ".join(map(str, model.sizes))
    weights = ",\n    ".join(_array(W) for W in model.weights)
    biases = ",\n    ".join(_array(b) for b in model.biases)
    return f'''"""A neural network exported from the neural-network playground: {arrow} ({model.activation} hidden
units, {model.output} output: the {OUTPUT_NAME[model.output]}). Needs only NumPy.

Run: python this_file.py x1 x2 [x1 x2 ...]   prints one prediction row per point
"""
import sys

import numpy as np

# weights[i] is (inputs, outputs) and biases[i] is (1, outputs): layer i computes z = a @ weights[i] + biases[i]
weights = [
    {weights},
]
biases = [
    {biases},
]


def features(points):
    """What the network sees of each point (x1, x2): {", ".join(features)}."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([{", ".join(FEATURE_CODE[f] for f in features)}])


def hidden(z):
    return {ACTIVATION_CODE[model.activation]}


def output(z):
    return {HEAD_CODE[model.output]}


def predict(points):
    a = features(np.atleast_2d(np.asarray(points, dtype=float)))
    for W, b in zip(weights[:-1], biases[:-1]):
        a = hidden(a @ W + b)
    return output(a @ weights[-1] + biases[-1])


if __name__ == "__main__":
    points = np.array(sys.argv[1:], dtype=float).reshape(-1, 2)
    np.savetxt(sys.stdout, predict(points), fmt="%.17g")
'''
