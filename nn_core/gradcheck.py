"""Central-difference check of backprop, layer by layer.

`gradient_check` checks every parameter of a model. `check_gradients` is what the playground runs: on a
copy of the model, without dropout, on every parameter of a small network and on a random sample of a
large one, with a verdict code per layer. `broken_gradients` makes deliberately wrong gradients to feed
it, and `kink_report` counts the values that sit where the cost has no slope.
"""
import numpy as np

from .losses import HEADS
from .network import copy_model
from .registry import check_name


def numerical_gradients(model, X, Y, l1=0.0, l2=0.0, eps=1e-4):
    """d(cost)/d(param) for every parameter by the five-point central difference
    (8·(c(p+ε) - c(p-ε)) - (c(p+2ε) - c(p-2ε))) / 12ε, without dropout. Its error is O(ε⁴) where the
    cost is smooth; rounding adds about 1e-16·|cost|/ε. ReLU's kink at 0 (and L1's at W = 0) is not
    smooth: a value within 2ε of it makes that entry's estimate wrong."""
    grads = []
    for p in model.params:
        g = np.zeros_like(p)
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for j in range(flat.size):
            keep = flat[j]
            c = []
            for step in (eps, -eps, 2 * eps, -2 * eps):
                flat[j] = keep + step
                c.append(model.cost(X, Y, l1, l2))
            flat[j] = keep
            gflat[j] = (8.0 * (c[0] - c[1]) - (c[2] - c[3])) / (12.0 * eps)
        grads.append(g)
    return grads


NORM_FLOOR = 1e-8  # gradients smaller than this are below what finite differences resolve


def relative_error(a, b):
    """‖a - b‖ / max(‖a‖ + ‖b‖, NORM_FLOOR)."""
    a, b = np.ravel(a), np.ravel(b)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), NORM_FLOOR))


def gradient_check(model, X, Y, l1=0.0, l2=0.0, eps=1e-4, backprop=None):
    """Compare backprop (or the given `backprop` gradients) with central differences.

    Returns one row a layer: {"layer", "weights", "biases", "error"}, relative errors of the layer's
    weights, its biases, and of both together (the layer's figure). Y are encoded
    targets (`model.targets(y)`). Dropout is off for the check (the cost must be deterministic)."""
    X = np.asarray(X, dtype=float)
    if backprop is None:
        model.forward(X)
        backprop = model.backward(Y, l1, l2)
    numeric = numerical_gradients(model, X, Y, l1, l2, eps)
    rows = []
    for i in range(model.n_layers):
        ew = relative_error(backprop[2 * i], numeric[2 * i])
        eb = relative_error(backprop[2 * i + 1], numeric[2 * i + 1])
        both = relative_error(np.concatenate([backprop[2 * i].ravel(), backprop[2 * i + 1].ravel()]),
                              np.concatenate([numeric[2 * i].ravel(), numeric[2 * i + 1].ravel()]))
        rows.append({"layer": i + 1, "weights": ew, "biases": eb, "error": both})
    return rows


# ---- the playground's check ------------------------------------------------------------------------

FULL_CHECK_MAX_PARAMS = 2000   # larger networks are sampled (timings in bench/README.md)
SAMPLE_WEIGHTS, SAMPLE_BIASES = 100, 32
VERDICTS = ("agrees", "noise", "disagrees", "nonfinite")
"""Verdict codes: relative error below 1e-6, below 1e-3, at least 1e-3, not finite."""


def verdict(error):
    """The verdict code of a relative error (one of `VERDICTS`)."""
    if not np.isfinite(error):
        return "nonfinite"
    if error < 1e-6:
        return "agrees"
    if error < 1e-3:
        return "noise"
    return "disagrees"


class _Sampled:
    """A stand-in for a model whose `params` are a sample of the real model's entries: the core's
    `numerical_gradients` perturbs them, and `cost` writes them into the real model first."""

    def __init__(self, model, picks):
        self.model, self.picks = model, picks          # picks[j]: flat indices into model.params[j]
        self.params = [model.params[j].reshape(-1)[idx].copy() for j, idx in enumerate(picks)]

    def cost(self, X, Y, l1, l2):
        for p, idx, values in zip(self.model.params, self.picks, self.params):
            p.reshape(-1)[idx] = values
        return self.model.cost(X, Y, l1, l2)


KINKED = ("relu", "leaky_relu")


