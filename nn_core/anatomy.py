"""One training step taken apart: every intermediate array of forward, loss, backward and update.

`one_step(model, optimizer, X, Y)` works on deep copies, so the model and optimizer passed in are left
exactly as they were. The numbers come from the core's own code (`Network.forward`/`backward`/`cost`,
the head's loss and delta, the activation's derivative, the optimizer's `step`), so the parameters after
the walk-through are bit-for-bit those of one `Trainer` step on the same batch. The walk-through runs
without dropout. Each stage carries numbers and facts only; the playground puts them into words.
"""
import copy
from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS
from .losses import HEADS
from .network import copy_model
from .optimizers import SGD, Adam, RMSprop, clip_by_global_norm


@dataclass
class Stage:
    """One step of the walk-through. `key` names it ("forward-1", "loss", "delta-out", "backward-2",
    "clip", "update-1", "result"). `arrays` maps a name to its value (0-d arrays are scalars); `axes`
    says what the rows and columns of an array index: "point" (the batch's rows), an int l (the units of
    layer l, 0 = input features), or None (a single row / a scalar). `layer` is the layer to highlight;
    `groups` lists names that belong together on screen (one parameter's update, say). `facts` holds what
    a description of the stage needs: layer sizes, names of the activation, head and optimizer,
    hyperparameters, costs."""
    key: str
    arrays: dict
    layer: int | None = None
    facts: dict = field(default_factory=dict)
    axes: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)


def _scalar(v):
    return np.asarray(float(v))


def one_step(model, optimizer, X, Y, l1=0.0, l2=0.0, clip_norm=None):
    """Every stage of one training step of `model` with `optimizer` on the batch (X, Y), as a list of
    `Stage`. Y are encoded targets (`model.targets(labels)`); 1-D labels are encoded here. Neither
    `model` nor `optimizer` is modified."""
    net, opt = copy_model(model), copy.deepcopy(optimizer)
    dropout, net.dropout = net.dropout, 0.0
    X = np.ascontiguousarray(X, dtype=float)
    Y = np.asarray(Y)
    if Y.ndim == 1:
        Y = net.targets(Y)
    Y = np.asarray(Y, dtype=float)
    m, L = X.shape[0], net.n_layers
    with np.errstate(all="ignore"):
        stages = _forward_stages(net, X, dropout)
        before = {"W": [W.copy() for W in net.weights], "b": [b.copy() for b in net.biases]}
        zs, acts = list(net.z_values), list(net.activations)
        data_before = float(HEADS[net.output].loss(zs[-1], Y))
        penalty_before = net.penalty(m, l1, l2)
        stages.append(_loss_stage(net, zs, acts, Y, l1, l2, data_before, penalty_before))
        grads = net.backward(Y, l1, l2)     # the core's gradients: what the trainer steps with
        stages += _backward_stages(net, zs, acts, Y, l1, l2, grads)
        if clip_norm:
            total = clip_by_global_norm(grads, clip_norm)
            stages.append(Stage(
                "clip", {"global norm ‖g‖": _scalar(total), "max norm c": _scalar(clip_norm),
                         "scale": _scalar(min(1.0, clip_norm / (total + 1e-6)))},
                facts={"total": total, "clip_norm": clip_norm}))
        state_before = opt.state()
        opt.step(net.params, grads)         # the core's update, on the copies
        stages += _update_stages(net, opt, state_before, before, grads)
        data_after = net.data_loss(X, Y)
        penalty_after = net.penalty(m, l1, l2)
        out_after = net.activations[-1].copy()
    result = {"cost before": _scalar(data_before + penalty_before), "cost after": _scalar(data_after + penalty_after),
              "data loss before": _scalar(data_before), "data loss after": _scalar(data_after)}
    if l1 or l2:
        result["penalty before"] = _scalar(penalty_before)
        result["penalty after"] = _scalar(penalty_after)
    result[f"a[{L}] before"] = acts[-1]
    result[f"a[{L}] after"] = out_after
    axes = {f"a[{L}] before": ("point", L), f"a[{L}] after": ("point", L)}
    for i in range(L):
        result[f"W[{i + 1}] after"] = net.weights[i].copy()
        result[f"b[{i + 1}] after"] = net.biases[i].copy()
        axes[f"W[{i + 1}] after"] = (i, i + 1)
        axes[f"b[{i + 1}] after"] = (None, i + 1)
    groups = [[f"a[{L}] before", f"a[{L}] after"]] + [[f"W[{i + 1}] after", f"b[{i + 1}] after"] for i in range(L)]
    facts = {"cost_before": data_before + penalty_before, "cost_after": data_after + penalty_after,
             "change": data_after + penalty_after - data_before - penalty_before}
    stages.append(Stage("result", result, facts=facts, axes=axes, groups=groups))
    return stages


