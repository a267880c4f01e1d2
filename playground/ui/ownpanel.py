"""The "Your own data" panel: a CSV file loaded through the uploader, and the Draw control with Undo and Clear
(a click on the big map adds a point: live.js sends it, `clicked` takes it). Widgets only; the data and its words
are in owndata.py, the changes in `Playground` (use_own, draw, undo_draw, clear_drawn)."""
import streamlit as st

from playground.settings.choices import OWN
from playground.state import owndata
from playground.ui.sidebar import seed_widgets

NOT_IN_LINK = "Your own data is not part of the link: it stays in this session (choose it again under Dataset)."
UPLOAD_HELP = (f"Load {owndata.ALLOWED}. The labels decide the problem: two different labels (numbers or words) "
               "make two classes, mapped to 0 and 1 in sorted order; 3 to "
               f"{owndata.MAX_CLASSES} make that many classes (0, 1, … in sorted order); numbers written as "
               "decimals (0.5, 1.0) make a regression. Points beyond the plane are centred and scaled to fit it; "
               "regression targets beyond −1 to 1 are scaled into it. It replaces your earlier data and starts a "
               "new network; the file's points are split by Training data % with the data seed.")
DRAW_HELP = ("Off, or the class (for a regression: the value) of the points a click on the big map adds, while "
             "paused or playing (the network keeps learning). Drawn points are training points. Drawing on a "
             "generated dataset starts Your data from its points; Undo goes back step by step.")


def _label(pg):
    c = pg.config
    names = pg.own if c.dataset == OWN else owndata.OwnData(None, None, c.problem, c.n_classes, "")
    return lambda v: "Off" if v is None else names.name_of(v)


def clicked(pg, view, value):
    """A click on the big map while drawing, ``[x1, x2, n]`` (n: the browser's count of such clicks): add the point
    (or say why not), once. Streamlit can deliver one event to two runs (a run interrupted by the next keeps its
    events), so the same click (number and place: the count restarts when the view is mounted again) is left out."""
    if view.draw is None or not (isinstance(value, list) and len(value) == 3) or tuple(value) == view.drawn_click:
        return
    view.drawn_click = tuple(value)
    try:
        pg.draw(float(value[0]), float(value[1]), view.draw)
    except (TypeError, ValueError) as err:
        view.say(f"The point was not added: {err}.", "warning")
        return
    st.session_state["dataset"] = OWN   # the sidebar's Dataset follows (the page reruns in full)


def panel(pg, view):
    c = pg.config
    options = owndata.draw_options(c.problem, c.n_classes)
    if view.draw not in options:
        view.draw = None
    if st.session_state.get("draw") != view.draw:
        st.session_state["draw"] = view.draw

    def load():
        f = st.session_state.get("own_upload")
        if f is None:
            return
        try:
            own = owndata.from_file(f.name, f.getvalue())
        except ValueError as err:
            view.say(f"{f.name} was not loaded, and nothing was changed: {err}. Allowed: {owndata.ALLOWED}.",
                     "warning")
            return
        pg.use_own(own)
        seed_widgets(pg.config, set())   # the sidebar shows the problem and Your data
        view.draw, view.selected, view.epoch = None, None, None
        view.say(f"Loaded {f.name}: {own.n_points:,} points. The network starts again at epoch 0. {own.note}")

    def undo():
        if not pg.undo_draw():
            view.say("Nothing to undo.")
        st.session_state["dataset"] = pg.config.dataset

    def clear():
        if not pg.clear_drawn():
            view.say("No drawn points to clear.")

    with st.expander("Your own data: load a CSV file or draw points", icon=":material/draw:"):
        cols = st.columns([2.2, 2.4, 0.7, 0.7], vertical_alignment="bottom")
        cols[0].file_uploader("Load a CSV file (x1, x2, label)", type=["csv", "txt"], key="own_upload",
                              on_change=load, max_upload_size=owndata.MAX_BYTES // 2**20, help=UPLOAD_HELP)
        cols[1].segmented_control("Draw", options, key="draw", format_func=_label(pg),
                                  help=DRAW_HELP, on_change=lambda: setattr(view, "draw", st.session_state["draw"]))
        cols[2].button("Undo", key="own_undo", on_click=undo, disabled=not pg.own_undo, width="stretch",
                       help="Take back the last drawn point (or Clear).")
        cols[3].button("Clear", key="own_clear", on_click=clear, width="stretch",
                       disabled=c.dataset != OWN or not pg.own.drawn,
                       help="Remove every point you drew (Undo brings them back).")
        text = [NOT_IN_LINK]
        if pg.own is not None:
            hidden = c.dataset != OWN and "Not shown now: choose Your data under Dataset to see it again."
            text = [owndata.describe(pg.own), pg.own.note, hidden or "", *text]
        st.caption(" ".join(t for t in text if t))
