"""The Compare page's Streamlit pieces: its `Comparison` in session state (read from the URL), the shared data
widgets, each side's model widgets, the read-outs and the URL written back, with the Playground's own widgets,
tamper check, URL I/O and read-outs under the Compare page's keys. Widgets and layout only: the training is
`state.compare.Comparison`'s, the URL's form `settings.compare`'s, the figures `figures.loss`'s and `boundary`'s.

Widget keys are `cmp.<setting>` (shared) and `cmp.<side>.<setting>` (a side's, side in lower case), apart from
the Playground's own keys: the two pages keep separate setups.
"""
import streamlit as st

from nn_core.datasets import dataset_names
from playground.settings.choices import DEFAULT_DATASET, LAYER_KEYS
from playground.settings.compare import DATA_KEYS, SIDES, from_query, to_query
from playground.settings.config import SPECS
from playground.state.compare import Comparison, describe
from playground.text.words import plain
from playground.ui import sidebar, url
from playground.ui.readouts import readouts

STATE, URL, LOADED = "cmp", "cmp_url", "cmp_loaded"
SHARED_SHOWN = (*DATA_KEYS, "seed", "show_test", "log_loss")
STYLE = "<style>[data-testid='stMetricValue'] {font-size: 1.6rem;}</style>"
"""The read-outs smaller than Streamlit's metrics: five per side fit beside the other side's."""
SHOW_TEST_HELP = "Draw the held-out test points on the maps and the test loss (dashed) on the loss chart."


def key_of(name, side=None):
    return f"cmp.{name}" if side is None else f"cmp.{side.lower()}.{name}"


def current():
    """This session's comparison, and the warnings about the URL it was read from (empty unless it was just read).
    The URL is read on the page's first run in a session, and again when it holds a link followed inside the
    session (an example's, `follow`): any address other than the one this page last wrote or read, and not an empty
    one (which is how the page is reached from the navigation)."""
    query, ss = url.query(), st.session_state
    if STATE in ss and (not query or query in (ss.get(URL), ss.get(LOADED))):
        return ss[STATE], []
    configs, warnings = from_query(url.read_query())
    ss[STATE] = Comparison(configs)
    ss[URL], ss[LOADED] = None, query
    for key in [k for k in ss if isinstance(k, str) and k.startswith("cmp.")]:
        del ss[key]           # every widget starts from the new setup
    return ss[STATE], warnings


def refuse_tampered(cmp):
    """Put back the setup's value in each widget whose value in session state no widget offers (a tampered or broken
    client: a select box or a multiselect takes any string a request holds), with a warning; returns their keys."""
    bad = [key for side in (None, *SIDES) for key in sidebar.refuse_tampered(
        cmp.sides[side or SIDES[0]].config, key=lambda name, side=side: key_of(name, side))]
    if bad:
        st.warning(sidebar.UNREADABLE)
    return bad


def write_url(cmp):
    """The setup into the URL (only what differs from the defaults), when it differs from what is there."""
    wanted = to_query(cmp.configs)
    url.write_query(wanted)
    st.session_state[URL] = url.as_lists(wanted)


def follow(params):
    """Open this page at the address with `params` (an example): its setup replaces both sides, and the address
    bar shows it. (`st.switch_page`: a page link to the page itself leaves the address bar empty.)"""
    st.session_state.pop(LOADED, None)    # the same example again, after changes, loads it again
    st.switch_page("app_pages/compare.py", query_params=params)


def _seed(key, value, spec):
    if key not in st.session_state:
        st.session_state[key] = list(value) if spec["kind"] == "multi" else value


def control(name, container, side=None, value=None, options=None, help=None, **kw):
    """The widget of setting `name` (of `side`, or shared), starting from `value` when it has none yet."""
    key = key_of(name, side)
    _seed(key, value, SPECS[name])
    return sidebar.control(name, container, options, key=key, help=help, **kw)


