"""Tests for nn_core.datasets."""

import numpy as np
import pytest

from nn_core.datasets import (
    DATASETS,
    FEATURES,
    PLANE,
    dataset_names,
    make_dataset,
    make_features,
    train_test_split,
)
from playground.text.words import DATASET_HELP as SHOWN

BINARY = ["circle", "xor", "gauss", "spiral", "moons", "circles", "classification"]
MULTICLASS = ["multi_spiral", "blobs"]
REGRESSION = ["plane", "multi_gauss"]
ALL = BINARY + MULTICLASS + REGRESSION


# ---------------------------------------------------------------- registry


def test_registry_names_and_kinds():
    assert set(DATASETS) == set(ALL)
    assert dataset_names("binary") == BINARY
    assert dataset_names("multiclass") == MULTICLASS
    assert dataset_names("regression") == REGRESSION
    assert list(SHOWN) == list(DATASETS)
    for name, text in SHOWN.items():
        assert callable(DATASETS[name]["fn"])
        assert isinstance(text, str) and text and "\n" not in text


def test_plane_extent():
    assert PLANE == (-6.0, 6.0)


# ---------------------------------------------------------------- shapes, dtypes, labels


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("n", [1, 2, 7, 200])
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_shapes_and_dtypes(name, n, noise):
    X, y = make_dataset(name, n=n, noise=noise, seed=3)
    assert X.shape == (n, 2)
    assert X.dtype == np.float64
    assert y.shape == (n,)
    assert np.all(np.isfinite(X))
    if name in REGRESSION:
        assert y.dtype == np.float64
        assert np.all((y >= -1) & (y <= 1))
    else:
        assert y.dtype == np.int64


@pytest.mark.parametrize("name", BINARY)
def test_binary_labels_balanced(name):
    _, y = make_dataset(name, n=301, seed=0)
    assert set(np.unique(y)) == {0, 1}
    if name != "xor":  # xor labels follow the uniform quadrants
        assert abs(np.sum(y == 1) - np.sum(y == 0)) <= 1


@pytest.mark.parametrize("name", MULTICLASS)
@pytest.mark.parametrize("k", [2, 3, 5, 8])
def test_multiclass_labels_balanced(name, k):
    _, y = make_dataset(name, n=403, seed=0, n_classes=k)
    counts = np.bincount(y)
    assert len(counts) == k
    assert counts.max() - counts.min() <= 1
    assert counts.sum() == 403


def test_multiclass_default_is_three_classes():
    for name in MULTICLASS:
        _, y = make_dataset(name, n=90)
        assert set(np.unique(y)) == {0, 1, 2}


# ---------------------------------------------------------------- randomness


@pytest.mark.parametrize("name", ALL)
def test_seed_reproducible_and_distinct(name):
    X1, y1 = make_dataset(name, n=100, noise=0.2, seed=7)
    X2, y2 = make_dataset(name, n=100, noise=0.2, seed=7)
    X3, _ = make_dataset(name, n=100, noise=0.2, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", ALL)
def test_generator_accepted_as_seed(name):
    X1, y1 = make_dataset(name, n=50, noise=0.1, seed=np.random.default_rng(5))
    X2, y2 = make_dataset(name, n=50, noise=0.1, seed=np.random.default_rng(5))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


def test_global_random_state_untouched():
    np.random.seed(123)
    before = np.random.get_state()
    for name in ALL:
        make_dataset(name, n=50, noise=0.3, seed=1)
    X, y = make_dataset("gauss", n=20)
    train_test_split(X, y, 0.5, seed=1)
    after = np.random.get_state()
    assert before[0] == after[0]
    np.testing.assert_array_equal(before[1], after[1])
    assert before[2:] == after[2:]


# ---------------------------------------------------------------- TF Playground rules at noise 0


def test_circle_labels_are_radius_rule():
    X, y = make_dataset("circle", n=500)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_array_equal(y, (r < 2.5).astype(np.int64))
    assert r.max() <= 5
    assert np.all((r < 2.5) | (r >= 3.5))  # inner disc and outer ring


def test_circle_noise_flips_some_labels():
    X, y = make_dataset("circle", n=500, noise=0.5)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.any(y != (r < 2.5))


def test_xor_labels_and_padding():
    X, y = make_dataset("xor", n=500)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] >= 0).astype(np.int64))
    assert np.all(np.abs(X) >= 0.3)
    assert np.all(np.abs(X) <= 5.3)


