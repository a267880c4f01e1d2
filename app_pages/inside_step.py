"""Inside one step: one training step of the playground's network, stage by stage, with its real numbers,
and a gradient check. Widgets, session state and layout only: the numbers come from `nn_core.anatomy`,
the tables and sketches from `playground.figures.inside_step`."""
import time

import numpy as np
import streamlit as st

from nn_core.anatomy import one_step
from nn_core.gradcheck import SAMPLE_BIASES, SAMPLE_WEIGHTS, broken_gradients, check_gradients, kink_report
from playground.figures import inside_step as sv
from playground.figures.style import CHART_CONFIG as CHART
from playground.text.inside_step import BUG_TEXT, describe
from playground.text.words import OPTIMIZER, counted
from playground.ui.selection import point_at
from playground.ui.session import current, show_messages
from playground.ui.url import write_url

GC_MAX_POINTS = 50
EPSILONS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)

pg, view = current()
write_url(pg.config)   # the same setup as the Playground page: this page's link opens this network
trainer, model, cfg = pg.trainer, pg.model, pg.config
n_train = len(trainer.X_train)
state = st.session_state

st.title("Inside one step")
show_messages(view)
st.caption("One training step of the network in the playground, taken apart: the forward pass layer by layer, "
           "the loss, the error sent backward, the gradients, and the update as the optimizer applies it — with "
           "the real numbers. Nothing here changes the playground unless you press “Apply this step”.")
reg = {"l1": f"L1 (λ = {cfg.reg_rate:g})", "l2": f"L2 (λ = {cfg.reg_rate:g})"}.get(cfg.reg, "none")
if cfg.reg != "none" and not cfg.reg_rate:
    reg += " (rate 0, so none)"
st.markdown(
    f"**Network** {' → '.join(str(s) for s in model.sizes)} · {model.activation} hidden units · "
    f"{model.output} output · **optimizer** {OPTIMIZER.get(cfg.optimizer, cfg.optimizer)}, "
    f"η = {trainer.optimizer.lr:g} · **regularization** {reg} · epoch {trainer.epoch}, "
    f"{trainer.steps} steps taken so far.")
st.page_link("app_pages/playground.py", label="Change the network or the data on the Playground page",
             query_params=pg.config.to_query(),
             icon=":material/hub:")
if not model.all_finite():
    st.warning("This network's weights are not finite (training diverged): the numbers below are NaN or ∞. "
               "Reset the network on the Playground page.", icon=":material/warning:")

# ---- the batch ---------------------------------------------------------------------------------------
if state.get("inside_start", 0) > n_train - 1 or state.get("inside_start", 0) < 0:
    state["inside_start"] = min(max(0, int(state["inside_start"])), n_train - 1)
batch_play = trainer.batch_size
sizes = {"one": "1 point", "batch": f"{batch_play} points (the playground's batch size)"}
if state.get("inside_size") not in sizes:
    state["inside_size"] = "one"


def picked():
    """A click on the data plot: start the batch at the clicked training point."""
    index = point_at(state.get("inside_pick"), n_train)
    if index is not None:
        state["inside_start"] = index


left, right = st.columns([1.6, 1])
with left:
    c1, c2 = st.columns([1, 1.6])
    c1.number_input("First training point", min_value=0, max_value=n_train - 1, step=1, key="inside_start",
                    help=f"Index of the first training point of the batch, 0 to {n_train - 1} (or click a point "
                         "on the plot). The trainer shuffles the points every epoch; here you pick them.")
    c2.radio("Batch", list(sizes), format_func=sizes.get, key="inside_size", horizontal=True,
             help="Walk through the step for a single point, or for a mini-batch of the playground's batch "
                  "size (the points from the first index on). Losses and gradients are means over the batch.")
    start = min(max(0, int(state["inside_start"])), n_train - 1)
    size = 1 if state["inside_size"] == "one" else batch_play
    end = min(start + size, n_train)
    ids = list(range(start, end))
    Xb, Yb = trainer.X_train[start:end], trainer.Y_train[start:end]
    df, note = sv.batch_table(pg.X_train[start:end], Xb, Yb, ids, cfg.features, model.output)
    st.markdown(f"**The batch:** training point{'s' if len(ids) > 1 else ''} "
                + (f"#{start}" if len(ids) == 1 else f"#{start}–#{end - 1} ({len(ids)} points)"))
    st.dataframe(df.style.format(sv.fmt), width="stretch")
    if note:
        st.caption(note)
    if end - start < size:
        left = counted(end - start, "point") + (" is" if end - start == 1 else " are")
        st.caption(f"Only {left} left from #{start}: the batch is shorter, as the last "
                   "batch of an epoch is.")
