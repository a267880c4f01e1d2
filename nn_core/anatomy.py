"""One training step taken apart: every intermediate array of forward, loss, backward and update.

`one_step(model, optimizer, X, Y)` works on deep copies, so the model and optimizer passed in are left
exactly as they were. The numbers come from the core's own code (`Network.forward`/`backward`/`cost`,
`LOSSES`, `DELTAS`, `DERIVATIVES`, the optimizer's `step`), so the parameters after the walk-through are
bit-for-bit those of one `Trainer` step on the same batch. The walk-through runs without dropout.

`check_gradients` runs the core's central-difference check (`gradcheck`) on a copy of the model, on a
random sample of the parameters when the network is too large to check every one in about a second.
Pure NumPy: no Streamlit, no Plotly.
"""
import copy
from dataclasses import dataclass, field

import numpy as np

from .activations import DERIVATIVES, ELU_ALPHA, LEAKY_SLOPE
from .gradcheck import gradient_check, numerical_gradients, relative_error
from .losses import DELTAS, LOSS_NAMES, LOSSES
from .optimizers import SGD, Adam, RMSprop
from .training import clip_by_global_norm


@dataclass
class Stage:
    """One step of the walk-through. `arrays` maps a name to its value (0-d arrays are scalars); `axes`
    says what the rows and columns of an array index: "point" (the batch's rows), an int l (the units of
    layer l, 0 = input features), or None (a single row / a scalar). `layer` is the layer to highlight;
    `groups` lists names that belong together on screen (one parameter's update, say)."""
    key: str
    title: str
    formula: str
    arrays: dict
    layer: int | None = None
    note: str = ""
    axes: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)


ACT_TEX = {
    "sigmoid": r"\sigma(z) = \frac{1}{1+e^{-z}}", "tanh": r"\tanh z", "relu": r"\max(0,\,z)",
    "leaky_relu": rf"\max({LEAKY_SLOPE:g}z,\,z)", "elu": rf"z \text{{ if }} z>0 \text{{ else }} {ELU_ALPHA:g}(e^z-1)",
    "swish": r"z\,\sigma(z)", "softplus": r"\log(1+e^{z})", "sine": r"\sin z", "linear": "z",
}
DACT_TEX = {
    "sigmoid": "a(1-a)", "tanh": "1-a^2", "relu": r"[z>0]", "leaky_relu": rf"[z>0] + {LEAKY_SLOPE:g}\,[z\le 0]",
    "elu": rf"[z>0] + (a+{ELU_ALPHA:g})[z\le 0]", "swish": r"\sigma(z) + a(1-\sigma(z))",
    "softplus": r"\sigma(z)", "sine": r"\cos z", "linear": "1",
}
HEAD_TEX = {"sigmoid": r"\sigma(z)", "softmax": r"\operatorname{softmax}(z)", "linear": "z", "tanh": r"\tanh z"}
LOSS_TEX = {
    "sigmoid": r"L = -\frac{1}{m}\sum_{i,k}\big[y_{ik}\log a_{ik} + (1-y_{ik})\log(1-a_{ik})\big]",
    "softmax": r"L = -\frac{1}{m}\sum_{i,k} y_{ik}\log a_{ik}",
    "linear": r"L = \frac{1}{2m}\sum_{i,k}(a_{ik}-y_{ik})^2",
    "tanh": r"L = \frac{1}{2m}\sum_{i,k}(a_{ik}-y_{ik})^2",
}


def _sup(layer):
    return f"^{{[{layer}]}}"


def _tex_num(v):
    """A number for LaTeX: 1e-08 -> 10^{-8}, 2.5e-05 -> 2.5\\cdot 10^{-5}, 0.9 -> 0.9."""
    text = f"{v:g}"
    if "e" not in text:
        return text
    mant, exp = text.split("e")
    power = f"10^{{{int(exp)}}}"
    return power if mant == "1" else rf"{mant}\cdot {power}"


def _scalar(v):
    return np.asarray(float(v))


def _reg_tex(l1, l2, layer):
    parts = []
    if l2:
        parts.append(rf"\frac{{\lambda_2}}{{m}}W{_sup(layer)}")
    if l1:
        parts.append(rf"\frac{{\lambda_1}}{{m}}\operatorname{{sign}}(W{_sup(layer)})")
    return parts


