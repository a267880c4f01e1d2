"""Each optimizer's first steps against torch.optim's update rule, written out by hand."""
import math

import numpy as np
import pytest
import torch

from nn_core import Network
from nn_core.optimizers import SGD, Adam, RMSprop, make_optimizer

GRADS = [0.5, -0.2, 0.1, 0.4]
P0 = 1.0


def run(opt, grads=GRADS, p0=P0):
    p = np.array([[p0]])
    out = []
    for g in grads:
        opt.step([p], [np.array([[g]])])
        out.append(p[0, 0])
    return out


def test_sgd():
    p, expected = P0, []
    for g in GRADS:
        p = p - 0.1 * g
        expected.append(p)
    assert run(make_optimizer("sgd", 0.1)) == pytest.approx(expected, rel=1e-15)


def test_momentum():
    # torch: buf = g on the first step, then buf = 0.9·buf + g; p -= lr·buf
    p, buf, expected = P0, None, []
    for g in GRADS:
        buf = g if buf is None else 0.9 * buf + g
        p = p - 0.1 * buf
        expected.append(p)
    assert run(make_optimizer("momentum", 0.1)) == pytest.approx(expected, rel=1e-15)
    assert expected[1] == pytest.approx(1.0 - 0.05 - 0.1 * (0.9 * 0.5 - 0.2))


def test_nesterov():
    # torch: buf as above; p -= lr·(g + 0.9·buf)
    p, buf, expected = P0, None, []
    for g in GRADS:
        buf = g if buf is None else 0.9 * buf + g
        p = p - 0.1 * (g + 0.9 * buf)
        expected.append(p)
    assert run(make_optimizer("nesterov", 0.1)) == pytest.approx(expected, rel=1e-15)
    assert expected[0] == pytest.approx(1.0 - 0.1 * 0.5 * 1.9)


def test_rmsprop():
    # torch defaults alpha=0.99, eps=1e-8: v = 0.99·v + 0.01·g²; p -= lr·g/(√v + eps)
    p, v, expected = P0, 0.0, []
    for g in GRADS:
        v = 0.99 * v + 0.01 * g * g
        p = p - 0.01 * g / (math.sqrt(v) + 1e-8)
        expected.append(p)
    assert run(make_optimizer("rmsprop", 0.01)) == pytest.approx(expected, rel=1e-14)
    assert expected[0] == pytest.approx(1.0 - 0.01 * 0.5 / (0.05 + 1e-8))


def test_adam():
    # torch defaults betas=(0.9, 0.999), eps=1e-8
    p, m, v, expected = P0, 0.0, 0.0, []
    for t, g in enumerate(GRADS, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        step_size = 0.01 / (1 - 0.9**t)
        denom = math.sqrt(v) / math.sqrt(1 - 0.999**t) + 1e-8
        p = p - step_size * m / denom
        expected.append(p)
    assert run(make_optimizer("adam", 0.01)) == pytest.approx(expected, rel=1e-14)
    assert expected[0] == pytest.approx(1.0 - 0.01, rel=1e-6)  # Adam's first step is ≈ lr·sign(g)


def test_learning_rate_change_keeps_state():
    a, b = Adam(0.01), Adam(0.01)
    run(a, GRADS[:2]), run(b, GRADS[:2])
    a.lr = 0.001
    pa, pb = run(a, GRADS[2:], p0=0.0), run(b, GRADS[2:], p0=0.0)
    assert a.t == 4 and abs(pa[-1]) < abs(pb[-1]) / 5


@pytest.mark.parametrize("opt", [SGD(0.1, momentum=0.9), RMSprop(0.1), Adam(0.1)])
def test_state_roundtrip(opt):
    run(opt, GRADS[:2])
    saved = opt.state()
    after = run(opt, GRADS[2:], p0=0.0)
    opt.set_state(saved)
    assert run(opt, GRADS[2:], p0=0.0) == after


def test_matches_torch():
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3, 2)) for _ in range(5)]
    for name, make in {"sgd": lambda p: torch.optim.SGD(p, lr=0.1),
                       "momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
                       "nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
                       "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.1),
                       "adam": lambda p: torch.optim.Adam(p, lr=0.1)}.items():
        tp = torch.zeros((3, 2), dtype=torch.float64, requires_grad=True)
        topt = make([tp])
        ours, opt = np.zeros((3, 2)), make_optimizer(name, 0.1)
        for g in grads:
            tp.grad = torch.tensor(g)
            topt.step()
            opt.step([ours], [g])
        np.testing.assert_allclose(ours, tp.detach().numpy(), rtol=1e-13, atol=1e-15, err_msg=name)


@pytest.mark.parametrize("name,lr", [("lbfgs", 0.1), ("sgd", 0.0), ("adam", -1), ("sgd", float("nan"))])
def test_bad_arguments(name, lr):
    with pytest.raises(ValueError):
        make_optimizer(name, lr)


