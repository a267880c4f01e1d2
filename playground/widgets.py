"""Streamlit widgets for the controls in `config.CONTROLS`, and the URL that mirrors them."""
import streamlit as st

from nn_core.datasets import DATASETS, FEATURES, dataset_names

from .config import BY_KEY, DEFAULT_DATASET, HEADS, PROBLEMS

LABELS = {
    "problem": PROBLEMS,
    "dataset": {k: k.replace("_", " ") for k in DATASETS},
    "features": {k: v["label"] for k, v in FEATURES.items()},
    "activation": {"leaky_relu": "leaky ReLU", "relu": "ReLU", "elu": "ELU", "swish": "swish (SiLU)"},
    "head": {"sigmoid": "sigmoid + cross-entropy", "softmax": "softmax + cross-entropy",
             "linear": "linear + squared error", "tanh": "tanh + squared error (TF)"},
    "init": {"xavier": "Glorot/Xavier", "he": "He", "tf": "TF Playground", "zeros": "zeros"},
    "optimizer": {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "rmsprop": "RMSprop",
                  "adam": "Adam"},
    "reg": {"none": "none", "l1": "L1", "l2": "L2"},
}


def _fmt(key):
    names = LABELS.get(key, {})
    return lambda v: names.get(v, str(v))


def control(key, options=None, container=st, on_change=None):
    """The widget for control `key`. Its value lives in session state under the same key (seeded from
    the playground's configuration, which the URL initialised), so no widget default is passed."""
    c = BY_KEY[key]
    common = dict(key=key, help=c.help, on_change=on_change)
    if c.kind == "select":
        return container.selectbox(c.label, list(options or c.options), format_func=_fmt(key), **common)
    if c.kind == "multi":
        return container.multiselect(c.label, options or c.options, format_func=_fmt(key), **common)
    if c.kind == "choice":
        return container.select_slider(c.label, c.options, format_func=lambda v: f"{v:g}", **common)
    if c.kind == "slider":
        return container.slider(c.label, int(c.lo), int(c.hi), **common)
    if c.kind == "int":
        return container.number_input(c.label, int(c.lo), int(c.hi), step=1, **common)
    return container.toggle(c.label, **common)


def seed_state(config):
    """Give every control without a live widget value the configuration's value (first visit, and
    widgets that were hidden, e.g. layer 5 while there are 2 layers)."""
    for key, value in config.items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, tuple) else value


def url_params(config):
    """The query parameters for `config`: only settings that differ from their defaults."""
    out = {}
    for key, value in config.items():
        c = BY_KEY[key]
        default = {"dataset": DEFAULT_DATASET[config["problem"]], "head": HEADS[config["problem"]][0]}.get(
            key, c.default)
        if key.startswith("h") and key[1:].isdigit() and int(key[1:]) > config["layers"]:
            continue
        if key == "classes" and config["problem"] != "multiclass":
            continue
        if value != default:
            out[key] = [str(v) for v in value] if c.kind == "multi" else (
                f"{value:g}" if c.kind == "choice" else str(value).lower() if c.kind == "toggle" else str(value))
    return out


def sync_url(config):
    """Write the configuration into the URL when it differs, so a copied link reproduces the setup."""
    wanted = url_params(config)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def on_problem_change():
    """Keep the dataset and output head valid for the newly chosen problem."""
    p = st.session_state["problem"]
    st.session_state["dataset"] = DEFAULT_DATASET[p]
    st.session_state["head"] = HEADS[p][0]


def sidebar_controls():
    """All controls in the sidebar, grouped. Returns {key: value} for those shown."""
    sb = st.sidebar
    sb.subheader("Data")
    control("problem", container=sb, on_change=on_problem_change)
    problem = st.session_state["problem"]
    control("dataset", options=dataset_names(problem), container=sb)
    if problem == "multiclass":
        control("classes", container=sb)
    for key in ("points", "noise", "train_pct", "data_seed"):
        control(key, container=sb)
    sb.subheader("Network")
    control("features", container=sb)
    if not st.session_state["features"]:
        sb.warning("Choose at least one input feature; the network uses x₁ and x₂ until you do.")
    control("layers", container=sb)
    n = st.session_state["layers"]
    if n:
        cols = sb.columns(2)
        for i in range(1, n + 1):
            control(f"h{i}", container=cols[(i - 1) % 2])
    control("activation", container=sb)
    control("head", options=HEADS[problem], container=sb)
    control("init", container=sb)
    control("seed", container=sb)
    sb.subheader("Training")
    for key in ("optimizer", "lr", "batch", "reg", "reg_rate", "stop_at"):
        control(key, container=sb)
    sb.subheader("View")
    for key in ("netview", "log_loss", "show_test", "discretize"):
        control(key, container=sb)
    return {k: st.session_state[k] for k in BY_KEY if k in st.session_state}