CACHES = ("z_values", "activations", "_hidden", "_masks")   # a Network's record of its last forward pass


def copy_model(model):
    """`copy.deepcopy(model)` without its record of the last forward pass (after a grid evaluation that can
    be tens of MB); every copy starts with empty caches."""
    memo = {id(getattr(model, name)): [] for name in CACHES if isinstance(getattr(model, name, None), list)}
    return copy.deepcopy(model, memo)


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
    m, L, head = X.shape[0], net.n_layers, net.output
    with np.errstate(all="ignore"):
        stages = _forward_stages(net, X, dropout)
        before = {"W": [W.copy() for W in net.weights], "b": [b.copy() for b in net.biases]}
        zs, acts = list(net.z_values), list(net.activations)
        data_before = float(LOSSES[head](zs[-1], Y))
        penalty_before = net.penalty(m, l1, l2)
        stages.append(_loss_stage(net, zs, acts, Y, l1, l2, data_before, penalty_before))
        grads = net.backward(Y, l1, l2)     # the core's gradients: what the trainer steps with
        stages += _backward_stages(net, zs, acts, Y, l1, l2, grads)
        if clip_norm:
            total = clip_by_global_norm(grads, clip_norm)
            stages.append(Stage(
                "clip", "Gradient clipping", r"g \leftarrow g\cdot\min\Big(1,\ \frac{c}{\lVert g\rVert + 10^{-6}}\Big)",
                {"global norm ‖g‖": _scalar(total), "max norm c": _scalar(clip_norm),
                 "scale": _scalar(min(1.0, clip_norm / (total + 1e-6)))},
                note="All gradients together are scaled down when their global norm exceeds c."
                + ("" if total > clip_norm else " Here it does not: they are used as they are."),
                axes={}))
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
    change = data_after + penalty_after - data_before - penalty_before
    stages.append(Stage(
        "result", "After the step", r"J_{\text{after}} - J_{\text{before}} = " + f"{change:+.4g}", result,
        note=f"The cost on this batch went from {data_before + penalty_before:.6g} to "
             f"{data_after + penalty_after:.6g} ({'down' if change < 0 else 'up' if change > 0 else 'unchanged'}). "
             "These are the parameters the playground would have after this step.",
        axes=axes, groups=groups))
    return stages


def _forward_stages(net, X, dropout):
    net.forward(X, train=True)     # dropout is 0 on the copy, so this is the trainer's forward pass
    zs, acts, L = net.z_values, net.activations, net.n_layers
    stages = []
    for i in range(L):
        layer, last = i + 1, i == L - 1
        f = HEAD_TEX[net.output] if last else ACT_TEX[net.activation]
        fname = (f"the output head ({net.output})" if last else f"the activation ({net.activation})")
        note = (f"Each of the {X.shape[0]} point(s) is a row: ({X.shape[0]}×{net.sizes[i]})·"
                f"({net.sizes[i]}×{net.sizes[layer]}) + (1×{net.sizes[layer]}) → ({X.shape[0]}×{net.sizes[layer]}); "
                f"then {fname} is applied to every entry.")
        if i == 0:
            note = ("a[0] is the batch of input features. " + note
                    + (f" This network trains with dropout {dropout:g}; the walk-through runs without it."
                       if dropout else " No dropout (the walk-through always runs without it)."))
        if last and net.output == "softmax":
            note += " Softmax works on each row: a = e^z / Σ e^z, so every row sums to 1."
        stages.append(Stage(
            f"forward-{layer}", f"Forward, layer {layer}" + (" (output)" if last else ""),
            rf"z{_sup(layer)} = a{_sup(layer - 1)}\,W{_sup(layer)} + b{_sup(layer)}, \qquad a{_sup(layer)} = {f}",
            {f"a[{i}]": acts[i], f"W[{layer}]": net.params[2 * i].copy(), f"b[{layer}]": net.params[2 * i + 1].copy(),
             f"z[{layer}]": zs[i], f"a[{layer}]": acts[layer]},
            layer=layer, note=note,
            axes={f"a[{i}]": ("point", i), f"W[{layer}]": (i, layer), f"b[{layer}]": (None, layer),
                  f"z[{layer}]": ("point", layer), f"a[{layer}]": ("point", layer)}))
    return stages