with right:
    st.plotly_chart(sv.points_figure(pg.X_train, pg.y_train, ids, task=pg.task), config=CHART, key="inside_pick",
                    on_select=picked, selection_mode="points", width="content")
    st.caption("Training points; the batch is ringed. Click a point to start the batch there.")

stages = one_step(model, trainer.optimizer, Xb, Yb, trainer.l1, trainer.l2, trainer.clip_norm)
keys = [s.key for s in stages]
titles = {s.key: describe(s).title for s in stages}
if state.get("inside_stage") not in keys:
    state["inside_stage"] = keys[0]


def move(step, keys):
    current = state.get("inside_stage")
    i = keys.index(current) if current in keys else 0
    state["inside_stage"] = keys[max(0, min(len(keys) - 1, i + step))]


def apply_step(start, end):
    """Exactly one trainer step on this batch (rolled back if it makes the weights non-finite)."""
    t = pg.trainer
    if not t.step_on(t.X_train[start:end], t.Y_train[start:end]):
        state["inside_msg"] = "The step made the weights infinite or NaN, so it was undone. Try a smaller " \
                              "learning rate."
    else:
        pg.changed()
        points = f"point #{start}" if end - start == 1 else f"points #{start}–#{end - 1}"
        state["inside_msg"] = f"Applied one step on {points}: the playground's network has now taken {t.steps} " \
                              "steps. The walk-through shows the next one."
    state["inside_stage"] = "forward-1"


# ---- the walk-through --------------------------------------------------------------------------------
st.divider()
pos = keys.index(state["inside_stage"])
nav = st.columns([1, 6, 1], vertical_alignment="bottom")
nav[0].button("◀ Previous", key="inside_prev", on_click=move, args=(-1, keys), disabled=pos == 0,
              help="Go back one stage.", width="stretch")
nav[1].select_slider("Stage", options=keys, format_func=titles.get, key="inside_stage",
                     help="Jump to any stage of the step: forward through the layers, the loss, the error going "
                          "backward, the update of each layer, and the result.")
nav[2].button("Next ▶", key="inside_next", on_click=move, args=(1, keys), disabled=pos == len(keys) - 1,
              help="Go on to the next stage.", width="stretch")
stage = stages[pos]
kind = sv.stage_kind(stage.key)
text = describe(stage)

st.subheader(f"{pos + 1} / {len(keys)} · {text.title}")
sketch, body = st.columns([1, 2.6])
with sketch:
    st.plotly_chart(sv.step_diagram(model.sizes, stage.layer, kind, weights=model.weights), config=CHART,
                    key="inside_sketch")
    st.caption("Blue lines: positive weights, orange: negative, into the highlighted layer.")
with body:
    st.latex(text.formula)
    st.markdown(text.note)

scalars = [(k, v) for k, v in stage.arrays.items() if np.ndim(v) == 0]
matrices = [(k, v) for k, v in stage.arrays.items() if np.ndim(v) > 0]
if scalars:
    cols = st.columns(min(len(scalars), 6))
    for i, (name, value) in enumerate(scalars):
        delta = None
        if name.endswith(" after") and name.replace(" after", " before") in stage.arrays:
            change = float(value) - float(stage.arrays[name.replace(" after", " before")])
            delta = f"{change:+.4g}" if np.isfinite(change) else None
        cols[i % len(cols)].metric(name, sv.scalar_text(value), delta=delta, delta_color="inverse")
