"""Streamlit pieces of the Playground page that look inside the network: the map picker, the network
view, the diagnostics, the timeline slider and the weight editor. Widgets and layout only; the figures
come from `netview`/`diagfigs`, the numbers from `nn_core`, the state changes from `Playground`."""
import numpy as np
import streamlit as st

from nn_core.diagnostics import layer_names, unit_health, weight_histograms

from . import diagfigs
from .boundary import boundary_figure
from .charts import CHART_CONFIG as CHART
from .labels import LOSS
from .lossfig import loss_figure
from .messages import number
from .netview import network_figure
from .neuronmap import neuron_map_figure, neuron_title
from .view import PANELS

NETVIEW_WIDTH = 900
DENSE_LINKS = 2000   # links past which the browser draws only each layer's strongest (live.js: DENSE, KEEP)
PANEL_HELP = ("Diagnostics. Gradients: the gradient norm of each layer's weights over the epochs (vanishing "
              "gradients fall by decades in the early layers, exploding ones climb). Units: the share of dead "
              "ReLU / saturated sigmoid or tanh units per layer, now. Weights: a histogram of each layer's "
              "weights, now. Click the chosen one again to hide the diagnostics.")


BOUNDARY = "boundary"


def show(key, value):
    """Make widget `key` show `value` (from the view state), writing session state only when it differs: a
    write marks the widget as set from Python, which the browser then has to apply."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


def _nodes(pg):
    return [BOUNDARY] + [(layer, unit) for layer, n in enumerate(pg.model.sizes) for unit in range(n)]


def _title(pg, node):
    if node == BOUNDARY:
        return "Network output (decision boundary)"
    c = pg.config
    return neuron_title(node[0], node[1], pg.model.n_layers, c.features, c.activation, c.head)


def select_node(view, node):
    """Show `node`'s map in place of the boundary (None or BOUNDARY: the boundary again); a neuron's bias
    becomes the weight editor's target. `View.fit` drops a node the network does not have."""
    ok = isinstance(node, tuple) and len(node) == 2 and all(type(v) is int for v in node)
    view.selected = node if ok else None
    if view.selected is not None and view.selected[0] > 0:
        view.edit = ("bias", view.selected[0], 1, view.selected[1] + 1)


def map_picker(pg, view, container):
    """A select box of what the big map shows: the decision boundary or one node's own map. Returns what it
    shows, so the live fragment can tell when a click in it changed the selection."""
    nodes = _nodes(pg)
    show("map_node", view.selected if view.selected in nodes else BOUNDARY)
    container.selectbox("Map shown", nodes, key="map_node", format_func=lambda n: _title(pg, n),
                        on_change=lambda: select_node(view, st.session_state["map_node"]),
                        help="The decision boundary, or any input's or neuron's output over the plane at full "
                             "size. Clicking a neuron in the network view does the same.")
    return view.selected


def main_figure(pg, view, grid, raw=False):
    """The big map: the decision boundary, or the selected node's own map."""
    c = pg.config
    if view.selected is None:
        return boundary_figure(grid, pg.task, pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                               n_classes=pg.n_classes, show_test=c.show_test, discretize=c.discretize, head=c.head,
                               class_names=pg.class_names, raw=raw)
    layer, unit = view.selected
    return neuron_map_figure(grid, layer, unit, activation=c.activation, head=c.head, feature_names=c.features,
                             task=pg.task, n_classes=pg.n_classes, X_train=pg.X_train, y_train=pg.y_train,
                             X_test=pg.X_test, y_test=pg.y_test, show_test=c.show_test, raw=raw)


def live_figures(pg, view, grid, net=None):
    """The live view's three charts for this tick: ``{"main", "loss", "net"}`` (``net`` None when hidden).
    ``net``: a network figure to show again instead of building one (a frame that leaves the network view as it
    is; the browser then redraws only the boundary and the loss)."""
    c = pg.config
    h = pg.trainer.history
    figures = {"main": main_figure(pg, view, grid, raw=True),
               "loss": loss_figure(h.column("epoch"), h.column("train_loss"), h.column("test_loss"),
                                   log_y=c.log_loss, marker=view.epoch, height=300, zoom=True, raw=True),
               "net": None}
    figures["main"]["layout"]["meta"] = {"draw": view.draw is not None}   # a click on the map draws (live.js)
    shown = c.netview and "network" not in c.hide
    if shown and net is not None:
        figures["net"] = net
    elif shown:
        with pg.showing(view.epoch):
            figures["net"] = network_figure(pg.model, grid, c.features, selected=view.selected,
                                            width=NETVIEW_WIDTH, activation=c.activation, head=c.head, compact=True,
                                            raw=True)
    return figures


