"""The Playground page headless (streamlit.testing.v1.AppTest): controls, buttons, URL and errors."""

import pytest

from harness.apptest import app, pg, widget
from playground.settings.config import SPECS


def test_loads_without_exception_with_defaults():
    at = app()
    assert not at.exception
    assert pg(at).config.dataset == "circle" and pg(at).model.sizes == [2, 4, 2, 1]
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Epoch", "Train loss", "Test loss"] and "Test accuracy" in labels
    assert [b.label for b in at.button][:3] == ["Play", "Step", "Reset"]
    assert all(w.help for kind in ("selectbox", "slider", "number_input", "toggle") for w in getattr(at, kind))


CHANGES = {"problem": "regression", "points": 300, "noise": 20, "train_pct": 70, "data_seed": 5,
           "features": ["x1", "x2", "x1^2"], "layers": 3, "h1": 7, "activation": "relu", "init": "he",
           "seed": 9, "optimizer": "adam", "lr": 0.1, "batch": 25, "reg": "l2", "reg_rate": 0.01,
           "stop_at": 100, "log_loss": True, "show_test": True, "discretize": True, "head": "tanh",
           "netview": False, "dropout": 0.2, "clip": 1.0}


@pytest.mark.parametrize("key", list(CHANGES))
def test_each_control_changes_the_configuration(key):
    at = app()
    if key == "reg_rate":
        widget(at, "reg").set_value("l2").run()       # the rate is disabled while Regularization is none
    widget(at, key).set_value(CHANGES[key]).run()
    assert not at.exception
    value = CHANGES[key]
    assert getattr(pg(at).config, key) == (tuple(value) if isinstance(value, list) else value)


def test_structural_change_resets_and_says_so_but_learning_rate_does_not():
    at = app()
    at.button(key="step").click().run()
    at.button(key="step").click().run()
    assert pg(at).trainer.epoch == 2
    weights = pg(at).model.get_params()
    widget(at, "lr").set_value(0.3).run()
    assert pg(at).trainer.epoch == 2 and pg(at).trainer.optimizer.lr == 0.3
    assert all((a == b).all() for a, b in zip(weights, pg(at).model.params))
    widget(at, "activation").set_value("relu").run()
    assert pg(at).trainer.epoch == 0
    assert any("reset" in t.value and "activation" in t.value for t in at.toast)


def test_step_advances_one_epoch_and_reset_returns_to_zero():
    at = app()
    at.button(key="step").click().run()
    assert pg(at).trainer.epoch == 1
    assert at.metric[0].value == "1"
    at.button(key="step_batch").click().run()
    assert pg(at).trainer.steps == 26  # 250 training points in batches of 10, plus one
    at.button(key="reset").click().run()
    assert pg(at).trainer.epoch == 0 and at.metric[0].value == "0"


def test_play_trains_in_the_fragment_and_pause_stops():
    at = app()
    at.button(key="play").click().run()
    assert pg(at).playing and pg(at).trainer.epoch > 0
    at.button(key="pause").click().run()
    epoch = pg(at).trainer.epoch
    at.run()
    assert not pg(at).playing and pg(at).trainer.epoch == epoch


def test_learning_rate_10_on_spiral_shows_the_divergence_message():
    at = app({"dataset": "spiral", "activation": "linear", "lr": "10"})
    assert pg(at).config.lr == 10.0
    at.button(key="play").click().run()
    assert not at.exception
    assert not pg(at).playing
    assert any("diverged" in e.value for e in at.error)
    assert pg(at).model.all_finite()


@pytest.mark.parametrize("params,named", [({"lr": "abc"}, "lr"), ({"h1": "1000000"}, "h1"),
                                          ({"layers": "99"}, "layers"), ({"activation": "gelu"}, "activation"),
                                          ({"dataset": "plane"}, "dataset")])
def test_malformed_query_parameters_warn_and_fall_back_to_defaults(params, named):
    at = app(params)
    assert not at.exception
    assert any(f"“{named}" in w.value for w in at.warning)
    assert getattr(pg(at).config, named) == SPECS[named]["default"]
    assert pg(at).model.sizes == [2, 4, 2, 1]


def test_url_restores_the_controls():
    at = app({"problem": "multiclass", "dataset": "blobs", "classes": "4", "layers": "1", "h1": "8",
              "activation": "relu", "lr": "0.1", "optimizer": "adam", "seed": "3"})
    assert not at.warning
    c = pg(at).config
    assert (c.problem, c.dataset, c.classes, c.activation, c.lr, c.optimizer, c.seed) == \
        ("multiclass", "blobs", 4, "relu", 0.1, "adam", 3)
    assert pg(at).model.sizes == [2, 8, 4]
    assert widget(at, "activation").value == "relu"
