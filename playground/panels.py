"""Streamlit pieces of the Playground page that look inside the network: the map picker, the network
view, the diagnostics, the timeline slider and the weight editor. Widgets and layout only; the figures
come from `netview`/`diagfigs`, the numbers from `nn_core`, the state changes from `Playground`."""
import numpy as np
import streamlit as st

from nn_core.diagnostics import layer_names, unit_health, weight_histograms

from . import diagfigs
from .figures import loss_figure
from .netview import network_figure, neuron_map_figure, neuron_title, node_at

CHART = {"displayModeBar": False}
NETVIEW_WIDTH = 900
PANELS = ("Gradients", "Units", "Weights")
PANEL_HELP = ("Diagnostics. Gradients: the gradient norm of each layer's weights over the epochs (vanishing "
              "gradients fall by decades in the early layers, exploding ones climb). Units: the share of dead "
              "ReLU / saturated sigmoid or tanh units per layer, now. Weights: a histogram of each layer's "
              "weights, now. Click the chosen one again to hide the diagnostics.")


BOUNDARY = "boundary"


def _nodes(pg):
    return [BOUNDARY] + [(layer, unit) for layer, n in enumerate(pg.model.sizes) for unit in range(n)]


def _title(pg, node):
    if node == BOUNDARY:
        return "Network output (decision boundary)"
    c = pg.config
    return neuron_title(node[0], node[1], pg.model.n_layers, c["features"], c["activation"], c["head"])


def _select_node(pg, node, rerun_app=False):
    node = None if node == BOUNDARY else node
    pg.selected = node
    if rerun_app:  # from inside the live fragment: the map picker outside it must follow
        st.session_state["rerun_app"] = True
    if node is not None and node[0] > 0:   # point the weight editor at that neuron's bias
        st.session_state["edit_kind"] = "bias"
        st.session_state["edit_layer"] = node[0]
        st.session_state["edit_j"] = node[1] + 1


def map_picker(pg, container):
    """A select box of what the big map shows: the decision boundary or one node's own map."""
    nodes = _nodes(pg)
    st.session_state["map_node"] = pg.selected if pg.selected in nodes else BOUNDARY
    container.selectbox("Map shown", nodes, key="map_node", format_func=lambda n: _title(pg, n),
                        on_change=lambda: _select_node(pg, st.session_state["map_node"]),
                        help="Show the decision boundary, or any input feature's or neuron's output over the "
                             "plane at full size. Clicking a neuron in the network view does the same.")


def neuron_map(pg, container, grid):
    layer, unit = pg.selected
    c = pg.config
    fig = neuron_map_figure(grid, layer, unit, activation=c["activation"], head=c["head"],
                            feature_names=c["features"], task=pg.task, n_classes=pg.n_classes,
                            X_train=pg.X_train, y_train=pg.y_train, X_test=pg.X_test, y_test=pg.y_test,
                            show_test=c["show_test"])
    container.plotly_chart(fig, config=CHART, key="neuron_map", width="content")
    container.button("← Back to the network output", key="map_back", on_click=lambda: _select_node(pg, None, True),
                     help="Show the network's output (the decision boundary) again.")


def network_view(pg, grid):
    c = pg.config
    fig = network_figure(pg.model, grid, c["features"], selected=pg.selected, width=NETVIEW_WIDTH,
                         activation=c["activation"], head=c["head"])

    def clicked():
        node = node_at(st.session_state.get("netview_chart"))
        if node is not None:
            _select_node(pg, None if node == pg.selected else node, True)

    st.plotly_chart(fig, config=CHART, key="netview_chart", width="content", on_select=clicked,
                    selection_mode="points")


def loss_panel(pg, container, log_y):
    h = pg.trainer.history
    container.plotly_chart(loss_figure(h.column("epoch"), h.column("train_loss"), h.column("test_loss"),
                                       log_y=log_y, marker=pg.view_epoch, height=300),
                           config=CHART, key="loss")