def _loss_stage(net, zs, acts, Y, l1, l2, data, penalty):
    L, head, m = net.n_layers, net.output, Y.shape[0]
    per_point = np.array([[LOSSES[head](zs[-1][r:r + 1], Y[r:r + 1])] for r in range(m)])
    formula = LOSS_TEX[head]
    reg = []
    if l2:
        reg.append(r"\frac{\lambda_2}{2m}\sum_l \lVert W^{[l]}\rVert^2")
    if l1:
        reg.append(r"\frac{\lambda_1}{m}\sum_l \lvert W^{[l]}\rvert")
    formula += r", \qquad J = L" + "".join(" + " + r for r in reg)
    arrays = {f"a[{L}]": acts[-1], "Y": Y, "loss per point": per_point, "data loss L": _scalar(data)}
    if reg:
        arrays["penalty"] = _scalar(penalty)
    arrays["cost J"] = _scalar(data + penalty)
    lam = ", ".join(f"{n} = {v:g}" for n, v in (("λ₁", l1), ("λ₂", l2)) if v)
    note = (f"{LOSS_NAMES[head].capitalize()}, averaged over the {m} point(s) of the batch"
            + ("; computed from the logits z (not from a) so it stays finite. " if head in ("sigmoid", "softmax")
               else ". ")
            + (f"The regularization penalty ({lam}) is on the weights only, never the biases."
               if reg else "No regularization: the cost J is the data loss L."))
    return Stage("loss", "Loss", formula, arrays, layer=L, note=note,
                 axes={f"a[{L}]": ("point", L), "Y": ("point", L), "loss per point": ("point", None)})


def _ones_derivative(act, z, a):
    """f'(z) entrywise, by the core's own derivative applied to ones."""
    d = np.ones_like(z)
    DERIVATIVES[act](z, a, d)
    return d


def _backward_stages(net, zs, acts, Y, l1, l2, grads):
    L, head, act, m = net.n_layers, net.output, net.activation, Y.shape[0]
    delta = DELTAS[head](zs[-1], acts[-1], Y)
    arrays, axes = {f"a[{L}]": acts[-1], "Y": Y}, {f"a[{L}]": ("point", L), "Y": ("point", L)}
    tex = rf"\delta{_sup(L)} = \frac{{\partial J}}{{\partial z{_sup(L)}}} = \frac{{1}}{{m}}(a{_sup(L)} - Y)"
    if head == "tanh":
        tex += rf"\odot\big(1 - (a{_sup(L)})^2\big)"
        arrays["1 − a²"] = 1.0 - acts[-1] * acts[-1]
        axes["1 − a²"] = ("point", L)
        note = "Squared error through a tanh output: the error a − Y times tanh's slope 1 − a², over m."
    else:
        note = (f"For the {head} output with its matched loss the output's slope cancels: the error on the logits "
                "is simply (prediction − target)/m.")
    arrays[f"δ[{L}]"], axes[f"δ[{L}]"] = delta, ("point", L)
    stages = [Stage("delta-out", "Output error", tex, arrays, layer=L, note=note, axes=axes)]
    for i in range(L - 1, -1, -1):
        layer = i + 1
        arrays, axes, tex, note, groups = {}, {}, "", "", []
        if layer < L:
            W_up = net.params[2 * layer]
            back = delta @ W_up.T
            deriv = _ones_derivative(act, zs[i], acts[layer])
            arrays.update({f"δ[{layer + 1}]": delta, f"W[{layer + 1}]": W_up.copy(),
                           f"δ[{layer + 1}]·W[{layer + 1}]ᵀ": back, f"f′(z[{layer}])": deriv})
            axes.update({f"δ[{layer + 1}]": ("point", layer + 1), f"W[{layer + 1}]": (layer, layer + 1),
                         f"δ[{layer + 1}]·W[{layer + 1}]ᵀ": ("point", layer), f"f′(z[{layer}])": ("point", layer)})
            delta = back.copy()
            DERIVATIVES[act](zs[i], acts[layer], delta)     # the core's own in-place product, as in backward()
            groups += [[f"δ[{layer + 1}]", f"W[{layer + 1}]", f"δ[{layer + 1}]·W[{layer + 1}]ᵀ"],
                       [f"f′(z[{layer}])", f"δ[{layer}]"]]
            tex = (rf"\delta{_sup(layer)} = \big(\delta{_sup(layer + 1)}\,W^{{[{layer + 1}]\top}}\big)"
                   rf"\odot f'(z{_sup(layer)}),\quad f'(z) = {DACT_TEX[act]} \\ ")
            note = ("The error is sent back through the weights of the layer above, then multiplied by the slope of "
                    f"the activation ({act}) at each neuron's z. ")
        arrays[f"δ[{layer}]"], axes[f"δ[{layer}]"] = delta, ("point", layer)
        arrays[f"a[{i}]"], axes[f"a[{i}]"] = acts[i], ("point", i)
        arrays[f"a[{i}]ᵀ·δ[{layer}]"], axes[f"a[{i}]ᵀ·δ[{layer}]"] = acts[i].T @ delta, (i, layer)
        W, reg_names = net.params[2 * i], []
        if l2:
            arrays[f"λ₂/m·W[{layer}]"], axes[f"λ₂/m·W[{layer}]"] = (l2 / m) * W, (i, layer)
            reg_names.append(f"L2 (λ₂ = {l2:g})")
        if l1:
            arrays[f"λ₁/m·sign(W[{layer}])"], axes[f"λ₁/m·sign(W[{layer}])"] = (l1 / m) * np.sign(W), (i, layer)
            reg_names.append(f"L1 (λ₁ = {l1:g})")
        arrays[f"dW[{layer}]"], axes[f"dW[{layer}]"] = grads[2 * i].copy(), (i, layer)      # copies: clipping
        arrays[f"db[{layer}]"], axes[f"db[{layer}]"] = grads[2 * i + 1].copy(), (None, layer)  # scales in place
        grad_names = [k for k in arrays if k not in sum(groups, [])]
        groups += [grad_names[:-2], grad_names[-2:]]
        tex += (rf"\frac{{\partial J}}{{\partial W{_sup(layer)}}} = a^{{[{i}]\top}}\,\delta{_sup(layer)}"
                + "".join(" + " + r for r in _reg_tex(l1, l2, layer))
                + rf", \qquad \frac{{\partial J}}{{\partial b{_sup(layer)}}} = \sum_i \delta{_sup(layer)}_i")
        note += ("dW sums, over the points of the batch, each input times the error it fed; db sums the errors "
                 "(the 1/m is already inside δ).")
        if reg_names:
            note += f" The {' and '.join(reg_names)} term is added to dW only (biases are not regularized)."
        if layer < L:
            tex = r"\begin{gathered}" + tex + r"\end{gathered}"
        stages.append(Stage(f"backward-{layer}", f"Backward, layer {layer}", tex, arrays, layer=layer, note=note,
                            axes=axes, groups=groups))
    return stages


