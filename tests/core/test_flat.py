"""The core's speed-ups give the same numbers as the straightforward code: parameters as views of one flat
buffer (and plain SGD's single update of it), np.dot for the layers' products, the sigmoid's numerator as
exp(min(z, 0)), accuracy as a count."""
import copy
import pickle

import numpy as np
import pytest

from nn_core import Network, Trainer, make_optimizer
from nn_core.activations import ACTIVATIONS, sigmoid
from nn_core.datasets import make_dataset, train_test_split
from nn_core.flat import FlatLayout, Scratch, flat_buffer, flat_views
from nn_core.io import dumps, load
from nn_core.losses import HEADS
from nn_core.network import copy_model
from nn_core.optimizers import SGD
from nn_core.tutorial import NeuralNetwork


def is_flat(params):
    flat = flat_buffer(params)
    return flat is not None and all(p.base is flat for p in params)


def old_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def reference_forward_backward(net, X, Y, l1=0.0, l2=0.0):
    """The core's forward and backward as they were written before the speed-ups (no dropout)."""
    f, d_act, head = ACTIVATIONS[net.activation].fn, ACTIVATIONS[net.activation].derivative, HEADS[net.output]
    if net.activation == "sigmoid":
        f = old_sigmoid
    output = old_sigmoid if net.output == "sigmoid" else head.output
    params, L = [p.copy() for p in net.params], net.n_layers
    zs, acts, a = [], [X], X
    for i in range(L):
        z = a @ params[2 * i]
        z += params[2 * i + 1]
        zs.append(z)
        a = f(z) if i < L - 1 else output(z)
        acts.append(a)
    m, grads = Y.shape[0], [None] * len(params)
    delta = head.delta(zs[-1], acts[-1], Y)
    for i in range(L - 1, -1, -1):
        W = params[2 * i]
        dW = acts[i].T @ delta
        if l2:
            dW += (l2 / m) * W
        if l1:
            dW += (l1 / m) * np.sign(W)
        grads[2 * i], grads[2 * i + 1] = dW, delta.sum(axis=0, keepdims=True)
        if i:
            delta = delta @ W.T
            d_act(zs[i - 1], acts[i], delta)
    return zs, acts, grads


def problem(head, m=10, seed=0, n_in=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 2.0, (m, n_in))
    if head == "softmax":
        return X, np.eye(3)[rng.integers(0, 3, m)]
    if head == "sigmoid":
        return X, rng.integers(0, 2, (m, 2)).astype(float)
    return X, rng.normal(0.0, 1.0, (m, 2))


@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_steps_equal_the_straightforward_code(activation, head):
    n_out = 3 if head == "softmax" else 2
    net = Network([3, 5, 4, n_out], activation=activation, output=head, seed=1)
    ref = [p.copy() for p in net.params]
    opt = SGD(0.05)
    for step in range(4):
        X, Y = problem(head, m=7 + step, seed=step)
        l1, l2 = (0.0, 0.0) if step % 2 else (0.01, 0.02)
        zs, acts, grads = reference_forward_backward(net, X, Y, l1, l2)
        assert all(np.array_equal(p, r) for p, r in zip(net.params, ref))
        net.forward(X, train=True)
        got = net.backward(Y, l1, l2)
        for a, b in zip(net.z_values + net.activations, zs + acts):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(got, grads):
            np.testing.assert_array_equal(a, b)
        opt.step(net.params, got)
        for r, g in zip(ref, grads):
            r -= 0.05 * g
    assert is_flat(net.params)


@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_gradients_written_into_given_arrays_are_the_same_bits(activation, head):
    n_out = 3 if head == "softmax" else 2
    net = Network([3, 5, 4, n_out], activation=activation, output=head, seed=2)
    scratch = Scratch()
    for step in range(3):
        X, Y = problem(head, m=6 + step, seed=10 + step)
        if step == 2:
            X = np.asfortranarray(X)                   # the first layer's product by matmul
        l1, l2 = (0.0, 0.0) if step % 2 else (0.01, 0.02)
        net.forward(X, train=True)
        want = net.backward(Y, l1, l2)
        out = scratch.like(net.params)
        got = net.backward(Y, l1, l2, out=out)
        assert got is out and is_flat(out)
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)
    assert scratch.like(net.params) is out                # made once for the same parameters
    assert scratch.like([p.copy() for p in net.params]) is not out


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
def test_a_trainer_writing_gradients_into_one_buffer_trains_to_the_same_numbers(optimizer):
    class NewArrays:
        def like(self, arrays):
            return None                                   # backward(out=None): new arrays each step

    a, b = spiral_trainer(optimizer), spiral_trainer(optimizer)
    b._scratch = NewArrays()
    a.configure(clip_norm=0.5)
    b.configure(clip_norm=0.5)
    a.run(epochs=3)
    b.run(epochs=3)
    assert all(np.array_equal(p, q) for p, q in zip(a.model.params, b.model.params))
    assert a.history.rows == b.history.rows and a.grad_norms.rows == b.grad_norms.rows


