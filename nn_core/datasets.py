"""The dataset registry, `make_dataset`, the train/test split and the input feature maps.

The generators themselves are in `generators.py`; see its docstring for the noise scale and labels.
"""

import numbers

import numpy as np

from .generators import (
    MAX_CLASSES,
    PLANE,
    blobs,
    classify_circle,
    classify_gauss,
    classify_spiral,
    classify_xor,
    multi_spiral,
    regress_multi_gauss,
    regress_plane,
    sk_circles,
    sk_classification,
    sk_moons,
)
from .registry import check_name

__all__ = ["DATASETS", "FEATURES", "KINDS", "MAX_CLASSES", "PLANE", "dataset_names", "make_dataset",
           "make_features", "train_test_split"]

# --------------------------------------------------------------------------
# Registry and entry point
# --------------------------------------------------------------------------

KINDS = ("binary", "multiclass", "regression")

DATASETS = {
    name: {"fn": fn, "kind": kind}
    for name, fn, kind in [
        ("circle", classify_circle, "binary"),
        ("xor", classify_xor, "binary"),
        ("gauss", classify_gauss, "binary"),
        ("spiral", classify_spiral, "binary"),
        ("moons", sk_moons, "binary"),
        ("circles", sk_circles, "binary"),
        ("classification", sk_classification, "binary"),
        ("multi_spiral", multi_spiral, "multiclass"),
        ("blobs", blobs, "multiclass"),
        ("plane", regress_plane, "regression"),
        ("multi_gauss", regress_multi_gauss, "regression"),
    ]
}
"""name -> {"fn": generator, "kind": one of KINDS}."""


def dataset_names(kind):
    """Names of the datasets of one kind ("binary", "multiclass", "regression")."""
    check_name(KINDS, kind, "dataset kind")
    return [name for name, rec in DATASETS.items() if rec["kind"] == kind]


def make_dataset(name, n=500, noise=0.0, seed=0, n_classes=None):
    """Generate a dataset of the input plane.

    Parameters
    ----------
    name : str
        A name from `DATASETS`.
    n : int
        Number of points, > 0.
    noise : float
        In [0, 1]; the playground's 0-50 % slider passes ``noise / 100``.
    seed : int, numpy.random.Generator or None
        The only source of randomness (the global ``np.random`` state is never used).
    n_classes : int or None
        Multiclass datasets: 2..MAX_CLASSES (default 3). Binary datasets accept only ``None`` or 2,
        regression only ``None``.

    Returns
    -------
    X : ndarray, float64, shape (n, 2)
    y : ndarray, shape (n,)
        int64 labels ``0..k-1`` for classification, float64 targets in [-1, 1] for regression.
    """
    check_name(DATASETS, name, "dataset")
    rec = DATASETS[name]
    if rec["kind"] == "multiclass":
        X, y = rec["fn"](n, noise, seed, n_classes=3 if n_classes is None else n_classes)
    else:
        allowed = (None, 2) if rec["kind"] == "binary" else (None,)
        if n_classes not in allowed or isinstance(n_classes, bool):
            raise ValueError(
                f"n_classes must be one of {allowed} for {rec['kind']} dataset {name!r}, got {n_classes!r}"
            )
        X, y = rec["fn"](n, noise, seed)
    return np.asarray(X, dtype=np.float64), y


# --------------------------------------------------------------------------
# Train/test split
# --------------------------------------------------------------------------


def train_test_split(X, y, ratio=0.5, seed=0):
    """Shuffle and split into a training and a test part.

    Parameters
    ----------
    X, y : array_like
        Points and labels (or targets) of the same length, at least 2.
    ratio : float
        The training fraction, strictly between 0 and 1. The training part gets ``round(ratio * n)``
        points, kept between 1 and ``n - 1`` so both parts are non-empty.
    seed : int, numpy.random.Generator or None
        Seed of the shuffle.

    Returns
    -------
    X_train, y_train, X_test, y_test : ndarray
        Note the order differs from scikit-learn's.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y have different lengths: {len(X)} and {len(y)}")
    if isinstance(ratio, bool) or not isinstance(ratio, numbers.Real) or not 0 < ratio < 1:
        raise ValueError(f"ratio must be strictly between 0 and 1, got {ratio!r}")
    n = len(X)
    if n < 2:
        raise ValueError(f"need at least 2 points to split into train and test, got {n}")
    n_train = min(max(round(ratio * n), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


# --------------------------------------------------------------------------
# Input feature maps
# --------------------------------------------------------------------------

FEATURES = {
    "x1": {"label": "x₁", "fn": lambda X: X[:, 0]},
    "x2": {"label": "x₂", "fn": lambda X: X[:, 1]},
    "x1^2": {"label": "x₁²", "fn": lambda X: X[:, 0] ** 2},
    "x2^2": {"label": "x₂²", "fn": lambda X: X[:, 1] ** 2},
    "x1*x2": {"label": "x₁x₂", "fn": lambda X: X[:, 0] * X[:, 1]},
    "sin_x1": {"label": "sin(x₁)", "fn": lambda X: np.sin(X[:, 0])},
    "sin_x2": {"label": "sin(x₂)", "fn": lambda X: np.sin(X[:, 1])},
}


def make_features(X, names):
    """The input features the network sees, computed from the raw points.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        Points of the plane.
    names : str or sequence of str
        Names from `FEATURES`, at least one.

    Returns
    -------
    ndarray, float64, shape (n, len(names))
        Column j is ``FEATURES[names[j]]["fn"](X)``.
    """
    if isinstance(names, str):
        names = [names]
    names = list(names)
    if not names:
        raise ValueError(f"feature list is empty; choose from: {', '.join(FEATURES)}")
    for name in names:
        check_name(FEATURES, name, "feature")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    return np.column_stack([FEATURES[name]["fn"](X) for name in names])