def _forward_stages(net, X, dropout):
    net.forward(X, train=True)     # dropout is 0 on the copy, so this is the trainer's forward pass
    zs, acts, L = net.z_values, net.activations, net.n_layers
    stages = []
    for i in range(L):
        layer = i + 1
        facts = {"last": i == L - 1, "activation": net.activation, "head": net.output, "m": X.shape[0],
                 "n_in": net.sizes[i], "n_out": net.sizes[layer], "dropout": dropout}
        stages.append(Stage(
            f"forward-{layer}",
            {f"a[{i}]": acts[i], f"W[{layer}]": net.params[2 * i].copy(), f"b[{layer}]": net.params[2 * i + 1].copy(),
             f"z[{layer}]": zs[i], f"a[{layer}]": acts[layer]},
            layer=layer, facts=facts,
            axes={f"a[{i}]": ("point", i), f"W[{layer}]": (i, layer), f"b[{layer}]": (None, layer),
                  f"z[{layer}]": ("point", layer), f"a[{layer}]": ("point", layer)}))
    return stages


def _loss_stage(net, zs, acts, Y, l1, l2, data, penalty):
    L, head, m = net.n_layers, net.output, Y.shape[0]
    loss = HEADS[head].loss
    per_point = np.array([[loss(zs[-1][r:r + 1], Y[r:r + 1])] for r in range(m)])
    arrays = {f"a[{L}]": acts[-1], "Y": Y, "loss per point": per_point, "data loss L": _scalar(data)}
    if l1 or l2:
        arrays["penalty"] = _scalar(penalty)
    arrays["cost J"] = _scalar(data + penalty)
    return Stage("loss", arrays, layer=L, facts={"head": head, "m": m, "l1": l1, "l2": l2},
                 axes={f"a[{L}]": ("point", L), "Y": ("point", L), "loss per point": ("point", None)})


def _ones_derivative(derivative, z, a):
    """f'(z) entrywise, by the core's own derivative applied to ones."""
    d = np.ones_like(z)
    derivative(z, a, d)
    return d


def _backward_stages(net, zs, acts, Y, l1, l2, grads):
    L, head, act = net.n_layers, net.output, net.activation
    derivative = ACTIVATIONS[act].derivative
    delta = HEADS[head].delta(zs[-1], acts[-1], Y)
    arrays, axes = {f"a[{L}]": acts[-1], "Y": Y}, {f"a[{L}]": ("point", L), "Y": ("point", L)}
    if head == "tanh":
        arrays["1 − a²"] = 1.0 - acts[-1] * acts[-1]
        axes["1 − a²"] = ("point", L)
    arrays[f"δ[{L}]"], axes[f"δ[{L}]"] = delta, ("point", L)
    stages = [Stage("delta-out", arrays, layer=L, facts={"head": head, "n_layers": L}, axes=axes)]
    for i in range(L - 1, -1, -1):
        layer = i + 1
        arrays, axes, groups = {}, {}, []
        if layer < L:
            W_up = net.params[2 * layer]
            back = delta @ W_up.T
            deriv = _ones_derivative(derivative, zs[i], acts[layer])
            arrays.update({f"δ[{layer + 1}]": delta, f"W[{layer + 1}]": W_up.copy(),
                           f"δ[{layer + 1}]·W[{layer + 1}]ᵀ": back, f"f′(z[{layer}])": deriv})
            axes.update({f"δ[{layer + 1}]": ("point", layer + 1), f"W[{layer + 1}]": (layer, layer + 1),
                         f"δ[{layer + 1}]·W[{layer + 1}]ᵀ": ("point", layer), f"f′(z[{layer}])": ("point", layer)})
            delta = back.copy()
            derivative(zs[i], acts[layer], delta)     # the core's own in-place product, as in backward()
            groups += [[f"δ[{layer + 1}]", f"W[{layer + 1}]", f"δ[{layer + 1}]·W[{layer + 1}]ᵀ"],
                       [f"f′(z[{layer}])", f"δ[{layer}]"]]
        arrays[f"δ[{layer}]"], axes[f"δ[{layer}]"] = delta, ("point", layer)
        arrays[f"a[{i}]"], axes[f"a[{i}]"] = acts[i], ("point", i)
        arrays[f"a[{i}]ᵀ·δ[{layer}]"], axes[f"a[{i}]ᵀ·δ[{layer}]"] = acts[i].T @ delta, (i, layer)
        W, m = net.params[2 * i], Y.shape[0]
        if l2:
            arrays[f"λ₂/m·W[{layer}]"], axes[f"λ₂/m·W[{layer}]"] = (l2 / m) * W, (i, layer)
        if l1:
            arrays[f"λ₁/m·sign(W[{layer}])"], axes[f"λ₁/m·sign(W[{layer}])"] = (l1 / m) * np.sign(W), (i, layer)
        arrays[f"dW[{layer}]"], axes[f"dW[{layer}]"] = grads[2 * i].copy(), (i, layer)      # copies: clipping
        arrays[f"db[{layer}]"], axes[f"db[{layer}]"] = grads[2 * i + 1].copy(), (None, layer)  # scales in place
        grad_names = [k for k in arrays if k not in sum(groups, [])]
        groups += [grad_names[:-2], grad_names[-2:]]
        stages.append(Stage(f"backward-{layer}", arrays, layer=layer,
                            facts={"n_layers": L, "activation": act, "l1": l1, "l2": l2}, axes=axes, groups=groups))
    return stages


