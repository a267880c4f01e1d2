"""Toy 2-D dataset generators for the playground (the registry is in `datasets.py`).

The six TensorFlow Playground datasets follow ``src/dataset.ts`` of
tensorflow/playground. ``noise`` is the fraction used there: the UI slider
0..50 is passed as ``noise / 100``, so the playground range is 0..0.5
(values up to 1 are accepted; the linear maps are simply extended).

Binary labels are 0/1 where TF Playground uses -1/+1 (TF's +1 becomes 1).
The TF datasets and ``multi_spiral`` return points grouped by class, as
``dataset.ts`` does (TF shuffles afterwards); the scikit-learn ones come out
shuffled. :func:`train_test_split` shuffles.

Every generator takes ``n``, ``noise`` and ``seed`` (an int, ``None`` or a
``numpy.random.Generator``) and draws only from ``numpy.random.default_rng``;
the scikit-learn generators get an int ``random_state`` drawn from that
generator, so the global ``np.random`` state is never used.
"""

import math
import numbers

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_classification, make_moons

PLANE = (-6.0, 6.0)
"""Extent of the square input plane, as in TF Playground."""

MAX_CLASSES = 8


def _setup(n, noise, seed):
    """Validate ``n`` and ``noise`` and return a ``numpy.random.Generator``."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise ValueError(f"noise must be a number in [0, 1], got {noise!r}")
    return np.random.default_rng(seed)


def _halves(n):
    """Sizes of the two classes: TF's positive class first, total exactly ``n``."""
    return n - n // 2, n // 2


def _labels(*counts):
    """int64 labels ``[0]*counts[0] + [1]*counts[1] + ...``."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _pos_neg(n_pos, n_neg):
    """int64 labels ``[1]*n_pos + [0]*n_neg`` (TF's positive class first)."""
    return np.repeat(np.array([1, 0], dtype=np.int64), [n_pos, n_neg])


def _sk_seed(rng):
    """An int ``random_state`` for scikit-learn, drawn from ``rng``."""
    return int(rng.integers(2**31 - 1))


# --------------------------------------------------------------------------
# TensorFlow Playground datasets (src/dataset.ts)
# --------------------------------------------------------------------------


def classify_circle(n, noise=0.0, seed=0):
    """TF ``classifyCircleData``: disc of radius 2.5 (label 1) in a ring 3.5..5 (label 0).

    Each label is decided on the point moved by ``uniform(-5, 5) * noise`` per
    coordinate (the point itself is returned unmoved): inside radius 2.5 -> 1.
    """
    rng = _setup(n, noise, seed)
    radius = 5.0
    n_in, n_out = _halves(n)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    shifted = X + rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(shifted[:, 0], shifted[:, 1]) < radius * 0.5).astype(np.int64)
    return X, y


def classify_xor(n, noise=0.0, seed=0):
    """TF ``classifyXORData``: uniform in [-5, 5]² pushed 0.3 away from both axes.

    Label 1 where ``x * y >= 0`` on the point moved by ``uniform(-5, 5) * noise``.
    """
    rng = _setup(n, noise, seed)
    padding = 0.3
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, padding, -padding)
    shifted = X + rng.uniform(-5, 5, (n, 2)) * noise
    y = (shifted[:, 0] * shifted[:, 1] >= 0).astype(np.int64)
    return X, y


def classify_gauss(n, noise=0.0, seed=0):
    """TF ``classifyTwoGaussData``: Gaussians at (2, 2) (label 1) and (-2, -2) (label 0).

    The *variance* per coordinate is linear in noise: 0 -> 0.5, 0.5 -> 4.
    """
    rng = _setup(n, noise, seed)
    variance = 0.5 + noise * (4 - 0.5) / 0.5
    n_pos, n_neg = _halves(n)
    centers = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [n_pos, n_neg], axis=0)
    X = rng.normal(centers, math.sqrt(variance))
    return X, _pos_neg(n_pos, n_neg)


def classify_spiral(n, noise=0.0, seed=0):
    """TF ``classifySpiralData``: two arms, label 1 (deltaT 0) and label 0 (deltaT π).

    Point i of an arm: ``r = i / (n/2) * 5``, ``t = 1.75 * i / (n/2) * 2π + deltaT``,
    ``(r sin t, r cos t) + uniform(-1, 1) * noise`` per coordinate.
    """
    rng = _setup(n, noise, seed)
    half = n / 2
    arms = []
    for count, delta_t in zip(_halves(n), (0.0, np.pi)):
        i = np.arange(count)
        r = i / half * 5
        t = 1.75 * i / half * 2 * np.pi + delta_t
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    X = np.concatenate(arms) + rng.uniform(-1, 1, (n, 2)) * noise
    return X, _pos_neg(*_halves(n))


def regress_plane(n, noise=0.0, seed=0):
    """TF ``regressPlane``: uniform in [-6, 6]², target ``(x + y) / 10``.

    The target is taken at the point moved by ``uniform(-6, 6) * noise`` and
    clipped to [-1, 1] (TF does not clip: its targets reach ±1.2).
    """
    rng = _setup(n, noise, seed)
    radius = 6.0
    X = rng.uniform(-radius, radius, (n, 2))
    shifted = X + rng.uniform(-radius, radius, (n, 2)) * noise
    y = np.clip(shifted.sum(axis=1) / 10, -1.0, 1.0)
    return X, y