def shared_controls(cmp):
    """The data settings (and the network seed) once, for every side. Returns {setting: value}."""
    c, ss = cmp.sides[SIDES[0]].config, st.session_state
    box = st.container(border=True)
    box.markdown("**Data, shared by both sides** (the same points, split and network seed)")
    cols = box.columns([1.5, 1.2, 0.8, 1.1, 1.1, 1.1, 0.9, 0.9], vertical_alignment="bottom")
    _seed(key_of("problem"), c.problem, SPECS["problem"])
    problem = ss[key_of("problem")]
    if ss.get(key_of("dataset"), c.dataset) not in dataset_names(problem):   # (a dataset of another problem)
        ss[key_of("dataset")] = DEFAULT_DATASET[problem]
    for col, name in zip(cols, (*DATA_KEYS, "seed")):
        kw = dict(value=getattr(c, name))
        if name == "problem":
            kw["on_change"] = sidebar.on_problem_change(key_of, head=False)   # (the head is shared, not shown)
        elif name == "dataset":
            kw["options"] = dataset_names(problem)
        elif name == "classes":
            kw["disabled"] = problem != "multiclass"
        control(name, col, **kw)
    return {name: ss[key_of(name)] for name in (*DATA_KEYS, "seed")}


def view_controls(cmp, container):
    """The toggles of what the charts show. Returns {setting: value}."""
    c = cmp.sides[SIDES[0]].config
    row = container.container(horizontal=True)
    control("show_test", row, value=c.show_test, help=SHOW_TEST_HELP)
    control("log_loss", row, value=c.log_loss)
    return {name: st.session_state[key_of(name)] for name in ("show_test", "log_loss")}


def side_controls(cmp, side, container):
    """One side's model settings, compactly. Returns {setting: value} of the widgets drawn."""
    c, ss, drawn = cmp.sides[side].config, st.session_state, []

    def draw(name, col, **kw):
        control(name, col, side, value=getattr(c, name), **kw)
        drawn.append(name)

    cols = container.columns(3)
    draw("layers", cols[0])
    draw("activation", cols[1])
    draw("init", cols[2])
    n = ss[key_of("layers", side)]
    if n:
        cols = container.columns(4)
        for i, name in enumerate(LAYER_KEYS[:n]):
            draw(name, cols[i % 4])
    cols = container.columns([1, 1.4, 1.4])
    draw("optimizer", cols[0])
    draw("lr", cols[1])
    draw("batch", cols[2])
    cols = container.columns([1, 2])
    draw("reg", cols[0])
    draw("reg_rate", cols[1], disabled=ss[key_of("reg", side)] == "none")
    draw("features", container)
    if not ss[key_of("features", side)]:
        container.warning("Choose at least one input feature; this side uses x₁ and x₂ until you do.")
    return {name: ss[key_of(name, side)] for name in drawn}


def read(cmp, shared, own):
    """The configurations the widgets say, {side: Config} (A's carries the shared settings), or None (with a
    warning) if they cannot be read."""
    try:
        return {side: cmp.sides[side].config.replace(**(shared if side == SIDES[0] else {}), **own[side])
                for side in SIDES}
    except (ValueError, TypeError):   # a value no widget offers (never expected): keep the setup as it was
        st.warning(sidebar.UNREADABLE)
        return None


def copy_to(cmp, source, target):
    """Copy A → B's callback: `target` takes `source`'s model settings, and its widgets show them."""
    def run():
        for text in cmp.copy(source, target):
            st.toast(plain(text))
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(key_of("", target))]:
            del st.session_state[key]
    return run


def labels(cmp):
    """{side: "A: <what differs from the other side>"}."""
    c = cmp.configs
    return {s: f"{s}: {describe(c[s], c[SIDES[1 - i]] if len(SIDES) == 2 else None)}" for i, s in enumerate(SIDES)}


def side_readouts(cmp, side, container):
    """A side's epoch, losses and metrics, as labelled metrics in two rows."""
    p = cmp.sides[side]
    readouts(p.task, p.trainer.latest, container.container(horizontal=True), container.container(horizontal=True),
             delta="diverged" if cmp.diverged == side else None, delta_color="inverse", delta_arrow="off",
             help=f"Epochs {side} has trained; every side trains the same number.")


__all__ = ["copy_to", "current", "follow", "labels", "read", "side_readouts", "shared_controls", "side_controls",
           "view_controls", "write_url"]