def captions(pg):
    """What the live charts show, in words: drawn once per full run, outside the live fragment (every element
    the fragment redraws costs the browser a few ms per redraw)."""
    loss_name = "cross-entropy" if pg.config["head"] in ("sigmoid", "softmax") else "½·squared error"
    text = (f"Loss: {loss_name}, averaged over the points, without the regularization term. Network: "
            f"{' → '.join(str(s) for s in pg.model.sizes)}; batch {pg.trainer.batch_size}.")
    if pg.config["netview"]:
        text += (" In the network view each square is a neuron's output over the plane (orange negative, blue "
                 "positive); links are blue for positive and orange for negative weights, wider for larger |w|; "
                 "the small square at a neuron's corner is its bias. Hover for values; click a neuron to see its "
                 "map full size, again to go back.")
    st.caption(text)


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


def timeline(pg):
    """A slider over the kept snapshots (shown while paused): scrubbing previews a past epoch."""
    epochs = pg.snapshot_epochs()
    if len(epochs) < 2:
        return
    st.session_state["timeline"] = pg.view_epoch if pg.view_epoch in epochs else epochs[-1]
    st.select_slider("Timeline", epochs, key="timeline", format_func=lambda e: f"epoch {e:,}",
                     on_change=lambda: pg.view(st.session_state["timeline"]),
                     help="Snapshots of the network taken while it trained (older ones thinned out). Drag to "
                          "see the boundary, the network and the read-outs at that epoch; Play or Step then "
                          "continues from there as a new branch.")
    if pg.view_epoch is not None:
        later = epochs[-1] - pg.view_epoch
        st.info(f"Showing epoch {pg.view_epoch:,}. Play or Step continues from here as a new branch and drops "
                f"the {later:,} epochs after it; drag the slider to the end to return to epoch {epochs[-1]:,}.",
                icon=":material/history:")


def weight_editor(pg):
    """Pick one weight or bias, type a value: the model and every chart follow."""
    sizes = pg.model.sizes
    names = layer_names(len(sizes) - 1)
    with st.expander("Edit a weight or bias by hand"):
        cols = st.columns([1, 1, 1, 1, 1.3, 0.8], vertical_alignment="bottom")
        kind = cols[0].selectbox("Parameter", ("weight", "bias"), key="edit_kind",
                                 help="A weight scales the signal on one link; a bias shifts one neuron.")
        if st.session_state.get("edit_layer", 1) > len(names):
            st.session_state["edit_layer"] = 1
        layer = cols[1].selectbox("Layer", range(1, len(names) + 1), key="edit_layer",
                                  format_func=lambda k: names[k - 1],
                                  help="The layer the link goes into (H1 = first hidden layer).")
        n_in, n_out = sizes[layer - 1], sizes[layer]
        for key, n in (("edit_i", n_in), ("edit_j", n_out)):
            if not 1 <= st.session_state.get(key, 1) <= n:
                st.session_state[key] = 1
        i = None
        if kind == "weight":
            i = cols[2].number_input("From", 1, n_in, key="edit_i", help=f"Unit of the layer before (1–{n_in}).")
        j = cols[3].number_input("To neuron", 1, n_out, key="edit_j", help=f"Neuron of {names[layer - 1]} "
                                 f"(1–{n_out}).")
        k = layer - 1
        with pg.showing() as model:   # the value on show (a timeline snapshot's, while one is shown)
            now = float(model.biases[k][0, j - 1] if i is None else model.weights[k][i - 1, j - 1])
        value = cols[4].number_input("New value", -100.0, 100.0, value=float(np.clip(now, -100, 100)),
                                     step=0.1, format="%.4f", key=f"edit_value_{kind}_{layer}_{i}_{j}",
                                     help="Between -100 and 100. Training pauses when you set it.")

        def apply():
            try:
                pg.set_param(k, None if i is None else i - 1, j - 1, value)
            except ValueError as err:
                st.session_state["edit_error"] = str(err)
                return
            what = f"bias of {names[k]} neuron {j}" if i is None else f"weight {names[k]} {i}→{j}"
            pg.notice = f"Set the {what} to {value:g}."

        cols[5].button("Set", key="edit_set", on_click=apply, help="Put the value into the network now.")
        st.caption(f"Now: {now:.6g}. " + ("Weights link unit i of the layer before to neuron j. " if i else "")
                   + "The boundary, the network view and the losses follow at once.")
        if st.session_state.get("edit_error"):
            st.error(st.session_state.pop("edit_error"))
