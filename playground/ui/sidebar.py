"""The sidebar's widgets: one per setting of `Config`, keyed by the setting's name. Widgets are the only
thing that edits the configuration; the URL is written from it as output (`url.write_url`). The Compare page
uses the same widgets under its own keys (`key`: a setting's name to its widget's key)."""
import streamlit as st

from nn_core.datasets import dataset_names
from playground.settings.choices import DEFAULT_DATASET, LAYER_KEYS, OWN, PROBLEM_HEADS
from playground.settings.config import SPECS, fits
from playground.text.words import OPTION_HELP
from playground.ui.datapicker import dataset_picker
from playground.ui.session import keep_shown, shown_before

GROUPS = {
    "Data": ("problem", "dataset", "classes", "points", "noise", "train_pct", "data_seed"),
    "Network": ("features", "layers", *LAYER_KEYS, "activation", "head", "init", "seed"),
    "Training": ("optimizer", "lr", "batch", "reg", "reg_rate", "dropout", "clip", "stop_at", "speed"),
    "View": ("netview", "log_loss", "show_test", "discretize", "presenter", "hide"),
}
UNREADABLE = "A setting could not be read; the previous setup is kept."


def _fmt(spec):
    names = spec["names"]
    return lambda v: names.get(v, f"{v:g}" if isinstance(v, float) else str(v))


def _widget_value(spec, value):
    return list(value) if spec["kind"] == "multi" else value


def seed_widgets(config, shown):
    """Give each widget that was not on screen in the last run (or has no value yet) the configuration's value:
    a widget's own value lives only while it is drawn, so the configuration is what remembers a hidden one (a
    5th layer's size while there are 2 layers, every setting while another page is open)."""
    for key, spec in SPECS.items():
        if key not in shown or key not in st.session_state:
            st.session_state[key] = _widget_value(spec, getattr(config, key))


def refuse_tampered(config, key=str):
    """Put back the configuration's value in each widget (of key ``key(setting)``) whose value in session state no
    widget offers (a request the browser did not make: a tampered or broken client); returns their keys. Streamlit
    checks a number box's range, but a select box, a multiselect or a select slider gets whatever string the
    request holds."""
    bad = [name for name in SPECS if key(name) in st.session_state and not fits(name, st.session_state[key(name)])]
    for name in bad:
        st.session_state[key(name)] = _widget_value(SPECS[name], getattr(config, name))
    return [key(name) for name in bad]


def control(name, container, options=None, *, key=None, help=None, **kw):
    """The widget of setting `name` (`options`: the choices it offers, when fewer than all), under widget `key`
    (default: the name; its value lives in session state under it for the whole session), with `help` instead of
    the setting's own tooltip if given; `kw` go to the widget (on_change, disabled...)."""
    spec, key = SPECS[name], key or name
    chosen = OPTION_HELP[name].get(st.session_state.get(key)) if name in OPTION_HELP else None
    tip = (help or spec["help"]) + (f"\n\n**{spec['names'][st.session_state[key]]}**: {chosen}" if chosen else "")
    common = dict(key=key, help=tip, **kw)
    kind, label = spec["kind"], spec["label"]
    if kind == "select":
        return container.selectbox(label, list(options or spec["options"]), format_func=_fmt(spec), **common)
    if kind == "multi":
        return container.multiselect(label, list(spec["options"]), format_func=_fmt(spec), **common)
    if kind == "choice":
        return container.select_slider(label, spec["options"], format_func=_fmt(spec), **common)
    if kind == "slider":
        return container.slider(label, spec["lo"], spec["hi"], **common)
    if kind == "int":
        return container.number_input(label, spec["lo"], spec["hi"], step=1, **common)
    return container.toggle(label, **common)


def on_problem_change(key=str, head=True):
    """A new problem takes its own default dataset (and, with `head`, output head): the widgets of keys
    ``key(setting)`` are set."""
    def changed():
        problem = st.session_state[key("problem")]
        if problem in PROBLEM_HEADS:   # (anything else is put back by `refuse_tampered`)
            st.session_state[key("dataset")] = DEFAULT_DATASET[problem]
            if head:
                st.session_state[key("head")] = PROBLEM_HEADS[problem][0]
    return changed


def sidebar(config, own_problem=None):
    """Every setting's widget in the sidebar, grouped. `own_problem`: the problem of the session's own data (None:
    it has none). Returns the configuration the widgets now say; the keys drawn are kept for the next run
    (`session.keep_shown`)."""
    tampered = refuse_tampered(config)
    seed_widgets(config, shown_before())
    ss, sb, drawn = st.session_state, st.sidebar, []
    if tampered:
        sb.warning(UNREADABLE)

    def draw(key, container=sb, **kw):
        if key in config.hide:   # left out by the link (its value still applies)
            return
        control(key, container, **kw)
        drawn.append(key)

    problem = ss["problem"]
    for group, keys in GROUPS.items():
        if set(keys) <= set(config.hide):
            continue
        sb.subheader(group)
        for key in keys:
            if key == "problem":
                draw(key, on_change=on_problem_change())
            elif key == "dataset":
                with sb:
                    dataset_picker(problem, ss.get("classes", 3), ss["noise"], ss["dataset"])
                options = dataset_names(problem) + [OWN] * (own_problem == problem)
                if ss["dataset"] not in options:
                    ss["dataset"] = DEFAULT_DATASET[problem]
                draw(key, options=options)
            elif key == "head":
                draw(key, options=PROBLEM_HEADS[problem])
            elif key == "reg_rate":
                draw(key, disabled=ss["reg"] == "none")
            elif key in ("points", "noise"):
                draw(key, disabled=ss["dataset"] == OWN)   # (your own data has its own points)
            elif key == LAYER_KEYS[0] and ss["layers"]:
                cols = sb.columns(2)
                for i, k in enumerate(LAYER_KEYS[:ss["layers"]]):
                    draw(k, cols[i % 2])
            elif key not in LAYER_KEYS and (key != "classes" or problem == "multiclass" and ss["dataset"] != OWN):
                draw(key)
            if key == "features" and not ss["features"]:
                sb.warning("Choose at least one input feature; the network uses x₁ and x₂ until you do.")
    keep_shown(drawn)
    try:
        return config.replace(**{k: ss[k] for k in drawn})
    except (ValueError, TypeError):   # a value no widget offers (never expected): keep the setup as it was
        sb.warning(UNREADABLE)
        return config