def test_gauss_class_means():
    X, y = make_dataset("gauss", n=2000)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2, -2], atol=0.1)
    # dataset.ts: variance 0.5 at noise 0, 4 at noise 0.5
    assert X[y == 1].var(axis=0) == pytest.approx([0.5, 0.5], rel=0.15)
    Xn, yn = make_dataset("gauss", n=2000, noise=0.5)
    assert Xn[yn == 1].var(axis=0) == pytest.approx([4, 4], rel=0.15)


def test_spiral_arms_start_at_origin():
    X, y = make_dataset("spiral", n=200)
    first_pos = X[np.flatnonzero(y == 1)[0]]
    first_neg = X[np.flatnonzero(y == 0)[0]]
    np.testing.assert_allclose(first_pos, [0, 0], atol=1e-12)
    np.testing.assert_allclose(first_neg, [0, 0], atol=1e-12)
    # second point of each arm: r = 1/100 * 5, t = 1.75/100 * 2π (+ π)
    r, t = 0.05, 1.75 / 100 * 2 * np.pi
    np.testing.assert_allclose(X[1], [r * np.sin(t), r * np.cos(t)])
    np.testing.assert_allclose(X[101], [-r * np.sin(t), -r * np.cos(t)])
    assert np.hypot(X[:, 0], X[:, 1]).max() < 5


def test_plane_label_rule():
    X, y = make_dataset("plane", n=500)
    np.testing.assert_allclose(y, np.clip((X[:, 0] + X[:, 1]) / 10, -1, 1))
    assert np.all(np.abs(X) <= 6)


def test_multi_gauss_labels():
    X, y = make_dataset("multi_gauss", n=500)
    assert np.all(np.abs(X) <= 6)
    assert np.all((y >= -1) & (y <= 1))
    # dataset.ts bump at (-4, 2.5) is +1, at (0, 2.5) is -1; label 1 - dist/2 near them
    near = np.hypot(X[:, 0] + 4, X[:, 1] - 2.5)
    close = near < 0.9
    assert close.any()
    np.testing.assert_allclose(y[close], 1 - near[close] / 2)
    near = np.hypot(X[:, 0], X[:, 1] - 2.5)
    close = near < 0.9
    np.testing.assert_allclose(y[close], -(1 - near[close] / 2))


# ---------------------------------------------------------------- sklearn and multi-class


@pytest.mark.parametrize("name", ["moons", "circles", "classification", "blobs", "multi_spiral"])
def test_points_within_plane(name):
    X, _ = make_dataset(name, n=500, seed=2)
    assert np.all(np.abs(X) <= 5.5)
    Xn, _ = make_dataset(name, n=500, noise=0.5, seed=2)
    assert np.all(np.abs(Xn) <= PLANE[1] + 2)
    assert np.mean(np.abs(Xn) <= PLANE[1]) > 0.98


def test_circles_radii():
    X, y = make_dataset("circles", n=200)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 4.5)
    np.testing.assert_allclose(r[y == 1], 2.25)


def test_blobs_centers_on_circle():
    X, y = make_dataset("blobs", n=800, n_classes=4)
    means = np.array([X[y == j].mean(axis=0) for j in range(4)])
    np.testing.assert_allclose(np.hypot(means[:, 0], means[:, 1]), 3.5, atol=0.15)


def test_multi_spiral_arms_start_at_origin():
    k = 5
    X, y = make_dataset("multi_spiral", n=250, n_classes=k)
    for j in range(k):
        arm = X[y == j]
        np.testing.assert_allclose(arm[0], [0, 0], atol=1e-12)
        assert np.hypot(*arm[-1]) == pytest.approx(5.0)


def test_noise_moves_sklearn_points():
    X0, _ = make_dataset("moons", n=100, noise=0.0, seed=4)
    X1, _ = make_dataset("moons", n=100, noise=0.5, seed=4)
    assert not np.allclose(X0, X1)


# ---------------------------------------------------------------- train_test_split


def test_train_test_split_sizes_and_disjoint():
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = np.arange(10)
    X_tr, y_tr, X_te, y_te = train_test_split(X, y, 0.7, seed=0)
    assert len(X_tr) == len(y_tr) == 7
    assert len(X_te) == len(y_te) == 3
    assert set(y_tr).isdisjoint(y_te)
    assert sorted(np.concatenate([y_tr, y_te])) == list(range(10))
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay paired
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)


