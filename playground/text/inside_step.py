"""Words and formulas for the "Inside one step" page: a title, a TeX formula and a note for each stage of
`nn_core.anatomy.one_step`, written from the stage's facts, and the gradient check's verdicts and bugs."""
from dataclasses import dataclass

from nn_core.activations import ELU_ALPHA, LEAKY_SLOPE
from playground.text.words import LOSS as LOSS_NAMES
from playground.text.words import counted

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
VERDICT_TEXT = {"agrees": "backprop agrees", "noise": "agrees within finite-difference noise",
                "disagrees": "disagrees", "nonfinite": "could not be checked (non-finite values)"}
BUG_TEXT = {
    "none": "none (the core's backprop)",
    "scale": "layer 1's dW off by 10%",
    "no_reg": "regularization term left out of dW (the tutorial's bug)",
    "sigmoid_derivative": "sigmoid's derivative a(1−a) in every hidden layer (the tutorial's bug)",
}


@dataclass(frozen=True)
class StageText:
    title: str
    formula: str
    note: str


def describe(stage):
    """The title, TeX formula and note of an `anatomy.Stage`."""
    kind = stage.key.split("-")[0]
    return {"forward": _forward, "loss": _loss, "delta": _delta_out, "backward": _backward, "clip": _clip,
            "update": _update, "result": _result}[kind](stage.facts, stage.layer)


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


def _forward(f, layer):
    last, m, n_in, n_out = f["last"], f["m"], f["n_in"], f["n_out"]
    fx = HEAD_TEX[f["head"]] if last else ACT_TEX[f["activation"]]
    fname = f"the output head ({f['head']})" if last else f"the activation ({f['activation']})"
    rows = "The 1 point is a row" if m == 1 else f"Each of the {m} points is a row"
    note = (f"{rows}: ({m}×{n_in})·({n_in}×{n_out}) + (1×{n_out}) → ({m}×{n_out}); "
            f"then {fname} is applied to every entry.")
    if layer == 1:
        dropout = f["dropout"]
        note = ("a[0] is the batch of input features. " + note
                + (f" This network trains with dropout {dropout:g}; the walk-through runs without it."
                   if dropout else " No dropout (the walk-through always runs without it)."))
    if last and f["head"] == "softmax":
        note += " Softmax works on each row: a = e^z / Σ e^z, so every row sums to 1."
    return StageText(
        f"Forward, layer {layer}" + (" (output)" if last else ""),
        rf"z{_sup(layer)} = a{_sup(layer - 1)}\,W{_sup(layer)} + b{_sup(layer)}, \qquad a{_sup(layer)} = {fx}", note)


def _loss(f, layer):
    head, m, l1, l2 = f["head"], f["m"], f["l1"], f["l2"]
    reg = []
    if l2:
        reg.append(r"\frac{\lambda_2}{2m}\sum_l \lVert W^{[l]}\rVert^2")
    if l1:
        reg.append(r"\frac{\lambda_1}{m}\sum_l \lvert W^{[l]}\rvert")
    formula = LOSS_TEX[head] + r", \qquad J = L" + "".join(" + " + r for r in reg)
    lam = ", ".join(f"{n} = {v:g}" for n, v in (("λ₁", l1), ("λ₂", l2)) if v)
    note = (f"{LOSS_NAMES[head].capitalize()}, averaged over the batch's {counted(m, 'point')}"
            + ("; computed from the logits z (not from a) so it stays finite. " if head in ("sigmoid", "softmax")
               else ". ")
            + (f"The regularization penalty ({lam}) is on the weights only, never the biases."
               if reg else "No regularization: the cost J is the data loss L."))
    return StageText("Loss", formula, note)


def _delta_out(f, layer):
    L, head = f["n_layers"], f["head"]
    tex = rf"\delta{_sup(L)} = \frac{{\partial J}}{{\partial z{_sup(L)}}} = \frac{{1}}{{m}}(a{_sup(L)} - Y)"
    if head == "tanh":
        tex += rf"\odot\big(1 - (a{_sup(L)})^2\big)"
        note = "Squared error through a tanh output: the error a − Y times tanh's slope 1 − a², over m."
    else:
        note = (f"For the {head} output with its matched loss the output's slope cancels: the error on the logits "
                "is simply (prediction − target)/m.")
    return StageText("Output error", tex, note)


def _reg_tex(l1, l2, layer):
    parts = []
    if l2:
        parts.append(rf"\frac{{\lambda_2}}{{m}}W{_sup(layer)}")
    if l1:
        parts.append(rf"\frac{{\lambda_1}}{{m}}\operatorname{{sign}}(W{_sup(layer)})")
    return parts


