"""Each optimizer's first steps against torch.optim's update rule, written out by hand."""
import math

import numpy as np
import pytest

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


def test_matches_torch_when_installed():
    torch = pytest.importorskip("torch")
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
