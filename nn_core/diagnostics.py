"""Training diagnostics in plain NumPy: dead / inactive / saturated hidden units, gradient norms, and weight
histograms per layer.

Layer naming: hidden layer i (0-based) is the output of ``model.weights[i]``; its display name is
``"H{i+1}"``. Weight matrix i feeds ``layer_names(n_layers)[i]``: ``H1, H2, ..., output``.

Unit health rules (``unit_health``), per hidden unit over the rows of X (no dropout):

* **relu** -- *dead*: the pre-activation z <= ``dead_eps`` on **every** row. With the default
  ``dead_eps=0`` that is exactly "output 0 and gradient 0 on every row" (the core's ReLU derivative is 0
  for z <= 0), so the unit cannot learn from this data. Also reported as *inactive* (same rule).
* **leaky_relu**, **elu** -- *inactive*: z <= ``dead_eps`` on every row. The gradient there is small
  (leaky slope 0.01, ELU's e^z) but not zero, so these units are not dead; ``dead_*`` is ``None``.
* **tanh**, **sigmoid**, **softplus** -- *saturated*: the unit's derivative is below ``1 - saturation**2``
  of its maximum on at least ``row_share`` (default 90 %) of the rows. For tanh that is |a| > ``saturation``
  (0.95); for sigmoid |2a - 1| > ``saturation``, i.e. a < 0.025 or a > 0.975 (the same cut, since
  2·sigmoid(2z) - 1 = tanh z); for softplus (derivative sigmoid(z)) the flat left tail sigmoid(z) < 0.0975.
* **swish**, **sine**, **linear** -- nothing reported (``check`` is ``None``): linear and sine have no flat
  region, and swish's derivative is only small far out on the negative side.

Keys not meaningful for the activation are ``None``; see :func:`unit_health`.
"""
import math

import numpy as np

from .activations import sigmoid

CHECKS = {"relu": "dead", "leaky_relu": "inactive", "elu": "inactive",
          "tanh": "saturated", "sigmoid": "saturated", "softplus": "saturated"}
"""Which health check applies to each hidden activation (the others have none)."""

NO_CHECK_RULES = {"linear": "no_flat_region", "sine": "no_flat_region", "swish": "fades_far_out"}
"""Why the activations without a check have none: no flat region at all, or a gradient that only fades far
out on the negative side."""


def layer_names(n_layers):
    """Display names of the layers each weight matrix feeds: ``["H1", ..., "output"]``."""
    return [f"H{i + 1}" for i in range(n_layers - 1)] + ["output"]


def rule_code(activation):
    """The rule `unit_health` applies to `activation`: its check ("dead", "inactive", "saturated"), or why
    there is none ("no_flat_region", "fades_far_out", or "none" for an activation this module does not know)."""
    return CHECKS.get(activation) or NO_CHECK_RULES.get(activation, "none")