def _whole_numbers(value, n):
    """`value` as a tuple of `n` ints if it is a list of `n` whole numbers (a click's [layer, unit]...), else None."""
    if not (isinstance(value, list) and len(value) == n):
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() for v in value):
        return None
    return tuple(int(v) for v in value)


def clicked_node(view, value):
    """A click on a node of the network view: show its map (again: the boundary)."""
    node = _whole_numbers(value, 2)
    if node is not None:
        select_node(view, None if node == view.selected else node)


def clicked_link(view, value):
    """A click on a link of the network view: that weight becomes the editor's target (`View.fit` checks it)."""
    link = _whole_numbers(value, 3)
    if link is not None:
        view.edit = ("weight", *link)
        view.editor_open = True


def back_button(view):
    st.button("← Back to the network output", key="map_back", on_click=select_node, args=(view, None),
              help="Show the network's output (the decision boundary) again.")


def readouts(pg, stats):
    """Epoch, losses and metrics of the model on show, as labelled metrics."""
    classification = pg.task != "regression"
    name = "accuracy" if classification else "R²"
    metric = (lambda v: "—" if v != v else f"{100 * v:.1f}%") if classification else number
    row = st.container(horizontal=True, gap="medium")   # one block, not five columns: fewer deltas per tick
    row.metric("Epoch", f"{stats['epoch']:,}", width="stretch")
    row.metric("Train loss", number(stats["train_loss"]), width="stretch")
    row.metric("Test loss", number(stats["test_loss"]), width="stretch")
    row.metric(f"Train {name}", metric(stats["train_metric"]), width="stretch")
    row.metric(f"Test {name}", metric(stats["test_metric"]), width="stretch")


def captions(pg):
    """What the live charts show, in words: drawn once per full run, outside the live fragment (every element
    the fragment redraws costs the browser a few ms per redraw)."""
    loss_name = LOSS[pg.config.head]
    text = (f"Loss: {loss_name}, averaged over the points, without the regularization term. Network: "
            f"{' → '.join(str(s) for s in pg.model.sizes)}; batch {pg.trainer.batch_size}.")
    if pg.config.netview:
        text += (" In the network view each square is a neuron's output over the plane (orange negative, blue "
                 "positive); links are blue for positive and orange for negative weights, wider for larger |w|; "
                 "the small square at a neuron's corner is its bias. Hover for values; click a neuron to see its "
                 "map full size, again to go back.")
        sizes = pg.model.sizes
        if sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) > DENSE_LINKS:
            text += (" So many links would be a grey mass: only the strongest 15 % of each layer's links are drawn "
                     "(hover shows any).")
    st.caption(text)


def panel_or_none(value):
    """The diagnostics chart `value` names, None for none (or a name the control does not offer)."""
    return value if value in PANELS else None


def diagnostics(pg, container, panel):
    """One of the diagnostics charts (nothing for `panel` None), at most half the page wide."""
    if panel is None:
        return
    container, _ = container.columns(2)
    t = pg.trainer
    if panel == "Gradients":
        g = t.grad_norms
        container.plotly_chart(diagfigs.gradient_norm_figure(g.epochs(), g.weights(),
                                                             names=layer_names(pg.model.n_layers)),
                               config=CHART, key="grad_norms")
        container.caption("‖∂loss/∂W‖ of each layer's weights on the epoch's last mini-batch, before clipping, "
                          "on a log scale.")
    elif panel == "Units":
        with np.errstate(all="ignore"):
            health = unit_health(pg.model, t.X_train)
        container.plotly_chart(diagfigs.unit_health_figure(health), config=CHART, key="unit_health")
        rules = "; ".join(dict.fromkeys(diagfigs.rule_text(h) for h in health)) or "No hidden layers."
        container.caption(f"Over the {len(t.X_train)} training points. {rules}")
    elif panel == "Weights":
        container.plotly_chart(diagfigs.weight_histogram_figure(weight_histograms(pg.model), columns=3),
                               config=CHART, key="weight_hist")
        container.caption("Histogram of each layer's weights (biases not included); H1 is the first hidden "
                          "layer's incoming weights.")


TIMELINE_HELP = ("Snapshots kept while training. While paused, drag to see an earlier epoch; Play or Step goes on "
                 "from there as a new branch.")