def _optimizer_kind(opt):
    if isinstance(opt, SGD):
        return "sgd" if opt.momentum == 0 else ("nesterov" if opt.nesterov else "momentum")
    if isinstance(opt, RMSprop):
        return "rmsprop"
    if isinstance(opt, Adam):
        return "adam"
    return "other"


def _update_stages(net, opt, state_before, before, grads):
    """One stage a layer: the optimizer's arithmetic for W and b, with its state before and after."""
    kind, stages = _optimizer_kind(opt), []
    state_after = opt.state()
    lr = getattr(opt, "lr", float("nan"))
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
        tex, note = _update_tex(kind, opt, state_before, layer)
        stages.append(Stage(f"update-{layer}", f"Update, layer {layer} ({kind})", tex, arrays, layer=layer,
                            note=f"Learning rate η = {lr:g}. " + note, axes=axes, groups=groups))
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


def _update_tex(kind, opt, before, layer):
    P = rf"\theta{_sup(layer)}"
    g = rf"\frac{{\partial J}}{{\partial {P}}}"
    if kind == "sgd":
        return (rf"{P} \leftarrow {P} - \eta\,{g}, \qquad \theta \in \{{W, b\}}",
                "Plain gradient descent: each parameter moves against its gradient, scaled by η.")
    if kind in ("momentum", "nesterov"):
        mu = opt.momentum
        v = (rf"v \leftarrow {g}\ \text{{(first step)}}" if before is None
             else rf"v \leftarrow \mu v + {g}" if not opt.dampening
             else rf"v \leftarrow \mu v + (1-{opt.dampening:g})\,{g}")
        if kind == "nesterov":
            return (rf"{v}, \qquad {P} \leftarrow {P} - \eta\,({g} + \mu v), \quad \mu = {mu:g}",
                    "Nesterov momentum (PyTorch's form): the step looks ahead along the updated velocity v."
                    + (" On the first step the velocity starts as the gradient itself." if before is None else ""))
        return (rf"{v}, \qquad {P} \leftarrow {P} - \eta\, v, \quad \mu = {mu:g}",
                "Momentum: v is a running sum of past gradients (the velocity buffer); the step follows v."
                + (" On the first step the velocity starts as the gradient itself." if before is None else ""))
    if kind == "rmsprop":
        return (rf"s \leftarrow \alpha s + (1-\alpha)\,\Big({g}\Big)^2, \qquad {P} \leftarrow {P} - "
                rf"\frac{{\eta\,{g}}}{{\sqrt{{s}} + \varepsilon}}, \quad \alpha = {opt.alpha:g},\ "
                rf"\varepsilon = {_tex_num(opt.eps)}",
                "RMSprop divides each step by a running root-mean-square of that parameter's gradient (s starts at 0).")
    if kind == "adam":
        b1, b2 = opt.betas
        return (rf"\begin{{gathered}} m \leftarrow \beta_1 m + (1-\beta_1)\,{g}, \quad v \leftarrow \beta_2 v + "
                rf"(1-\beta_2)\Big({g}\Big)^2 \\ \hat m = \frac{{m}}{{1-\beta_1^t}}, \quad "
                rf"\hat v = \frac{{v}}{{1-\beta_2^t}}, \qquad {P} \leftarrow {P} - \frac{{\eta\,\hat m}}"
                rf"{{\sqrt{{\hat v}} + \varepsilon}} \\ \beta_1 = {b1:g},\ \beta_2 = {b2:g},\ "
                rf"\varepsilon = {_tex_num(opt.eps)} \end{{gathered}}",
                "Adam keeps a running mean m and a running mean square v of each gradient; dividing by 1 − βᵗ "
                "corrects their start at 0 (t counts the steps taken, this one included).")
    return (rf"{P} \leftarrow \text{{optimizer step}}({P}, {g})", "An optimizer this page does not describe.")


