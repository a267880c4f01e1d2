"""The Playground page's look inside the network, headless: map picker, weight editor, timeline, diagnostics."""
import json

import numpy as np

from harness.apptest import app, pg
from harness.live_data import live_figures
from nn_core import Network
from nn_core.grid import evaluate_grid


def view(at):
    return at.session_state["view"]


def value_box(at):
    """The weight editor's "New value" box (its key changes with the parameter and the model)."""
    return next(w for w in at.number_input if w.key.startswith("edit_value_"))


def chart_keys(at):
    return [c.proto.id for c in at.get("plotly_chart")]


def big_map(at):
    """What the live view's big map shows: "boundary" or "neuron" (its figure's uirevision), and its figure."""
    fig = live_figures(at)["main"]
    return fig["layout"]["uirevision"], fig


def specs(at):
    return [c.proto.spec for c in at.get("plotly_chart")]


def test_network_view_is_drawn_and_can_be_turned_off():
    at = app()
    assert not at.exception
    assert live_figures(at)["net"]["layout"]["uirevision"] == "netview"
    at.toggle(key="netview").set_value(False).run()
    assert live_figures(at)["net"] is None
    assert at.query_params["netview"] in ("false", ["false"])


def test_picking_a_neuron_shows_its_map_and_back_returns_to_the_boundary():
    at = app()
    at.selectbox(key="map_node").set_value((1, 2)).run()
    assert not at.exception
    assert view(at).selected == (1, 2)
    kind, fig = big_map(at)
    assert kind == "neuron" and "layer 1, neuron 3 (tanh)" in json.dumps(fig["layout"]["annotations"])
    at.button(key="map_back").click().run()
    assert view(at).selected is None
    assert big_map(at)[0] == "boundary"


def test_a_hand_edited_weight_changes_the_predictions_as_the_same_edit_in_the_core():
    at = app()
    at.button(key="step").click().run()
    model = pg(at).model
    expected_net = [p.copy() for p in model.params]
    at.selectbox(key="edit_layer").set_value(2).run()
    at.number_input(key="edit_i").set_value(3).run()
    at.number_input(key="edit_j").set_value(2).run()
    value_box(at).set_value(-1.75).run()
    at.button(key="edit_set").click().run()
    assert not at.exception
    expected_net[2][2, 1] = -1.75                          # weights[1] is params[2]
    changed = [i for i, (a, b) in enumerate(zip(expected_net, model.params)) if not np.array_equal(a, b)]
    assert changed == [] and model.weights[1][2, 1] == -1.75
    ref = Network(model.sizes, activation="tanh", output="sigmoid")
    ref.set_params(expected_net)
    X = pg(at).trainer.X_test
    np.testing.assert_array_equal(model.predict(X), ref.predict(X))
    stats = pg(at).trainer.latest
    assert at.metric[1].value == f"{stats['train_loss']:.4f}"
    assert any("Set the weight H2 3→2 to -1.75" in t.value for t in at.toast)


def test_editing_a_bias():
    at = app()
    at.selectbox(key="edit_kind").set_value("bias").run()
    at.selectbox(key="edit_layer").set_value(3).run()   # the output layer
    value_box(at).set_value(4.0).run()
    at.button(key="edit_set").click().run()
    assert pg(at).model.biases[2][0, 0] == 4.0
    assert pg(at).trainer.latest["test_loss"] > 1.0        # a large bias pushes every point towards class 1


def test_timeline_previews_a_snapshot_and_play_resumes_from_it_as_a_new_branch():
    at = app({"stop_at": "30"})
    at.button(key="play").click().run()
    while pg(at).playing:
        at.run()
    t = pg(at).trainer
    assert t.epoch == 30
    live = [p.copy() for p in pg(at).model.params]
    at.select_slider(key="timeline").set_value(10).run()
    assert not at.exception
    assert at.metric[0].value == "10"
    snap = [s for s in t.snapshots if s.epoch == 10][0]
    grid_out = pg(at).grid(view(at).epoch).output
    with np.errstate(all="ignore"):
        ref = Network(pg(at).model.sizes)
        ref.set_params(snap.params)
        np.testing.assert_allclose(grid_out, evaluate_grid(ref, n=grid_out.shape[0]).output)
    assert all(np.array_equal(a, b) for a, b in zip(live, pg(at).model.params))  # preview only
    assert any("Showing epoch 10" in i.value for i in at.info)
    at.button(key="step").click().run()
    assert t.epoch == 11 and t.history.column("epoch")[-1] == 11
    assert all(s.epoch <= 11 for s in t.snapshots)


def test_diagnostics_panels_render():
    at = app()
    at.button(key="step").click().run()
    for panel, key in (("Gradients", "grad_norms"), ("Units", "unit_health"), ("Weights", "weight_hist")):
        view(at).panel = panel
        at.run()
        assert not at.exception
        assert any(key in k for k in chart_keys(at)), panel