def test_train_test_split_shuffles_reproducibly():
    X, y = make_dataset("gauss", n=100)
    a = train_test_split(X, y, 0.5, seed=1)
    b = train_test_split(X, y, 0.5, seed=1)
    c = train_test_split(X, y, 0.5, seed=2)
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    assert not np.array_equal(a[1], y[:50])  # classes are not kept in order


def test_train_test_split_keeps_both_parts_nonempty():
    X, y = np.zeros((3, 2)), np.arange(3)
    X_tr, _, X_te, _ = train_test_split(X, y, 0.01, seed=0)
    assert (len(X_tr), len(X_te)) == (1, 2)
    X_tr, _, X_te, _ = train_test_split(X, y, 0.99, seed=0)
    assert (len(X_tr), len(X_te)) == (2, 1)


@pytest.mark.parametrize("ratio", [0, 1, -0.5, 1.5, 0.0, 1.0])
def test_train_test_split_bad_ratio(ratio):
    X, y = make_dataset("gauss", n=10)
    with pytest.raises(ValueError, match="ratio"):
        train_test_split(X, y, ratio, seed=0)


def test_train_test_split_too_few_points():
    with pytest.raises(ValueError, match="at least 2"):
        train_test_split(np.zeros((1, 2)), np.zeros(1), 0.5, seed=0)


def test_train_test_split_length_mismatch():
    with pytest.raises(ValueError, match="lengths"):
        train_test_split(np.zeros((4, 2)), np.zeros(3), 0.5, seed=0)


# ---------------------------------------------------------------- features


def test_feature_registry_order_and_labels():
    assert list(FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2"]
    assert FEATURES["x1^2"]["label"] == "x₁²"
    assert all(rec["label"] for rec in FEATURES.values())


def test_make_features_hand_example():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    F = make_features(X, list(FEATURES))
    expected = np.array(
        [
            [1, 2, 1, 4, 2, np.sin(1), np.sin(2)],
            [-3, 0.5, 9, 0.25, -1.5, np.sin(-3), np.sin(0.5)],
        ]
    )
    np.testing.assert_allclose(F, expected)


def test_make_features_follows_given_order():
    X = np.array([[1.0, 2.0]])
    F = make_features(X, ["sin_x1", "x1*x2", "x1"])
    np.testing.assert_allclose(F, [[np.sin(1), 2, 1]])
    assert make_features(X, ["x2^2"]).shape == (1, 1)


def test_make_features_errors():
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="empty"):
        make_features(X, [])
    with pytest.raises(ValueError, match=r"unknown feature.*x1\^3.*valid names: x1, x2"):
        make_features(X, ["x1", "x1^3"])
    with pytest.raises(ValueError, match="shape"):
        make_features(np.zeros((3, 3)), ["x1"])


# ---------------------------------------------------------------- bad arguments


def test_unknown_dataset_lists_names():
    with pytest.raises(ValueError, match="unknown dataset 'moon'.*circle, xor"):
        make_dataset("moon")


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown dataset kind"):
        dataset_names("clustering")


@pytest.mark.parametrize("noise", [-0.1, 1.01, float("nan"), "0.1"])
def test_bad_noise(noise):
    with pytest.raises(ValueError, match="noise"):
        make_dataset("circle", noise=noise)


def test_noise_bounds_accepted():
    for noise in (0, 1, 1.0):
        X, _ = make_dataset("xor", n=5, noise=noise)
        assert X.shape == (5, 2)


@pytest.mark.parametrize("n", [0, -5, 2.5, 10.0, "10", True])
@pytest.mark.parametrize("name", ["circle", "moons", "blobs"])
def test_bad_n(name, n):
    with pytest.raises(ValueError, match="n must be a positive integer"):
        make_dataset(name, n=n)


def test_numpy_integer_n_accepted():
    X, _ = make_dataset("spiral", n=np.int64(9))
    assert X.shape == (9, 2)


@pytest.mark.parametrize("n_classes", [0, 1, 9, 2.0, True])
@pytest.mark.parametrize("name", MULTICLASS)
def test_bad_n_classes_multiclass(name, n_classes):
    with pytest.raises(ValueError, match="n_classes"):
        make_dataset(name, n_classes=n_classes)


def test_n_classes_for_binary_and_regression():
    _, y = make_dataset("circle", n=10, n_classes=2)
    assert set(np.unique(y)) == {0, 1}
    with pytest.raises(ValueError, match="n_classes"):
        make_dataset("circle", n_classes=3)
    with pytest.raises(ValueError, match="n_classes"):
        make_dataset("plane", n_classes=2)