shown = {k for k, _ in matrices}
groups = [[k for k in group if k in shown] for group in stage.groups]
grouped = {k for group in groups for k in group}
groups = [g for g in groups if g] + ([[k for k, _ in matrices if k not in grouped]] if shown - grouped else [])


def width_of(name):
    return np.atleast_2d(stage.arrays[name]).shape[1]


for group in groups:
    for row in sv.table_rows({name: width_of(name) for name in group}):
        if len(row) == 1 and width_of(row[0]) > sv.WIDE:
            cols = st.columns([0.66, 0.34])[:1]
        else:
            cols = st.columns(2 if any(width_of(k) > 3 for k in row) else 3)
        for col, name in zip(cols, row):
            array = stage.arrays[name]
            shape = np.atleast_2d(array).shape
            df, note = sv.table(array, stage.axes.get(name), ids, model.sizes, cfg.features, model.output)
            col.markdown(f"**{name}** · {shape[0]}×{shape[1]}")
            col.dataframe(sv.styled(df, sv.full_scale(array)), width="stretch")
            if note:
                col.caption(note)
st.caption("Cell colours: blue positive, orange negative, white zero; each table is scaled to its largest "
           "|value|. Row labels #i are training points; n1, n2… are neurons of a layer. Numbers are rounded to 4 "
           "significant digits.")

st.button("Apply this step to the playground", key="inside_apply", on_click=apply_step, args=(start, end),
          help="Make the playground's network take exactly this step (one trainer step on this batch, with the "
               "optimizer's state). The page then shows the next step.")
if state.get("inside_msg"):
    st.info(state.pop("inside_msg"), icon=":material/check_circle:")

# ---- gradient check ----------------------------------------------------------------------------------
st.divider()
st.subheader("Gradient check")
st.markdown("Is backprop right? **Central differences** estimate each derivative without backprop: nudge one "
            "parameter by ±ε and ±2ε, recompute the cost, and take the slope "
            "(8·(J(θ+ε) − J(θ−ε)) − (J(θ+2ε) − J(θ−2ε))) / 12ε. Backprop should give the same numbers; the table "
            "shows the relative error ‖backprop − estimate‖ / (‖backprop‖ + ‖estimate‖) per layer.")
max_points = min(GC_MAX_POINTS, n_train)
state.setdefault("inside_gc_points", max_points)
state["inside_gc_points"] = min(max(1, int(state["inside_gc_points"])), max_points)
state.setdefault("inside_gc_eps", 1e-4)
if state["inside_gc_eps"] not in EPSILONS:
    state["inside_gc_eps"] = 1e-4
if state.get("inside_gc_bug") not in BUG_TEXT:
    state["inside_gc_bug"] = "none"
g = st.columns([1, 1.2, 2, 1], vertical_alignment="bottom")
g[0].number_input("Points", min_value=1, max_value=max_points, step=1, key="inside_gc_points",
                  help=f"How many training points (the first ones, #0 on) the cost is measured on: 1 to "
                       f"{max_points}. With the playground's L1/L2 rate, as in training.")
g[1].select_slider("ε", options=EPSILONS, format_func=lambda e: f"{e:.0e}", key="inside_gc_eps",
                   help="The nudge. Too large: the estimate is off by O(ε⁴) and crosses ReLU/L1 kinks more "
                        "often; too small: rounding error (about 1e-16·J/ε) takes over.")
g[2].selectbox("Break backprop on purpose", list(BUG_TEXT), format_func=BUG_TEXT.get, key="inside_gc_bug",
               help="Feed the check a deliberately wrong gradient to see it caught. The tutorial's two bugs: "
                    "leaving the regularization term out of dW, and using sigmoid's derivative for every "
                    "activation.")
run = g[3].button("Run gradient check", key="inside_gc_run", type="primary", width="stretch",
                  help="Compare backprop with central differences on the current network (no dropout).")
