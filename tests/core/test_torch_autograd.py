"""The core's backward against PyTorch autograd on the same cost, in float64: every activation × head ×
regularizer, with dropout (the same masks) and with gradient clipping."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_network import random_problem

from nn_core import Network
from nn_core.activations import ACTIVATIONS, ELU_ALPHA, LEAKY_SLOPE
from nn_core.gradcheck import relative_error
from nn_core.losses import HEADS
from nn_core.optimizers import clip_by_global_norm

REGULARIZERS = {"none": (0.0, 0.0), "l1": (0.3, 0.0), "l2": (0.0, 0.7)}
TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, LEAKY_SLOPE), "elu": lambda z: F.elu(z, ELU_ALPHA),
    "swish": F.silu, "softplus": lambda z: torch.logaddexp(z, torch.zeros_like(z)), "sine": torch.sin,
    "linear": lambda z: z,
}
TORCH_LOSSES = {   # mean over the m rows of the per-row loss summed over outputs, from the logits z
    "sigmoid": lambda z, Y: F.binary_cross_entropy_with_logits(z, Y, reduction="sum") / len(z),
    "softmax": lambda z, Y: -(Y * F.log_softmax(z, dim=1)).sum() / len(z),
    "linear": lambda z, Y: 0.5 * ((z - Y) ** 2).sum() / len(z),
    "tanh": lambda z, Y: 0.5 * ((torch.tanh(z) - Y) ** 2).sum() / len(z),
}


def problem(activation, head, seed=0, dropout=0.0):
    sizes = [3, 5, 4, 3 if head == "softmax" else 2]
    model = Network(sizes, activation=activation, output=head, seed=seed, dropout=dropout)
    rng = np.random.default_rng(seed)
    for p in model.params:                      # non-zero biases, so every path is exercised
        p += rng.normal(0, 0.3, p.shape)
    X, y = random_problem(seed, sizes, head)
    return model, X, model.targets(y)


def torch_gradients(model, X, Y, l1, l2, masks=()):
    """Autograd's gradients of data loss + λ2/(2m)·ΣW² + λ1/m·Σ|W|, with inverted-dropout `masks`."""
    params = [torch.tensor(p, requires_grad=True) for p in model.params]
    f = TORCH_ACTIVATIONS[model.activation]
    a, m = torch.tensor(X), len(X)
    for i in range(model.n_layers):
        z = a @ params[2 * i] + params[2 * i + 1]
        if i < model.n_layers - 1:
            a = f(z)
            if masks:
                a = a * torch.tensor(masks[i])
    cost = TORCH_LOSSES[model.output](z, torch.tensor(Y))
    for W in params[0::2]:
        cost = cost + l2 / (2 * m) * (W * W).sum() + l1 / m * W.abs().sum()
    cost.backward()
    return [p.grad.numpy() for p in params], params


def assert_same(ours, theirs):
    for j, (a, b) in enumerate(zip(ours, theirs)):
        assert a.shape == b.shape and a.dtype == b.dtype == np.float64
        assert relative_error(a, b) <= 1e-12, (j, relative_error(a, b))


@pytest.mark.parametrize("reg", list(REGULARIZERS))
@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backward_equals_autograd(activation, head, reg):
    model, X, Y = problem(activation, head, seed=len(activation) + len(head))
    l1, l2 = REGULARIZERS[reg]
    model.forward(X)
    assert all(np.all(z != 0) for z in model.z_values) and all(np.all(W != 0) for W in model.weights)  # no kinks
    assert_same(model.backward(Y, l1, l2), torch_gradients(model, X, Y, l1, l2)[0])


@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize("activation", ["tanh", "relu", "swish"])
def test_backward_with_dropout_equals_autograd_with_the_same_masks(activation, head):
    model, X, Y = problem(activation, head, seed=3, dropout=0.4)
    model.forward(X, train=True)
    masks = [mk.copy() for mk in model._masks]
    assert len(masks) == 2 and all((mk == 0).any() and (mk != 0).any() for mk in masks)
    assert_same(model.backward(Y, 0.1, 0.2), torch_gradients(model, X, Y, 0.1, 0.2, masks)[0])


@pytest.mark.parametrize("max_norm", [0.05, 0.5, 100.0])
def test_clip_by_global_norm_equals_torch_clip_grad_norm(max_norm):
    model, X, Y = problem("tanh", "softmax", seed=5)
    model.forward(X)
    grads = model.backward(Y, 0.0, 0.3)
    _, params = torch_gradients(model, X, Y, 0.0, 0.3)
    total = clip_by_global_norm(grads, max_norm)
    torch_total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    assert abs(total - float(torch_total)) <= 1e-12 * float(torch_total)
    assert (max_norm < total) == (np.sqrt(sum(float(np.sum(g * g)) for g in grads)) < total * (1 - 1e-9))
    assert_same(grads, [p.grad.numpy() for p in params])