def timeline(pg, view):
    """A slider over the kept snapshots: scrubbing previews a past epoch. Always drawn (disabled while playing
    or with one snapshot) so the page below it never moves."""
    epochs = pg.snapshot_epochs()
    if pg.playing or len(epochs) < 2:   # a still slider at the latest epoch (under its own key: no stale value)
        view.epoch = None
        shown = epochs[-2:] if len(epochs) > 1 else [epochs[0], epochs[0] + 1]
        st.select_slider("Timeline", shown, value=epochs[-1], key="timeline_idle", disabled=True, help=TIMELINE_HELP,
                         format_func=lambda e: f"epoch {e:,}")
        return

    def scrub():
        epoch = st.session_state["timeline"]
        view.epoch = None if epoch == pg.snapshot_epochs()[-1] else epoch

    show("timeline", view.epoch if view.epoch in epochs else epochs[-1])
    st.select_slider("Timeline", epochs, key="timeline", format_func=lambda e: f"epoch {e:,}", on_change=scrub,
                     help=TIMELINE_HELP)
    if view.epoch is not None:
        later = epochs[-1] - view.epoch
        st.info(f"Showing epoch {view.epoch:,}. Play or Step continues from here as a new branch and drops "
                f"the {later:,} epochs after it; drag the slider to the end to return to epoch {epochs[-1]:,}.",
                icon=":material/history:")


def weight_editor(pg, view):
    """Pick one weight or bias, type a value: the model and every chart follow."""
    sizes = pg.model.sizes
    names = layer_names(len(sizes) - 1)
    kind, layer, i, j = view.edit

    def pick(field):
        def changed():
            new = dict(zip(("kind", "layer", "i", "j"), view.edit))
            new[field] = st.session_state[f"edit_{field}"]
            view.edit = tuple(new.values())
            view.fit(pg.model.sizes, pg.snapshot_epochs())
        return changed

    for field, value in zip(("kind", "layer", "i", "j"), view.edit):
        show(f"edit_{field}", value)
    show("editor", view.editor_open)
    with st.expander("Edit a weight or bias by hand", key="editor",
                     on_change=lambda: setattr(view, "editor_open", bool(st.session_state["editor"]))):
        cols = st.columns([1, 1, 1, 1, 1.3, 0.8], vertical_alignment="bottom")
        cols[0].selectbox("Parameter", ("weight", "bias"), key="edit_kind", on_change=pick("kind"),
                          help="A weight scales the signal on one link; a bias shifts one neuron.")
        cols[1].selectbox("Layer", range(1, len(names) + 1), key="edit_layer", format_func=lambda k: names[k - 1],
                          on_change=pick("layer"), help="The layer the link goes into (H1 = first hidden layer).")
        n_in, n_out = sizes[layer - 1], sizes[layer]
        if kind == "weight":
            cols[2].number_input("From", 1, n_in, key="edit_i", on_change=pick("i"),
                                 help=f"Unit of the layer before (1–{n_in}).")
        cols[3].number_input("To neuron", 1, n_out, key="edit_j", on_change=pick("j"),
                             help=f"Neuron of {names[layer - 1]} (1–{n_out}).")
        k, row = layer - 1, (None if kind == "bias" else i - 1)
        with pg.showing(view.epoch) as model:   # the value on show (a timeline snapshot's, while one is shown)
            now = float(model.biases[k][0, j - 1] if row is None else model.weights[k][row, j - 1])
        # A new key whenever the parameter or the model changes, so the box starts from the value now.
        version = f"{kind}_{layer}_{i}_{j}_{pg.trainer.steps}_{pg.trainer.epoch}_{view.epoch}_{now!r}"
        value = cols[4].number_input("New value", value=now, step=0.1, format="%.4f", key=f"edit_value_{version}",
                                     help="Any finite number. Training pauses when you set it.")

        def apply():
            view.say(pg.resume_from(view.epoch))
            view.epoch = None
            try:
                pg.set_param(k, row, j - 1, value)
            except ValueError as err:
                view.say(f"The value was not set: {err}.", "warning")
                return
            what = f"bias of {names[k]} neuron {j}" if row is None else f"weight {names[k]} {i}→{j}"
            view.say(f"Set the {what} to {value:g}.")

        cols[5].button("Set", key="edit_set", on_click=apply, help="Put the value into the network now.")
        st.caption(f"Now: {now:.6g}. " + ("Weights link unit i of the layer before to neuron j. " if row is not None
                                          else "") + "The boundary, the network view and the losses follow at once.")
