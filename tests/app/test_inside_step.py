"""The "Inside one step" page headless (streamlit.testing.v1.AppTest): walk-through, numbers, gradient check."""
import copy

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from harness.server import ROOT
from nn_core.anatomy import one_step

APP = ROOT / "app.py"


def page(config=None):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if config:
        at.session_state["pg"].apply(at.session_state["pg"].config.replace(**config))
    at.switch_page("app_pages/inside_step.py")
    return at.run()


def pg(at):
    return at.session_state["pg"]


def stage(at):
    return at.select_slider(key="inside_stage").value


def walk_to_end(at):
    seen = [stage(at)]
    while not at.button(key="inside_next").disabled:
        at.button(key="inside_next").click().run()
        assert not at.exception, at.exception
        seen.append(stage(at))
        assert len(seen) < 100
    return seen


def shown(at, first=1):
    """The stage's tables (the first dataframe on the page is the batch), as arrays."""
    return [df.value.to_numpy(dtype=float) for df in at.dataframe[first:]]


def test_walks_through_every_stage_of_the_default_2_4_2_1_tanh_network():
    at = page()
    assert not at.exception
    model = pg(at).model
    assert model.sizes == [2, 4, 2, 1] and model.activation == "tanh"
    assert stage(at) == "forward-1" and at.button(key="inside_prev").disabled
    seen = walk_to_end(at)
    assert seen == ["forward-1", "forward-2", "forward-3", "loss", "delta-out", "backward-3", "backward-2",
                    "backward-1", "update-1", "update-2", "update-3", "result"]
    assert at.button(key="inside_next").disabled
    labels = [m.label for m in at.metric]
    assert "cost before" in labels and "cost after" in labels
    at.button(key="inside_prev").click().run()
    assert stage(at) == "update-3" and not at.exception
    assert pg(at).trainer.steps == 0          # looking changes nothing


def test_every_control_has_a_tooltip():
    at = page()
    for kind in ("button", "number_input", "radio", "select_slider", "selectbox"):
        widgets = getattr(at, kind)
        assert widgets, kind
        assert all(w.help for w in widgets), kind


def test_forward_stage_shows_the_cores_numbers_for_a_mini_batch():
    at = page()
    at.radio(key="inside_size").set_value("batch").run()
    at.number_input(key="inside_start").set_value(5).run()
    t = pg(at).trainer
    Xb = t.X_train[5:15]
    ref = copy.deepcopy(pg(at).model)
    ref.forward(Xb, train=True)
    batch = at.dataframe[0].value
    assert list(batch.index) == [f"#{i}" for i in range(5, 13)]           # first 8 of the 10 points
    np.testing.assert_array_equal(batch.iloc[:, :2].to_numpy(), pg(at).X_train[5:13])
    a0, W1, b1, z1, a1 = shown(at)
    np.testing.assert_array_equal(a0, Xb[:8])
    np.testing.assert_array_equal(W1, ref.params[0])
    np.testing.assert_array_equal(b1, ref.params[1])
    np.testing.assert_array_equal(z1, ref.z_values[0][:8])
    np.testing.assert_array_equal(a1, ref.activations[1][:8])
    assert any("first 8 of 10 rows" in c.value for c in at.caption)


def test_backward_and_update_stages_show_the_cores_numbers():
    at = page({"optimizer": "adam", "lr": 0.01, "reg": "l2", "reg_rate": 0.03})
    t = pg(at).trainer
    Xb, Yb = t.X_train[:1], t.Y_train[:1]
    ref = copy.deepcopy(pg(at).model)
    ref.forward(Xb, train=True)
    grads = ref.backward(Yb, t.l1, t.l2)
    at.select_slider(key="inside_stage").set_value("backward-1").run()
    assert not at.exception
    tables = shown(at)
    assert any(np.array_equal(x, grads[0]) for x in tables)                   # dW[1]
    assert any(np.array_equal(x, grads[1]) for x in tables)                   # db[1]
    opt = copy.deepcopy(t.optimizer)
    opt.step(ref.params, grads)
    at.select_slider(key="inside_stage").set_value("update-2").run()
    tables = shown(at)
    assert any(np.array_equal(x, ref.params[2]) for x in tables)              # W[2] after
    assert any(np.array_equal(x, opt.m[2]) for x in tables)                   # Adam's m for W[2]
    assert [m.label for m in at.metric][:3] == ["t", "1 − β₁ᵗ", "1 − β₂ᵗ"]


