"""Backprop against central differences, and one training step computed by hand."""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nn_core.activations import ACTIVATIONS, sigmoid
from nn_core.gradcheck import gradient_check, numerical_gradients, relative_error
from nn_core.losses import HEADS
from nn_core.network import INITIALIZERS, Network
from nn_core.optimizers import make_optimizer

REGULARIZERS = {"none": (0.0, 0.0), "l1": (0.3, 0.0), "l2": (0.0, 0.7), "l1+l2": (0.2, 0.5)}


def random_problem(seed, sizes, head):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 7))
    X = rng.normal(0, 1.5, (m, sizes[0]))
    k = sizes[-1]
    if head == "softmax":
        y = rng.integers(0, k, m)
    elif head == "sigmoid":
        y = rng.integers(0, 2, (m, k))
    elif head == "tanh":
        y = rng.choice([-1.0, 1.0], (m, k))
    else:
        y = rng.normal(0, 1, (m, k))
    return X, y


@pytest.mark.parametrize("reg", REGULARIZERS)
@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_backprop_matches_central_differences(activation, head, reg, data):
    hidden = data.draw(st.lists(st.integers(1, 5), min_size=0, max_size=3), label="hidden")
    n_in = data.draw(st.integers(1, 4), label="n_in")
    n_out = data.draw(st.integers(2 if head == "softmax" else 1, 3), label="n_out")
    seed = data.draw(st.integers(0, 2**16), label="seed")
    sizes = [n_in, *hidden, n_out]
    model = Network(sizes, activation=activation, output=head, init="xavier", seed=seed)
    for p in model.params:  # non-zero biases too, so every path is exercised
        p += np.random.default_rng(seed + 1).normal(0, 0.3, p.shape)
    X, y = random_problem(seed, sizes, head)
    Y = model.targets(y)
    l1, l2 = REGULARIZERS[reg]
    # the derivative is undefined at a kink: keep pre-activations (ReLU family) and weights (L1) off it
    margin = 1e-3
    if activation in ("relu", "leaky_relu", "elu"):
        model.forward(X)
        assume(all(np.abs(z).min() > margin for z in model.z_values[:-1]))
    if l1:
        assume(all(np.abs(w).min() > margin for w in model.weights))
    rows = gradient_check(model, X, Y, l1, l2)
    assert max(r["error"] for r in rows) <= 1e-6, rows


def test_dropout_gradient_with_fixed_masks():
    model = Network([3, 6, 5, 2], activation="tanh", output="softmax", seed=3, dropout=0.4)
    X = np.random.default_rng(0).normal(size=(8, 3))
    Y = model.targets(np.arange(8) % 2)
    state = model.rng.bit_generator.state

    def cost():
        model.rng.bit_generator.state = state  # the same dropout masks every time
        model.forward(X, train=True)
        return HEADS["softmax"].loss(model.z_values[-1], Y) + model.penalty(8, 0.0, 0.1)

    cost()
    assert any((mk == 0).any() for mk in model._masks)
    backprop = model.backward(Y, 0.0, 0.1)
    eps = 1e-6
    for p, g in zip(model.params, backprop):
        flat = p.reshape(-1)
        num = np.zeros(flat.size)
        for j in range(flat.size):
            keep = flat[j]
            flat[j] = keep + eps
            up = cost()
            flat[j] = keep - eps
            down = cost()
            flat[j] = keep
            num[j] = (up - down) / (2 * eps)
        assert relative_error(g.reshape(-1), num) < 1e-7


def test_gradient_check_flags_a_wrong_gradient():
    model = Network([2, 4, 1], activation="tanh", output="sigmoid", seed=1)
    X = np.random.default_rng(1).normal(size=(5, 2))
    Y = model.targets(np.array([0, 1, 1, 0, 1]))
    model.forward(X)
    grads = model.backward(Y)
    grads[0] = grads[0] * 1.1
    rows = gradient_check(model, X, Y, backprop=grads)
    assert rows[0]["weights"] > 1e-3
    assert rows[0]["error"] > 1e-3
    assert rows[1]["error"] < 1e-7