_GAUSSIANS = np.array(
    [
        [-4, 2.5, 1],
        [0, 2.5, -1],
        [4, 2.5, 1],
        [-4, -2.5, -1],
        [0, -2.5, 1],
        [4, -2.5, -1],
    ],
    dtype=float,
)


def regress_multi_gauss(n, noise=0.0, seed=0):
    """TF ``regressGaussian``: six ±1 bumps at (±4 or 0, ±2.5), uniform in [-6, 6]².

    Each bump gives ``sign * max(0, 1 - dist / 2)``; the target is the one
    largest in absolute value (first wins ties), at the point moved by
    ``uniform(-6, 6) * noise``.
    """
    rng = _setup(n, noise, seed)
    radius = 6.0
    X = rng.uniform(-radius, radius, (n, 2))
    shifted = X + rng.uniform(-radius, radius, (n, 2)) * noise
    dist = np.linalg.norm(shifted[:, None, :] - _GAUSSIANS[None, :, :2], axis=2)
    values = _GAUSSIANS[:, 2] * np.clip(1 - dist / 2, 0.0, 1.0)
    best = np.argmax(np.abs(values), axis=1)
    return X, values[np.arange(n), best]


# --------------------------------------------------------------------------
# scikit-learn generators, mapped into the plane
# --------------------------------------------------------------------------


def sk_moons(n, noise=0.0, seed=0):
    """Two interleaving half-moons (``sklearn.datasets.make_moons``).

    ``make_moons(noise=noise / 2)``, then ``3 * (p - (0.5, 0.25))``: the moons
    fill x in [-4.5, 4.5], y in [-2.25, 2.25]; position noise std is
    ``1.5 * noise`` in plane units.
    """
    rng = _setup(n, noise, seed)
    X, y = make_moons(n_samples=n, noise=noise / 2, random_state=_sk_seed(rng))
    return 3.0 * (X - [0.5, 0.25]), y.astype(np.int64)


def sk_circles(n, noise=0.0, seed=0):
    """A small circle (label 1) inside a large one (``sklearn.datasets.make_circles``).

    ``make_circles(noise=noise / 3, factor=0.5)``, then ``4.5 * p``: radii
    4.5 and 2.25; position noise std is ``1.5 * noise`` in plane units.
    """
    rng = _setup(n, noise, seed)
    X, y = make_circles(n_samples=n, noise=noise / 3, factor=0.5, random_state=_sk_seed(rng))
    return 4.5 * X, y.astype(np.int64)


def sk_classification(n, noise=0.0, seed=0):
    """Two Gaussian clusters (``sklearn.datasets.make_classification``).

    2 informative features, 1 cluster per class, ``class_sep=2``,
    ``flip_y=noise`` (that fraction of labels is drawn at random), then
    ``0.85 * p``: typically within [-5, 5].
    """
    rng = _setup(n, noise, seed)
    X, y = make_classification(
        n_samples=n,
        n_features=2,
        n_informative=2,
        n_redundant=0,
        n_repeated=0,
        n_classes=2,
        n_clusters_per_class=1,
        class_sep=2.0,
        flip_y=noise,
        random_state=_sk_seed(rng),
    )
    return 0.85 * X, y.astype(np.int64)


# --------------------------------------------------------------------------
# Multi-class
# --------------------------------------------------------------------------


def multi_spiral(n, noise=0.0, seed=0, n_classes=3):
    """k-arm spiral, as in CS231n, scaled to radius 5.

    Arm j (label j) has ``r`` evenly from 0 to 5 and angle ``t`` evenly over 4
    radians starting at ``2πj/k`` (CS231n starts at ``4j``), plus Gaussian
    angle noise of std ``0.4 * noise`` (noise 0.5 gives CS231n's 0.2).
    Points are ``(r sin t, r cos t)``; arms are balanced to within one point.
    """
    rng = _setup(n, noise, seed)
    _check_classes(n_classes)
    counts = [n // n_classes + (j < n % n_classes) for j in range(n_classes)]
    arms = []
    for j, count in enumerate(counts):
        r = np.linspace(0.0, 5.0, count)
        t = np.linspace(0.0, 4.0, count) + 2 * np.pi * j / n_classes
        t = t + rng.normal(0.0, 0.4 * noise, count)
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    return np.concatenate(arms), _labels(*counts)


def blobs(n, noise=0.0, seed=0, n_classes=3):
    """k Gaussian blobs (``sklearn.datasets.make_blobs``), centers on a circle.

    Center j (label j) is at radius 3.5, angle ``π/2 + 2πj/k``;
    ``cluster_std = 0.4 + 1.5 * noise`` (already in plane units).
    """
    rng = _setup(n, noise, seed)
    _check_classes(n_classes)
    angle = np.pi / 2 + 2 * np.pi * np.arange(n_classes) / n_classes
    centers = 3.5 * np.column_stack([np.cos(angle), np.sin(angle)])
    X, y = make_blobs(
        n_samples=n,
        centers=centers,
        cluster_std=0.4 + 1.5 * noise,
        random_state=_sk_seed(rng),
    )
    return X, y.astype(np.int64)


def _check_classes(n_classes):
    """Raise ValueError unless ``n_classes`` is an integer in 2..MAX_CLASSES."""
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or not 2 <= n_classes <= MAX_CLASSES:
        raise ValueError(f"n_classes must be an integer in 2..{MAX_CLASSES}, got {n_classes!r}")