def test_apply_this_step_takes_exactly_one_trainer_step_on_the_batch():
    at = page({"optimizer": "momentum"})
    p = pg(at)
    p.step_batch()                                   # some momentum state first
    at.run()
    t = p.trainer
    start = 7
    at.number_input(key="inside_start").set_value(start).run()
    at.radio(key="inside_size").set_value("batch").run()
    expected = one_step(p.model, t.optimizer, t.X_train[start:start + 10], t.Y_train[start:start + 10])[-1].arrays
    steps = t.steps
    at.button(key="inside_apply").click().run()
    assert not at.exception
    assert t.steps == steps + 1
    for i in range(p.model.n_layers):
        np.testing.assert_array_equal(p.model.weights[i], expected[f"W[{i + 1}] after"])
        np.testing.assert_array_equal(p.model.biases[i], expected[f"b[{i + 1}] after"])
    assert any("Applied one step" in i.value for i in at.info)


def test_gradient_check_button_shows_that_backprop_agrees():
    at = page()
    at.button(key="inside_gc_run").click().run()
    assert not at.exception
    assert any("agrees" in s.value for s in at.success)
    table = at.dataframe[-1].value
    assert list(table["verdict"]) == ["backprop agrees"] * 3
    assert all(float(e) < 1e-6 for e in table["relative error"])


def test_gradient_check_catches_a_broken_backprop():
    at = page({"reg": "l2", "reg_rate": 0.1})
    at.selectbox(key="inside_gc_bug").set_value("no_reg").run()
    at.button(key="inside_gc_run").click().run()
    assert not at.exception
    assert any("disagree" in e.value and "on purpose" in e.value for e in at.error)
    assert "disagrees" in list(at.dataframe[-1].value["verdict"])


def test_gradient_check_of_the_largest_network_is_sampled_and_says_so():
    config = {"layers": 8, **{f"h{i}": 32 for i in range(1, 9)},
              "features": ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2")}
    at = page(config)
    assert pg(at).model.sizes == [7] + [32] * 8 + [1]
    at.button(key="inside_gc_run").click().run()
    assert not at.exception
    assert any("random sample" in c.value for c in at.caption)
    assert any("agrees" in s.value for s in at.success)
    assert at.session_state["inside_gc"]["seconds"] < 10


@pytest.mark.parametrize("config", [
    {"problem": "multiclass", "dataset": "blobs", "activation": "relu", "optimizer": "rmsprop", "reg": "l1",
     "reg_rate": 0.01},
    {"problem": "regression", "head": "linear", "layers": 0, "optimizer": "nesterov"},
    {"activation": "swish", "layers": 3, "h3": 32, "head": "tanh", "batch": 32, "optimizer": "adam"},
])
def test_other_networks_walk_through_without_exceptions(config):
    at = page(config)
    at.radio(key="inside_size").set_value("batch").run()
    seen = walk_to_end(at)
    assert seen[-1] == "result" and len(seen) == 3 * pg(at).model.n_layers + 3


def test_out_of_range_index_is_clamped_not_an_error():
    at = page()
    n = len(pg(at).trainer.X_train)
    for bad in (10**9, -5):
        at.number_input(key="inside_start").set_value(bad).run()
        assert not at.exception
        assert 0 <= at.number_input(key="inside_start").value <= n - 1
        assert len(at.dataframe[0].value) == 1
    at.number_input(key="inside_start").set_value(n - 1).run()
    at.radio(key="inside_size").set_value("batch").run()          # the batch is shortened, and says so
    assert not at.exception
    assert any("Only 1 point is left" in c.value for c in at.caption)


def test_a_smaller_network_or_data_set_after_a_change_keeps_the_page_working():
    at = page()
    at.number_input(key="inside_start").set_value(240).run()
    at.select_slider(key="inside_stage").set_value("update-3").run()
    pg(at).apply(pg(at).config.replace(points=50, layers=0))          # fewer points, and no stage "update-3" any more
    at.run()
    assert not at.exception
    assert at.number_input(key="inside_start").value == len(pg(at).trainer.X_train) - 1
    assert stage(at) == "forward-1"
    assert walk_to_end(at)[-1] == "result"


def test_gradient_check_on_a_relu_network_explains_the_kinks():
    at = page({"activation": "relu"})          # some points switch every layer-1 unit off: z = 0 exactly above
    at.button(key="inside_gc_run").click().run()
    assert not at.exception
    verdicts = list(at.dataframe[-1].value["verdict"])
    assert "disagrees" in verdicts          # the default data put some points on the kink
    assert any("kinks, not backprop" in w.value and "exactly at 0" in w.value for w in at.warning)
    assert not at.error
