"""The playground's controls: defaults, limits, tooltips, and validation of URL parameters.

One table (`CONTROLS`) drives the widgets, the URL check and the server-side limits, so a URL can ask
only for what a widget could. No Streamlit here.
"""
from dataclasses import dataclass

from nn_core.datasets import FEATURES, dataset_names

from .help import ACT_HELP, DATASETS, HEAD_HELP, INIT_DESCRIPTIONS, OPT_HELP

PROBLEMS = {"binary": "Binary classification", "multiclass": "Multi-class classification",
            "regression": "Regression"}
HEADS = {"binary": ("sigmoid", "tanh"), "multiclass": ("softmax",), "regression": ("linear", "tanh")}
DEFAULT_DATASET = {"binary": "circle", "multiclass": "multi_spiral", "regression": "plane"}
LEARNING_RATES = (0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05,
                  0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
REG_RATES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_LAYERS, MAX_NEURONS = 8, 32
DEFAULT_HIDDEN = (4, 2, 2, 2, 2, 2, 2, 2)


@dataclass(frozen=True)
class Control:
    key: str            # session-state key and URL parameter name
    label: str
    kind: str           # select | multi | int | slider | choice (a slider over `options`) | toggle
    default: object
    help: str
    options: tuple = ()
    lo: float = 0
    hi: float = 0
    group: str = "model"  # data | model | live | view: what a change does (see session.py)


def _ds_help():
    return "; ".join(f"{k}: {v['description']}" for k, v in DATASETS.items())


CONTROLS = [
    Control("problem", "Problem", "select", "binary", "What the network learns: two classes, several "
            "classes, or a real number (regression).", tuple(PROBLEMS), group="data"),
    Control("dataset", "Dataset", "select", "circle", "The 2-D data to learn. " + _ds_help(),
            tuple(DATASETS), group="data"),
    Control("classes", "Classes", "slider", 3, "Number of classes for a multi-class dataset.", lo=3, hi=6,
            group="data"),
    Control("points", "Points", "slider", 500, "How many data points to generate (train + test).",
            lo=50, hi=2000, group="data"),
    Control("noise", "Noise (%)", "slider", 0, "How much the points scatter across the true boundary "
            "(TF Playground's 0–50 scale).", lo=0, hi=50, group="data"),
    Control("train_pct", "Training data (%)", "slider", 50, "Share of the points used for training; the rest "
            "are held out to measure the test loss.", lo=10, hi=90, group="data"),
    Control("data_seed", "Data seed", "int", 0, "Seed of the random data. 'Regenerate data' picks a new one "
            "and keeps the network.", lo=0, hi=2**31 - 1, group="regen"),
    Control("features", "Input features", "multi", ("x1", "x2"), "What the network sees of each point: the "
            "coordinates x₁, x₂ and functions of them. Extra features can make a hard problem easy.",
            tuple(FEATURES)),
    Control("layers", "Hidden layers", "int", 2, "Number of hidden layers (0 = a linear model on the "
            f"features). At most {MAX_LAYERS}.", lo=0, hi=MAX_LAYERS),
    *[Control(f"h{i}", f"Layer {i}", "int", DEFAULT_HIDDEN[i - 1], f"Neurons in hidden layer {i} "
              f"(1–{MAX_NEURONS}).", lo=1, hi=MAX_NEURONS) for i in range(1, MAX_LAYERS + 1)],
    Control("activation", "Activation", "select", "tanh", "Non-linearity of the hidden neurons. "
            + " ".join(f"{k}: {v}" for k, v in ACT_HELP.items()), tuple(ACT_HELP)),
    Control("head", "Output / loss", "select", "sigmoid", "Output activation and the loss it is trained "
            "with. " + " ".join(f"{k}: {v}" for k, v in HEAD_HELP.items()), tuple(HEAD_HELP)),
    Control("init", "Initializer", "select", "xavier", "How the weights start. "
            + " ".join(f"{k}: {v}" for k, v in INIT_DESCRIPTIONS.items()), tuple(INIT_DESCRIPTIONS)),
    Control("seed", "Network seed", "int", 0, "Seed of the initial weights and of the order in which "
            "batches are drawn: the same seed gives the same run.", lo=0, hi=2**31 - 1),
    Control("optimizer", "Optimizer", "select", "sgd", "How each gradient becomes a step (PyTorch's update "
            "rules). " + " ".join(f"{k}: {v}" for k, v in OPT_HELP.items()), tuple(OPT_HELP), group="live"),
    Control("lr", "Learning rate", "choice", 0.03, "Step size. Too small: slow; too large: the loss "
            "jumps or blows up. Takes effect at once, without a reset.", LEARNING_RATES, group="live"),
    Control("batch", "Batch size", "slider", 10, "Points per gradient step. Larger than the training set "
            "means full batch. Takes effect at once.", lo=1, hi=2000, group="live"),
    Control("reg", "Regularization", "select", "none", "Penalty on large weights (never biases): L1 pushes "
            "weights to exactly 0, L2 shrinks them smoothly.", ("none", "l1", "l2"), group="live"),
    Control("reg_rate", "Regularization rate", "choice", 0.0, "λ: strength of the penalty (cost += λ/(2m)·ΣW² "
            "for L2, λ/m·Σ|W| for L1). Takes effect at once.", REG_RATES, group="live"),
    Control("stop_at", "Stop at epoch", "int", 0, "Pause automatically at this epoch (0 = never).",
            lo=0, hi=10_000_000, group="view"),
    Control("log_loss", "Log-scale loss", "toggle", False, "Show the loss curve on a logarithmic scale.",
            group="view"),
    Control("show_test", "Show test data", "toggle", False, "Draw the held-out test points too.",
            group="view"),
    Control("netview", "Network view", "toggle", True, "Draw the network: every neuron as a small map of its "
            "output over the plane, links coloured by the sign of the weight and as wide as |w|. Click a "
            "neuron to see its map full size.", group="view"),
    Control("discretize", "Discretize output", "toggle", False, "Show only the predicted class in each "
            "region instead of the model's confidence.", group="view"),
]
BY_KEY = {c.key: c for c in CONTROLS}
DEFAULTS = {c.key: c.default for c in CONTROLS}


def _parse(c, raw):
    """One URL value -> a valid value for control `c`, or raise ValueError."""
    if c.kind == "multi":
        values = list(raw) if isinstance(raw, (list, tuple)) else [raw]
        bad = [v for v in values if v not in c.options]
        if bad or not values:
            raise ValueError(f"choose from {', '.join(c.options)}")
        return tuple(dict.fromkeys(values))
    raw = raw[-1] if isinstance(raw, (list, tuple)) else raw
    if c.kind == "select":
        if raw not in c.options:
            raise ValueError(f"choose one of {', '.join(c.options)}")
        return raw
    if c.kind == "toggle":
        if str(raw).lower() not in ("true", "false", "1", "0"):
            raise ValueError("use true or false")
        return str(raw).lower() in ("true", "1")
    if c.kind == "choice":
        v = float(raw)
        match = [o for o in c.options if abs(o - v) <= 1e-9 * max(1.0, abs(o))]
        if not match:
            raise ValueError(f"choose one of {', '.join(f'{o:g}' for o in c.options)}")
        return match[0]
    v = float(raw)
    if v != int(v):
        raise ValueError("must be a whole number")
    if not c.lo <= v <= c.hi:
        raise ValueError(f"must be between {c.lo:g} and {c.hi:g}")
    return int(v)


def parse_params(params):
    """URL query parameters {name: str or [str]} -> (valid values, warnings naming each bad one).
    Bad or unknown parameters are dropped; the rest are checked against each other."""
    values, warnings = {}, []
    for name, raw in params.items():
        c = BY_KEY.get(name)
        if c is None:
            warnings.append(f"Unknown URL parameter '{name}' was ignored.")
            continue
        try:
            values[name] = _parse(c, raw)
        except (ValueError, TypeError, OverflowError) as err:
            shown = raw if isinstance(raw, str) else ",".join(map(str, raw))
            warnings.append(f"URL parameter '{name}={shown[:40]}' was ignored: {err}.")
    problem = values.get("problem", DEFAULTS["problem"])
    if "dataset" in values and values["dataset"] not in dataset_names(problem):
        warnings.append(f"URL parameter 'dataset={values.pop('dataset')}' was ignored: not a {problem} "
                        f"dataset (choose one of {', '.join(dataset_names(problem))}).")
    if "head" in values and values["head"] not in HEADS[problem]:
        warnings.append(f"URL parameter 'head={values.pop('head')}' was ignored: a {problem} problem takes "
                        f"{' or '.join(HEADS[problem])}.")
    return values, warnings


def complete(values):
    """A full, consistent configuration: defaults filled in, and choices that depend on the problem
    (dataset, output head) corrected to ones that fit it. Clamps everything to the controls' limits."""
    cfg = dict(DEFAULTS)
    for k, v in values.items():
        if k in BY_KEY:
            try:
                cfg[k] = _parse(BY_KEY[k], v if not isinstance(v, bool) else str(v))
            except (ValueError, TypeError, OverflowError):
                pass
    problem = cfg["problem"]
    if cfg["dataset"] not in dataset_names(problem):
        cfg["dataset"] = DEFAULT_DATASET[problem]
    if cfg["head"] not in HEADS[problem]:
        cfg["head"] = HEADS[problem][0]
    return cfg


def hidden_sizes(cfg):
    return [cfg[f"h{i}"] for i in range(1, cfg["layers"] + 1)]
