"""Central-difference check of backprop, layer by layer."""
import numpy as np


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