def test_numerical_gradient_leaves_parameters_unchanged():
    model = Network([2, 3, 1], seed=0)
    before = model.get_params()
    numerical_gradients(model, np.ones((2, 2)), np.ones((2, 1)))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.params))


def test_sigmoid_is_stable_at_large_inputs():
    z = np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            s = sigmoid(z)
            for name in ACTIVATIONS:
                a = ACTIVATIONS[name](z)
                delta = np.ones_like(z)
                ACTIVATIONS[name].derivative(z, a, delta)
                assert np.isfinite(a).all() and np.isfinite(delta).all(), name
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert s[2] == pytest.approx(4.248354255291589e-18, rel=1e-12)  # not flushed to 0
    assert np.all(np.diff(s) >= 0)


def test_activations_stay_in_their_range():
    z = np.linspace(-30.0, 30.0, 6001)
    for name, act in ACTIVATIONS.items():
        lo, hi = act.range
        a = act(z)
        assert act.name == name and act.fn(z).tolist() == a.tolist()
        assert lo <= a.min() and a.max() <= hi, name


def test_one_training_step_by_hand():
    """2-2-1, tanh hidden, sigmoid + cross-entropy, x = (1, 2), y = 1, SGD lr 0.5.
    Every number below was worked out with scalar arithmetic, line by line."""
    model = Network([2, 2, 1], activation="tanh", output="sigmoid", seed=0)
    model.set_params([np.array([[0.1, -0.2], [0.3, 0.4]]), np.array([[0.05, -0.1]]),
                      np.array([[0.5], [-0.6]]), np.array([[0.2]])])
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    out = model.forward(X)
    # z1 = x·W1 + b1 = (1·0.1 + 2·0.3 + 0.05, 1·(-0.2) + 2·0.4 - 0.1)
    np.testing.assert_allclose(model.z_values[0], [[0.75, 0.5]], rtol=1e-15)
    np.testing.assert_allclose(model.activations[1], [[0.6351489523872873, 0.46211715726000985]], rtol=1e-15)
    # z2 = 0.5·a1₁ - 0.6·a1₂ + 0.2
    assert model.z_values[1][0, 0] == pytest.approx(0.24030418183763774, rel=1e-15)
    assert out[0, 0] == pytest.approx(0.5597886087372407, rel=1e-15)
    assert model.data_loss(X, Y) == pytest.approx(0.5801960509158968, rel=1e-14)  # -log a2
    model.forward(X)
    dW1, db1, dW2, db2 = model.backward(Y)
    # output error δ2 = a2 - y; dW2 = a1ᵀ δ2
    assert db2[0, 0] == pytest.approx(-0.4402113912627593, rel=1e-14)
    np.testing.assert_allclose(dW2[:, 0], [-0.2795998039894918, -0.20342923672382027], rtol=1e-14)
    # δ1 = δ2·W2ᵀ ⊙ (1 - a1²); dW1 = xᵀ δ1
    np.testing.assert_allclose(db1[0], [-0.13131193433557137, 0.20772195041062433], rtol=1e-14)
    np.testing.assert_allclose(dW1, [[-0.13131193433557137, 0.20772195041062433],
                                     [-0.26262386867114274, 0.41544390082124866]], rtol=1e-14)
    make_optimizer("sgd", 0.5).step(model.params, [dW1, db1, dW2, db2])
    np.testing.assert_allclose(model.weights[0], [[0.1656559671677857, -0.3038609752053122],
                                                  [0.43131193433557136, 0.1922780495893757]], rtol=1e-14)
    np.testing.assert_allclose(model.biases[0], [[0.11565596716778569, -0.20386097520531216]], rtol=1e-14)
    np.testing.assert_allclose(model.weights[1][:, 0], [0.6397999019947459, -0.49828538163808983], rtol=1e-14)
    assert model.biases[1][0, 0] == pytest.approx(0.42010569563137967, rel=1e-14)