def test_two_adam_steps_of_a_network_by_hand():
    """2-1 network, sigmoid + binary cross-entropy, the batch x = (1, 2), (-1, 0.5) with y = 1, 0, Adam with
    lr 0.1, β = (0.9, 0.999), ε = 1e-8 (scikit-learn's test_mlp.py style). Every number below was worked out
    with scalar arithmetic, line by line."""
    model = Network([2, 1], activation="tanh", output="sigmoid", seed=0)
    model.set_params([np.array([[0.5], [-0.25]]), np.array([[0.1]])])
    X, Y = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([[1.0], [0.0]])
    adam = make_optimizer("adam", 0.1)
    # step 1. z = x·W + b = (0.5 - 0.5 + 0.1, -0.5 - 0.125 + 0.1) = (0.1, -0.525)
    model.forward(X)
    np.testing.assert_allclose(model.z_values[0][:, 0], [0.1, -0.525], rtol=1e-15)
    # a = σ(z) = (0.52497918747894, 0.37168381170463377)
    np.testing.assert_allclose(model.activations[1][:, 0], [0.52497918747894, 0.37168381170463377], rtol=1e-14)
    # loss = (-log a₁ - log(1 - a₂)) / 2 = 0.5545542073732821
    assert model.data_loss(X, Y) == pytest.approx(0.5545542073732821, rel=1e-14)
    # δ = (a - y)/m = (-0.23751040626053, 0.18584190585231689)
    # dW = xᵀδ = (1·δ₁ - 1·δ₂, 2·δ₁ + 0.5·δ₂) = (-0.42335231211284685, -0.38209985959490156)
    # db = δ₁ + δ₂ = -0.05166850040821311
    model.forward(X)
    grads = model.backward(Y)
    np.testing.assert_allclose(grads[0][:, 0], [-0.42335231211284685, -0.38209985959490156], rtol=1e-14)
    assert grads[1][0, 0] == pytest.approx(-0.05166850040821311, rel=1e-13)
    adam.step(model.params, grads)
    # t = 1: m = 0.1·g = (-0.04233523121128468, -0.03820998595949015 | -0.00516685004082131)
    #        v = 0.001·g² = (0.00017922718017129345, 0.0001460003027024436 | 2.6696339344335202e-06)
    # m̂ = m/(1 - 0.9) = g, v̂ = v/(1 - 0.999) = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g):
    # W = (0.5 + 0.1·0.99999998, -0.25 + 0.1·0.99999997) = (0.5999999976379012, -0.15000000261711682)
    # b = 0.1 + 0.1·0.9999998 = 0.19999998064585195
    np.testing.assert_allclose(adam.m[0][:, 0], [-0.04233523121128468, -0.03820998595949015], rtol=1e-14)
    np.testing.assert_allclose(adam.v[0][:, 0], [0.00017922718017129345, 0.0001460003027024436], rtol=1e-13)
    np.testing.assert_allclose(adam.v[1][0], [2.6696339344335202e-06], rtol=1e-12)
    np.testing.assert_allclose(model.weights[0][:, 0], [0.5999999976379012, -0.15000000261711682], rtol=1e-14)
    assert model.biases[0][0, 0] == pytest.approx(0.19999998064585195, rel=1e-14)
    # step 2. z = (0.49999997304951954, -0.47500001830060773), a = (0.6224593248683916, 0.38343349115219283)
    # δ = (-0.1887703375658042, 0.19171674557609641): dW = (-0.3804870831419006, -0.2816823023435602),
    # db = 0.002946408010292223 (its sign has turned)
    model.forward(X)
    grads = model.backward(Y)
    np.testing.assert_allclose(grads[0][:, 0], [-0.3804870831419006, -0.2816823023435602], rtol=1e-13)
    assert grads[1][0, 0] == pytest.approx(0.002946408010292223, rel=1e-11)
    adam.step(model.params, grads)
    # t = 2: m = 0.9·m + 0.1·g = (-0.07615041640434626, -0.06255721759789715 | -0.004355524235709956)
    #        v = 0.999·v + 0.001·g² = (0.0003238183734289539, 0.00022519922185331007 | 2.6756456206622008e-06)
    # 1 - β₁² = 0.19, 1 - β₂² = 0.001999: m̂ = (-0.40079166528603305, -0.32924851367314295 | -0.022923811766894512)
    # v̂ = (0.16199018180538183, 0.1126559388961046 | 0.001338492056359298),
    # √v̂ = (0.4024800390148334, 0.3356425761075382 | 0.03658540769704908)
    # W -= 0.1·m̂/(√v̂ + ε): (0.6995805026261775, -0.0519050268002956); b: 0.26265831068520945 (still going up:
    # m remembers the first step's gradient)
    assert adam.t == 2
    np.testing.assert_allclose(adam.m[0][:, 0], [-0.07615041640434626, -0.06255721759789715], rtol=1e-13)
    np.testing.assert_allclose(adam.v[0][:, 0], [0.0003238183734289539, 0.00022519922185331007], rtol=1e-13)
    np.testing.assert_allclose(adam.m[1][0], [-0.004355524235709956], rtol=1e-12)
    np.testing.assert_allclose(adam.v[1][0], [2.6756456206622008e-06], rtol=1e-12)
    np.testing.assert_allclose(model.weights[0][:, 0], [0.6995805026261775, -0.0519050268002956], rtol=1e-13)
    assert model.biases[0][0, 0] == pytest.approx(0.26265831068520945, rel=1e-13)