def optimizer_kind(opt):
    """The name `make_optimizer` knows `opt` by ("sgd", "momentum", "nesterov", "rmsprop", "adam"), or
    "other"."""
    if isinstance(opt, SGD):
        return "sgd" if opt.momentum == 0 else ("nesterov" if opt.nesterov else "momentum")
    if isinstance(opt, RMSprop):
        return "rmsprop"
    if isinstance(opt, Adam):
        return "adam"
    return "other"


HYPERPARAMETERS = ("lr", "momentum", "dampening", "alpha", "betas", "eps")


def _update_stages(net, opt, state_before, before, grads):
    """One stage a layer: the optimizer's arithmetic for W and b, with its state before and after."""
    kind, stages = optimizer_kind(opt), []
    state_after = opt.state()
    facts = {"optimizer": kind, "first_step": state_before is None, "lr": float("nan")}
    facts.update({k: getattr(opt, k) for k in HYPERPARAMETERS if hasattr(opt, k)})
    for i in range(net.n_layers):
        layer = i + 1
        arrays, axes, groups = {}, {}, []
        for name, j, ax in (("W", 2 * i, (i, layer)), ("b", 2 * i + 1, (None, layer))):
            p = f"{name}[{layer}]"
            g = grads[j]
            arrays[f"{p} before"], axes[f"{p} before"] = before[name][i], ax
            arrays[f"d{p}"], axes[f"d{p}"] = g.copy(), ax
            extra = _optimizer_arrays(kind, opt, state_before, state_after, j, p, g)
            for k, v in extra.items():
                arrays[k] = v
                if v.ndim:
                    axes[k] = ax
            after = net.params[j].copy()
            arrays[f"{p} after"], axes[f"{p} after"] = after, ax
            arrays[f"change of {p}"], axes[f"change of {p}"] = after - before[name][i], ax
            state_names = [k for k, v in extra.items() if v.ndim]
            groups += [[f"{p} before", f"d{p}"]] + ([state_names] if state_names else []) + [
                [f"{p} after", f"change of {p}"]]
        stages.append(Stage(f"update-{layer}", arrays, layer=layer, facts=dict(facts), axes=axes, groups=groups))
    return stages


def _optimizer_arrays(kind, opt, before, after, j, p, g):
    if kind == "sgd" or kind == "other":
        return {}
    if kind in ("momentum", "nesterov"):
        out = {}
        if before is not None:
            out[f"v({p}) before"] = before[j]
        out[f"v({p}) after"] = after[j]
        if kind == "nesterov":
            out[f"d{p} + μ·v"] = g + opt.momentum * after[j]
        return out
    if kind == "rmsprop":
        s_before = np.zeros_like(g) if before is None else before[j]
        return {f"s({p}) before": s_before, f"s({p}) after": after[j],
                f"√s + ε ({p})": np.sqrt(after[j]) + opt.eps}
    t, ms, vs = after
    b1, b2 = opt.betas
    m_before = np.zeros_like(g) if before is None else before[1][j]
    v_before = np.zeros_like(g) if before is None else before[2][j]
    c1, c2 = 1.0 - b1 ** t, 1.0 - b2 ** t
    out = {f"m({p}) before": m_before, f"m({p}) after": ms[j], f"v({p}) before": v_before, f"v({p}) after": vs[j],
           f"m̂({p}) = m/(1−β₁ᵗ)": ms[j] / c1, f"v̂({p}) = v/(1−β₂ᵗ)": vs[j] / c2}
    if p.startswith("W"):
        out = {"t": np.asarray(float(t)), "1 − β₁ᵗ": np.asarray(c1), "1 − β₂ᵗ": np.asarray(c2), **out}
    return out