def test_scratch_starts_empty_in_copies_and_pickles():
    net = Network([2, 3, 1], seed=0)
    s = Scratch()
    views = s.like(net.params)
    for other in (copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert other.views is None and other.arrays == ()
        assert other.like(net.params) is not views


@pytest.mark.parametrize("layout", ["strided", "fortran", "int"])
def test_any_input_layout_gives_the_matmul_result(layout):
    net = Network([3, 4, 1], activation="tanh", output="sigmoid", seed=2)
    X, Y = problem("sigmoid", m=6, seed=3)
    Y = Y[:, :1]
    wide = np.repeat(X, 2, axis=1)
    Xl = {"strided": wide[:, ::2], "fortran": np.asfortranarray(X), "int": np.round(X).astype(int)}[layout]
    zs, acts, grads = reference_forward_backward(net, Xl, Y)
    net.forward(Xl, train=True)
    for a, b in zip(net.z_values, zs):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(net.backward(Y), grads):
        np.testing.assert_array_equal(a, b)


def test_sigmoid_is_the_stable_formula_bit_for_bit_without_warnings():
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.normal(0, 30, 20000), rng.normal(0, 1, 20000),
                        [0.0, -0.0, 1000.0, -1000.0, 710.0, -710.0, 1e-300, -1e-300, 5e-324, 1e308, -1e308]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(sigmoid(z), old_sigmoid(z))
        assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0 and sigmoid(0.0) == 0.5
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(sigmoid(np.array([np.inf, -np.inf, np.nan])), [1.0, 0.0, np.nan])


def test_flat_buffer_finds_only_an_exact_tiling_in_order():
    arrays = [np.arange(6.0).reshape(2, 3), np.ones((1, 3)), np.zeros((3, 1))]
    views = flat_views(arrays)
    flat = flat_buffer(views)
    assert flat is not None and flat.shape == (12,) and all(v.base is flat for v in views)
    assert all(np.array_equal(v, a) for v, a in zip(views, arrays))
    assert flat_buffer(arrays) is None                          # separate arrays
    assert flat_buffer(views[::-1]) is None                     # out of order
    assert flat_buffer(views[:2]) is None                       # not all of the buffer
    assert flat_buffer([views[0], views[1], views[2].copy()]) is None
    assert flat_buffer([views[0].T, views[1], views[2]]) is None   # not C-contiguous
    assert flat_buffer([]) is None
    layout = FlatLayout()
    assert layout.of(views) is flat and layout.of(arrays) is None and layout.of(views) is flat
    assert copy.deepcopy(layout).arrays == () and pickle.loads(pickle.dumps(layout)).flat is None


def test_params_stay_views_of_one_buffer():
    net = Network([2, 4, 2, 1], seed=0)
    assert is_flat(net.params)
    first = list(net.params)
    net.set_params([np.full(p.shape, 0.5) for p in net.params])
    assert is_flat(net.params) and all(a is b for a, b in zip(first, net.params))
    assert float(flat_buffer(net.params).sum()) == 0.5 * 25
    for other in (copy.deepcopy(net), copy_model(net), load(dumps(net))[0]):
        assert is_flat(other.params) and flat_buffer(other.params) is not flat_buffer(net.params)
        assert all(np.array_equal(a, b) for a, b in zip(other.params, net.params))
    copied, w1 = copy.deepcopy((net, net.params[2]))       # other holders of a parameter get the copy's view
    assert w1 is copied.params[2]
    unpickled = pickle.loads(pickle.dumps(net))            # separate arrays again, still correct
    assert all(np.array_equal(a, b) for a, b in zip(unpickled.params, net.params))
    tut = NeuralNetwork([2, 3, 1], seed=0)
    assert is_flat(tut.params) and is_flat(copy.deepcopy(tut).params)


def spiral_trainer(optimizer="sgd", lr=0.03):
    X, y = make_dataset("spiral", n=200, noise=0.0, seed=0)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.5, seed=0)
    model = Network([2, 8, 8, 1], activation="leaky_relu", output="sigmoid", seed=0)
    return Trainer(model, make_optimizer(optimizer, lr), Xtr, ytr, Xte, yte, batch_size=10)


def test_params_stay_views_after_rollback_and_rewind():
    t = spiral_trainer()
    views = list(t.model.params)
    t.run(epochs=3)
    t.optimizer.lr = 100.0
    with np.errstate(all="ignore"):
        t.run(epochs=50)
    assert t.divergence is not None and t.model.all_finite()
    t.optimizer.lr = 0.03
    t.run(epochs=2)
    t.rewind(epoch=1)
    assert all(a is b for a, b in zip(views, t.model.params)) and is_flat(t.model.params)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_training_equals_separate_arrays(optimizer):
    """A trainer whose parameters are separate arrays (the loop over them) reaches the same numbers."""
    a, b = spiral_trainer(optimizer), spiral_trainer(optimizer)
    b.model.params = [p.copy() for p in b.model.params]
    assert not is_flat(b.model.params)
    a.run(epochs=4)
    b.run(epochs=4)
    assert all(np.array_equal(p, q) for p, q in zip(a.model.params, b.model.params))
    assert a.history.rows == b.history.rows and a.latest == b.latest


def test_sgd_falls_back_when_a_parameter_is_replaced():
    net = Network([2, 3, 1], seed=0)
    opt = SGD(0.1)
    grads = [np.ones(p.shape) for p in net.params]
    opt.step(net.params, grads)                         # learns the flat layout
    net.params[0] = net.params[0].copy()                # no longer the buffer's view
    before = [p.copy() for p in net.params]
    opt.step(net.params, grads)
    assert all(np.array_equal(p, q - 0.1) for p, q in zip(net.params, before))
    assert net.all_finite()
    net.params[0][0, 0] = np.nan
    assert not net.all_finite()


def test_all_finite_sees_every_parameter():
    net = Network([2, 4, 2, 1], seed=0)
    for j in range(len(net.params)):
        net.params[j].flat[-1] = np.inf
        assert not net.all_finite()
        net.params[j].flat[-1] = 0.0
        assert net.all_finite()


def test_accuracy_is_the_mean_of_hits():
    t = spiral_trainer()
    t.run(epochs=2)
    out = t.model.predict(t.X_test)
    from nn_core.losses import predict_labels
    assert t.latest["test_metric"] == float(np.mean(predict_labels("sigmoid", out) == t.labels_test))