def test_l2_and_l1_terms_in_cost_and_gradient():
    model = Network([1, 1], activation="linear", output="linear", seed=0)
    model.set_params([np.array([[2.0]]), np.array([[0.0]])])
    X, Y = np.array([[0.0], [0.0]]), np.array([[0.0], [0.0]])  # data loss 0: only the penalty remains
    assert model.cost(X, Y, l2=0.5) == pytest.approx(0.5 / (2 * 2) * 4.0)   # λ/(2m)·ΣW²
    assert model.cost(X, Y, l1=0.5) == pytest.approx(0.5 / 2 * 2.0)         # λ/m·Σ|W|
    model.forward(X)
    assert model.backward(Y, l2=0.5)[0][0, 0] == pytest.approx(0.5 / 2 * 2.0)  # λ/m·W
    assert model.backward(Y, l1=0.5)[0][0, 0] == pytest.approx(0.5 / 2)        # λ/m·sign W
    assert model.backward(Y, l1=0.5, l2=0.5)[1][0, 0] == 0.0                    # never on biases


@pytest.mark.parametrize("init", list(INITIALIZERS))
def test_initializers(init):
    m = Network([200, 300, 1], init=init, seed=0)
    W, b = m.weights[0], m.biases[0]
    if init == "zeros":
        assert not W.any() and not b.any()
    elif init == "tf":
        assert W.min() >= -0.5 and W.max() < 0.5 and np.all(b == 0.1)
    elif init == "he":
        assert W.std() == pytest.approx(np.sqrt(2 / 200), rel=0.02) and not b.any()
    else:
        assert np.abs(W).max() <= np.sqrt(6 / 500) and W.std() == pytest.approx(np.sqrt(2 / 500), rel=0.02)


def test_seeded_initialization_ignores_global_state():
    np.random.seed(1)
    a = Network([2, 4, 1], seed=7).get_params()
    np.random.seed(2)
    b = Network([2, 4, 1], seed=7).get_params()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0], Network([2, 4, 1], seed=8).weights[0])


def test_zero_init_stays_symmetric():
    model = Network([2, 3, 1], activation="tanh", output="sigmoid", init="zeros", seed=0)
    X = np.random.default_rng(0).normal(size=(10, 2))
    Y = model.targets(np.arange(10) % 2)
    opt = make_optimizer("sgd", 0.5)
    for _ in range(20):
        model.forward(X)
        opt.step(model.params, model.backward(Y))
    W = model.weights[0]
    assert np.allclose(W, W[:, :1])  # all hidden units identical


@pytest.mark.parametrize("bad", [dict(sizes=[2]), dict(sizes=[2, 0, 1]), dict(activation="gelu"),
                                 dict(output="hinge"), dict(init="orthogonal"), dict(dropout=1.0),
                                 dict(output="softmax")])
def test_bad_arguments(bad):
    kwargs = dict(sizes=[2, 3, 1]) | bad
    with pytest.raises(ValueError):
        Network(**kwargs)


def test_softmax_loss_finite_for_confident_wrong_answers():
    model = Network([1, 3], activation="linear", output="softmax", seed=0)
    model.set_params([np.array([[1000.0, -1000.0, 0.0]]), np.zeros((1, 3))])
    X, Y = np.array([[1.0]]), model.targets(np.array([1]))
    assert model.data_loss(X, Y) == pytest.approx(2000.0)
    sig = Network([1, 1], activation="linear", output="sigmoid", seed=0)
    sig.set_params([np.array([[800.0]]), np.zeros((1, 1))])
    assert sig.data_loss(X, np.array([[0.0]])) == pytest.approx(800.0)
