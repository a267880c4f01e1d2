"""The weight editor: pick one weight or bias, type a value, and the model and every chart follow."""
import streamlit as st

from nn_core.diagnostics import layer_names
from playground.ui.session import show


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