def kink_report(model, X, l1=0.0, eps=1e-4):
    """Where the cost is not smooth near the checked parameters: hidden pre-activations of ReLU-type units
    exactly at 0 or within 2ε of it (for these points), and, with L1, weights within 2ε of 0. Central
    differences straddle such kinks (at exactly 0, backprop uses the slope 0 and the estimate sees half the
    slope), so the check can disagree there although backprop is right."""
    out = {"exactly": 0, "near": 0, "weights_near": 0}
    if model.activation in KINKED and model.n_layers > 1:
        net = copy_model(model)
        net.dropout = 0.0
        with np.errstate(all="ignore"):
            net.forward(np.ascontiguousarray(X, dtype=float))
        for z in net.z_values[:-1]:
            out["exactly"] += int(np.count_nonzero(z == 0))
            out["near"] += int(np.count_nonzero(np.abs(z) <= 2 * eps))
    if l1:
        out["weights_near"] = int(sum(np.count_nonzero(np.abs(W) <= 2 * eps) for W in model.weights))
    return out


BUGS = ("none", "scale", "no_reg", "sigmoid_derivative")
"""What `broken_gradients` can break: nothing (the core's backprop), layer 1's dW scaled by 1.1, the
regularization term left out of dW, sigmoid's derivative a(1-a) used in every hidden layer."""


def broken_gradients(model, X, Y, l1=0.0, l2=0.0, bug="scale"):
    """Deliberately wrong gradients (`bug` from `BUGS`), for showing what the gradient check catches.
    `model` is unchanged."""
    check_name(BUGS, bug, "bug")
    net = copy_model(model)
    net.dropout = 0.0
    X = np.ascontiguousarray(X, dtype=float)
    with np.errstate(all="ignore"):
        net.forward(X)
        if bug == "no_reg":
            return net.backward(Y, 0.0, 0.0)
        grads = net.backward(Y, l1, l2)
        if bug == "scale":
            grads[0] = grads[0] * 1.1
        elif bug == "sigmoid_derivative":
            zs, acts, m = net.z_values, net.activations, Y.shape[0]
            delta = HEADS[net.output].delta(zs[-1], acts[-1], Y)
            for i in range(net.n_layers - 1, -1, -1):
                W = net.params[2 * i]
                grads[2 * i] = acts[i].T @ delta + (l2 / m) * W + (l1 / m) * np.sign(W)
                grads[2 * i + 1] = delta.sum(axis=0, keepdims=True)
                if i:
                    a = acts[i]
                    delta = (delta @ W.T) * a * (1.0 - a)
    return grads


def check_gradients(model, X, Y, l1=0.0, l2=0.0, backprop=None, eps=1e-4, max_params=FULL_CHECK_MAX_PARAMS,
                    sample_weights=SAMPLE_WEIGHTS, sample_biases=SAMPLE_BIASES, seed=0):
    """Backprop against central differences, on a copy of `model` (left unchanged), without dropout.

    Networks with at most `max_params` parameters get `gradcheck.gradient_check` on every parameter;
    larger ones the same five-point differences on a random sample (`sample_weights` weights and
    `sample_biases` biases a layer). Returns rows {"layer", "weights", "biases", "error", "checked",
    "total", "verdict"}; "checked" < "total" when sampled; "verdict" is a code from `VERDICTS`."""
    net = copy_model(model)
    net.dropout = 0.0
    X = np.ascontiguousarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float) if np.asarray(Y).ndim == 2 else net.targets(Y)
    with np.errstate(all="ignore"):
        if backprop is None:
            net.forward(X)
            backprop = net.backward(Y, l1, l2)
        total = sum(p.size for p in net.params)
        if total <= max_params:
            rows = gradient_check(net, X, Y, l1, l2, eps=eps, backprop=backprop)
            for row in rows:
                i = row["layer"] - 1
                row["checked"] = row["total"] = net.params[2 * i].size + net.params[2 * i + 1].size
        else:
            rng = np.random.default_rng(seed)
            picks = []
            for j, p in enumerate(net.params):
                k = min(p.size, sample_biases if j % 2 else sample_weights)
                picks.append(np.sort(rng.choice(p.size, k, replace=False)))
            proxy = _Sampled(net, picks)
            numeric = numerical_gradients(proxy, X, Y, l1, l2, eps)
            proxy.cost(X, Y, l1, l2)           # leaves every entry at its original value
            picked = [np.ravel(g)[idx] for g, idx in zip(backprop, picks)]
            rows = []
            for i in range(net.n_layers):
                w, b = 2 * i, 2 * i + 1
                rows.append({
                    "layer": i + 1, "weights": relative_error(picked[w], numeric[w]),
                    "biases": relative_error(picked[b], numeric[b]),
                    "error": relative_error(np.concatenate([picked[w], picked[b]]),
                                            np.concatenate([numeric[w], numeric[b]])),
                    "checked": picks[w].size + picks[b].size, "total": net.params[w].size + net.params[b].size})
    for row in rows:
        row["verdict"] = verdict(row["error"])
    return rows