if run:
    k, eps, bug = int(state["inside_gc_points"]), float(state["inside_gc_eps"]), state["inside_gc_bug"]
    X, Y = trainer.X_train[:k], trainer.Y_train[:k]
    with st.spinner("Nudging every parameter…"):
        t0 = time.perf_counter()
        backprop = None if bug == "none" else broken_gradients(model, X, Y, trainer.l1, trainer.l2, bug)
        rows = check_gradients(model, X, Y, trainer.l1, trainer.l2, backprop=backprop, eps=eps)
        seconds = time.perf_counter() - t0
    state["inside_gc"] = dict(rows=rows, seconds=seconds, points=k, eps=eps, bug=bug, steps=trainer.steps,
                              model=id(model), kinks=kink_report(model, X, trainer.l1, eps))
result = state.get("inside_gc")
if result:
    rows = result["rows"]
    verdicts = [r["verdict"] for r in rows]
    bug = result["bug"]
    if all(v == "agrees" for v in verdicts):
        st.success("Backprop agrees with central differences in every layer (relative error below 1e-6).",
                   icon=":material/check_circle:")
    elif "disagrees" in verdicts or "nonfinite" in verdicts:
        bad = ", ".join(str(r["layer"]) for r in rows if r["verdict"] in ("disagrees", "nonfinite"))
        msg = f"Backprop and central differences disagree in layer{'s' if ',' in bad else ''} {bad}."
        kinks = result["kinks"]
        if bug != "none":
            st.error(msg + f" As they should: the gradient was broken on purpose ({BUG_TEXT[bug]}).",
                     icon=":material/error:")
        elif kinks["near"] or kinks["weights_near"]:
            parts = []
            if kinks["near"]:
                parts.append(f"{counted(kinks['near'], 'hidden pre-activation')} z of the checked points "
                             f"{'lies' if kinks['near'] == 1 else 'lie'} within 2ε of "
                             f"{model.activation}'s kink at 0 ({kinks['exactly']} exactly at 0, e.g. a unit whose "
                             "inputs are all 0)")
            if kinks["weights_near"]:
                parts.append(f"{counted(kinks['weights_near'], 'weight')} "
                             f"{'lies' if kinks['weights_near'] == 1 else 'lie'} within 2ε of L1's kink at W = 0")
            st.warning(msg + " This is the kinks, not backprop: " + "; ".join(parts) + ". There the cost has no "
                       "slope: backprop uses one side's (ReLU: 0), the central difference averages both sides. "
                       "Away from kinks they agree; a smaller ε helps only for values near, not at, a kink.",
                       icon=":material/warning:")
        else:
            st.error(msg, icon=":material/error:")
    else:
        kinks = result["kinks"]
        st.info("Backprop agrees within finite-difference noise (relative error below 1e-3)"
                + (": some values sit near a kink of ReLU or L1." if kinks["near"] or kinks["weights_near"] else "."),
                icon=":material/info:")
    if bug == "no_reg" and not (trainer.l1 or trainer.l2):
        st.caption("Regularization is off, so leaving its term out changes nothing: turn on L1 or L2 to see it.")
    if bug == "sigmoid_derivative" and (model.activation == "sigmoid" or model.n_layers == 1):
        st.caption("With sigmoid hidden units (or no hidden layer) sigmoid's derivative is the right one.")
    st.dataframe(sv.gradcheck_frame(rows), width="stretch")
    sampled = any(r["checked"] < r["total"] for r in rows)
    total = sum(r["total"] for r in rows)
    st.caption(f"Checked on {result['points']} point(s) with ε = {result['eps']:.0e} in {result['seconds']:.2f} s. "
               + (f"This network has {total:,} parameters; checking every one would take several seconds, so a "
                  f"random sample of up to {SAMPLE_WEIGHTS} weights and {SAMPLE_BIASES} biases per layer was "
                  "checked." if sampled else "Every parameter was checked."))
    if result["steps"] != trainer.steps or result["model"] != id(model):
        st.caption("The network has changed since this check: run it again for the current one.")