def _backward(f, layer):
    L, act, l1, l2 = f["n_layers"], f["activation"], f["l1"], f["l2"]
    tex, note = "", ""
    if layer < L:
        tex = (rf"\delta{_sup(layer)} = \big(\delta{_sup(layer + 1)}\,W^{{[{layer + 1}]\top}}\big)"
               rf"\odot f'(z{_sup(layer)}),\quad f'(z) = {DACT_TEX[act]} \\ ")
        note = ("The error is sent back through the weights of the layer above, then multiplied by the slope of "
                f"the activation ({act}) at each neuron's z. ")
    i = layer - 1
    tex += (rf"\frac{{\partial J}}{{\partial W{_sup(layer)}}} = a^{{[{i}]\top}}\,\delta{_sup(layer)}"
            + "".join(" + " + r for r in _reg_tex(l1, l2, layer))
            + rf", \qquad \frac{{\partial J}}{{\partial b{_sup(layer)}}} = \sum_i \delta{_sup(layer)}_i")
    note += ("dW sums, over the points of the batch, each input times the error it fed; db sums the errors "
             "(the 1/m is already inside δ).")
    reg_names = ([f"L2 (λ₂ = {l2:g})"] if l2 else []) + ([f"L1 (λ₁ = {l1:g})"] if l1 else [])
    if reg_names:
        note += f" The {' and '.join(reg_names)} term is added to dW only (biases are not regularized)."
    if layer < L:
        tex = r"\begin{gathered}" + tex + r"\end{gathered}"
    return StageText(f"Backward, layer {layer}", tex, note)


def _clip(f, layer):
    return StageText(
        "Gradient clipping", r"g \leftarrow g\cdot\min\Big(1,\ \frac{c}{\lVert g\rVert + 10^{-6}}\Big)",
        "All gradients together are scaled down when their global norm exceeds c."
        + ("" if f["total"] > f["clip_norm"] else " Here it does not: they are used as they are."))


def _update(f, layer):
    tex, note = _update_tex(f, layer)
    return StageText(f"Update, layer {layer} ({f['optimizer']})", tex, f"Learning rate η = {f['lr']:g}. " + note)


def _update_tex(f, layer):
    kind, first = f["optimizer"], f["first_step"]
    P = rf"\theta{_sup(layer)}"
    g = rf"\frac{{\partial J}}{{\partial {P}}}"
    if kind == "sgd":
        return (rf"{P} \leftarrow {P} - \eta\,{g}, \qquad \theta \in \{{W, b\}}",
                "Plain gradient descent: each parameter moves against its gradient, scaled by η.")
    if kind in ("momentum", "nesterov"):
        mu, dampening = f["momentum"], f["dampening"]
        v = (rf"v \leftarrow {g}\ \text{{(first step)}}" if first
             else rf"v \leftarrow \mu v + {g}" if not dampening
             else rf"v \leftarrow \mu v + (1-{dampening:g})\,{g}")
        start = " On the first step the velocity starts as the gradient itself." if first else ""
        if kind == "nesterov":
            return (rf"{v}, \qquad {P} \leftarrow {P} - \eta\,({g} + \mu v), \quad \mu = {mu:g}",
                    "Nesterov momentum (PyTorch's form): the step looks ahead along the updated velocity v." + start)
        return (rf"{v}, \qquad {P} \leftarrow {P} - \eta\, v, \quad \mu = {mu:g}",
                "Momentum: v is a running sum of past gradients (the velocity buffer); the step follows v." + start)
    if kind == "rmsprop":
        return (rf"s \leftarrow \alpha s + (1-\alpha)\,\Big({g}\Big)^2, \qquad {P} \leftarrow {P} - "
                rf"\frac{{\eta\,{g}}}{{\sqrt{{s}} + \varepsilon}}, \quad \alpha = {f['alpha']:g},\ "
                rf"\varepsilon = {_tex_num(f['eps'])}",
                "RMSprop divides each step by a running root-mean-square of that parameter's gradient (s starts at 0).")
    if kind == "adam":
        b1, b2 = f["betas"]
        return (rf"\begin{{gathered}} m \leftarrow \beta_1 m + (1-\beta_1)\,{g}, \quad v \leftarrow \beta_2 v + "
                rf"(1-\beta_2)\Big({g}\Big)^2 \\ \hat m = \frac{{m}}{{1-\beta_1^t}}, \quad "
                rf"\hat v = \frac{{v}}{{1-\beta_2^t}}, \qquad {P} \leftarrow {P} - \frac{{\eta\,\hat m}}"
                rf"{{\sqrt{{\hat v}} + \varepsilon}} \\ \beta_1 = {b1:g},\ \beta_2 = {b2:g},\ "
                rf"\varepsilon = {_tex_num(f['eps'])} \end{{gathered}}",
                "Adam keeps a running mean m and a running mean square v of each gradient; dividing by 1 − βᵗ "
                "corrects their start at 0 (t counts the steps taken, this one included).")
    return (rf"{P} \leftarrow \text{{optimizer step}}({P}, {g})", "An optimizer this page does not describe.")


def _result(f, layer):
    change = f["change"]
    return StageText(
        "After the step", r"J_{\text{after}} - J_{\text{before}} = " + f"{change:+.4g}",
        f"The cost on this batch went from {f['cost_before']:.6g} to {f['cost_after']:.6g} "
        f"({'down' if change < 0 else 'up' if change > 0 else 'unchanged'}). "
        "These are the parameters the playground would have after this step.")