def unit_health(model, X, *, dead_eps=0.0, saturation=0.95, row_share=0.9):
    """Health of every hidden unit of ``model`` over the rows of ``X`` (one forward pass, no dropout).

    Returns one dict per hidden layer (an empty list without hidden layers), with keys:

    * ``layer`` (0-based index of the weight matrix producing it), ``name`` ("H1", ...), ``activation``,
      ``units``, ``rows`` (rows of X), ``check`` ("dead", "inactive", "saturated" or ``None``), ``rule``
      (the code of :func:`rule_code`) and the thresholds used: ``dead_eps``, ``saturation``, ``row_share``;
    * ``dead`` (bool per unit), ``dead_share`` (share of the layer's units that are dead): ReLU only;
    * ``inactive``, ``inactive_share``, ``inactive_fraction`` (per unit, share of rows with z <= dead_eps):
      ReLU, leaky ReLU and ELU;
    * ``saturated``, ``saturated_share``, ``saturated_fraction`` (per unit, share of rows in the saturated
      range): tanh, sigmoid and softplus.

    Keys that do not apply to the activation are ``None``. The rules are in the module docstring. Note that
    this runs ``model.forward(X)``, which replaces the activations the model keeps for inspection.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"unit_health needs a non-empty 2-D array of rows, got shape {X.shape}")
    if not 0.0 < saturation < 1.0:
        raise ValueError(f"saturation must be in (0, 1), not {saturation}")
    if not 0.0 < row_share <= 1.0:
        raise ValueError(f"row_share must be in (0, 1], not {row_share}")
    with np.errstate(all="ignore"):
        model.forward(X)
    act = model.activation
    check = CHECKS.get(act)
    rule = rule_code(act)
    out = []
    for i in range(model.n_layers - 1):
        z, a = model.z_values[i], model.activations[i + 1]
        entry = {"layer": i, "name": f"H{i + 1}", "activation": act, "units": z.shape[1], "rows": z.shape[0],
                 "check": check, "rule": rule, "dead_eps": dead_eps, "saturation": saturation, "row_share": row_share,
                 "dead": None, "dead_share": None,
                 "inactive": None, "inactive_share": None, "inactive_fraction": None,
                 "saturated": None, "saturated_share": None, "saturated_fraction": None}
        if check in ("dead", "inactive"):
            frac = np.mean(z <= dead_eps, axis=0)
            inactive = frac >= 1.0
            entry.update(inactive=inactive, inactive_share=float(inactive.mean()), inactive_fraction=frac)
            if check == "dead":
                entry.update(dead=inactive.copy(), dead_share=float(inactive.mean()))
        elif check == "saturated":
            with np.errstate(all="ignore"):
                if act == "tanh":
                    flat = np.abs(a) > saturation
                elif act == "sigmoid":
                    flat = np.abs(2.0 * a - 1.0) > saturation
                else:  # softplus: derivative sigmoid(z), maximum 1
                    flat = sigmoid(z) < 1.0 - saturation ** 2
            frac = np.mean(flat, axis=0)
            saturated = frac >= row_share
            entry.update(saturated=saturated, saturated_share=float(saturated.mean()), saturated_fraction=frac)
        out.append(entry)
    return out


def param_norms(grads):
    """L2 norm of every array in ``grads`` (any list of arrays), as a tuple of floats. Cheap: one
    ``np.vdot`` per array, which is why the Trainer uses it once per recorded epoch."""
    return tuple(math.sqrt(float(np.vdot(g, g))) for g in grads)


_NICE = (1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0)


def nice_limit(value):
    """The smallest of 1, 1.5, 2, 3, 5, 7.5 × 10^k that is >= ``value`` (1.0 for 0 or non-finite).
    Used as a histogram range that changes only now and then as the weights grow."""
    value = float(value)
    if not math.isfinite(value) or value <= 0.0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    for m in _NICE:
        if m * scale >= value * (1 - 1e-12):
            return float(f"{m * scale:.12g}")
    return float(f"{10.0 * scale:.12g}")


def weight_histograms(model, bins=20, limit=None):
    """Histogram of each layer's weights (biases not included), one dict per weight matrix:
    ``{"layer", "name" ("H1"..."output"), "shape", "counts" (int, ``bins``), "edges" (``bins + 1``),
    "limit", "n", "nonfinite", "mean", "std", "max_abs"}``.

    The bins span the fixed symmetric range [-limit, limit]: by default ``nice_limit(max |w|)`` of that
    layer (a 1-1.5-2-3-5-7.5 step, so it only moves when the weights cross a step); pass ``limit`` (a number,
    or one per layer) to pin it. Values outside the range are clipped into the end bins; non-finite weights
    are left out and counted in ``nonfinite``.
    """
    bins = int(bins)
    if bins < 1:
        raise ValueError(f"bins must be at least 1, not {bins}")
    weights = model.weights
    limits = [limit] * len(weights) if limit is None or np.isscalar(limit) else list(limit)
    if len(limits) != len(weights):
        raise ValueError(f"expected {len(weights)} limits, got {len(limits)}")
    names = layer_names(len(weights))
    out = []
    for i, (W, lim) in enumerate(zip(weights, limits)):
        w = W.ravel()
        finite = w[np.isfinite(w)]
        max_abs = float(np.max(np.abs(finite))) if finite.size else 0.0
        lim = nice_limit(max_abs) if lim is None else float(lim)
        if not (math.isfinite(lim) and lim > 0):
            raise ValueError(f"a histogram limit must be a positive number, not {lim}")
        counts, edges = np.histogram(np.clip(finite, -lim, lim), bins=bins, range=(-lim, lim))
        out.append({"layer": i, "name": names[i], "shape": W.shape, "counts": counts, "edges": edges,
                    "limit": lim, "n": int(finite.size), "nonfinite": int(w.size - finite.size),
                    "mean": float(finite.mean()) if finite.size else float("nan"),
                    "std": float(finite.std()) if finite.size else float("nan"), "max_abs": max_abs})
    return out