# ---- gradient check ------------------------------------------------------------------------------

FULL_CHECK_MAX_PARAMS = 2000   # about a second on a 2-core machine; larger networks are sampled
SAMPLE_WEIGHTS, SAMPLE_BIASES = 100, 32


def verdict(error):
    if not np.isfinite(error):
        return "could not be checked (non-finite values)"
    if error < 1e-6:
        return "backprop agrees"
    if error < 1e-3:
        return "agrees within finite-difference noise"
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
BUGS = {
    "none": "none (the core's backprop)",
    "scale": "layer 1's dW off by 10%",
    "no_reg": "regularization term left out of dW (the tutorial's bug)",
    "sigmoid_derivative": "sigmoid's derivative a(1−a) in every hidden layer (the tutorial's bug)",
}


def broken_gradients(model, X, Y, l1=0.0, l2=0.0, bug="scale"):
    """Deliberately wrong gradients, for showing what the gradient check catches. `model` is unchanged."""
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
            delta = DELTAS[net.output](zs[-1], acts[-1], Y)
            for i in range(net.n_layers - 1, -1, -1):
                W = net.params[2 * i]
                grads[2 * i] = acts[i].T @ delta + (l2 / m) * W + (l1 / m) * np.sign(W)
                grads[2 * i + 1] = delta.sum(axis=0, keepdims=True)
                if i:
                    a = acts[i]
                    delta = (delta @ W.T) * a * (1.0 - a)
        elif bug != "none":
            raise ValueError(f"unknown bug {bug!r}; choose one of {', '.join(BUGS)}")
    return grads


def check_gradients(model, X, Y, l1=0.0, l2=0.0, backprop=None, eps=1e-4, max_params=FULL_CHECK_MAX_PARAMS,
                    sample_weights=SAMPLE_WEIGHTS, sample_biases=SAMPLE_BIASES, seed=0):
    """Backprop against central differences, on a copy of `model` (left unchanged), without dropout.

    Networks with at most `max_params` parameters get `gradcheck.gradient_check` on every parameter;
    larger ones the same five-point differences on a random sample (`sample_weights` weights and
    `sample_biases` biases a layer). Returns rows {"layer", "weights", "biases", "error", "checked",
    "total", "verdict"}; "checked" < "total" when sampled."""
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
