"""What new users hit, each as a regression test (AppTest): the settings flow from widgets to the model and
the URL, the weight editor, the step read-outs, the stop epoch, and URL warnings in plain words."""

import pytest
from streamlit.testing.v1 import AppTest
from test_app_inside import value_box, view

from harness.apptest import app, pg, widget
from harness.server import ROOT

APP = ROOT / "app.py"


def test_typing_zero_layers_then_step_and_reset_never_shows_a_traceback():
    at = app()
    widget(at, "layers").set_value(0).run()
    assert not at.exception and pg(at).model.sizes == [2, 1]
    at.button(key="step").click().run()
    assert not at.exception and pg(at).trainer.epoch == 1
    at.button(key="reset").click().run()
    assert not at.exception and pg(at).model.sizes == [2, 1]
    assert at.selectbox(key="edit_layer").options == ["output"]


def test_layer_sizes_in_the_sidebar_are_the_sizes_trained_and_are_remembered():
    at = app({"layers": "0"})
    widget(at, "layers").set_value(1).run()
    widget(at, "layers").set_value(2).run()
    assert [widget(at, "h1").value, widget(at, "h2").value] == pg(at).model.sizes[1:3] == [4, 2]
    widget(at, "h2").set_value(5).run()
    widget(at, "layers").set_value(1).run()
    assert pg(at).model.sizes == [2, 4, 1]
    widget(at, "layers").set_value(2).run()
    assert widget(at, "h2").value == 5 and pg(at).model.sizes == [2, 4, 5, 1]
    at.button(key="reset").click().run()
    assert pg(at).model.sizes == [2, 4, 5, 1]


def test_weight_editor_starts_from_the_value_now():
    at = app()
    for _ in range(3):
        at.button(key="step").click().run()
    now = float(pg(at).model.weights[0][0, 0])
    assert value_box(at).value == now
    at.button(key="edit_set").click().run()        # Set without typing keeps the weight
    assert float(pg(at).model.weights[0][0, 0]) == now
    value_box(at).set_value(250.0).run()             # no silent limit: any finite value is taken
    at.button(key="edit_set").click().run()
    assert float(pg(at).model.weights[0][0, 0]) == 250.0


def test_stop_at_epoch_says_so_and_play_goes_on():
    at = app({"stop_at": "5"})
    at.button(key="play").click().run()
    while pg(at).playing:
        at.run()
    assert pg(at).trainer.epoch == 5
    assert any("Paused at epoch 5" in i.value for i in at.info)
    at.button(key="play").click().run()
    assert pg(at).trainer.epoch > 5 and not at.info


@pytest.mark.filterwarnings("error::RuntimeWarning")     # no overflow on the way to the charts
def test_regression_blown_up_shows_readable_numbers():
    at = app({"problem": "regression", "lr": "10", "layers": "0"})
    at.button(key="play").click().run()
    while pg(at).playing:
        at.run()
    assert not at.exception
    loss = pg(at).trainer.latest["train_loss"]
    shown = at.metric[1].value
    assert len(shown) <= 10 and (loss < 1e5 or "e+" in shown), shown


def test_url_warnings_are_plain_words_shown_once():
    at = app({"lr": "abc", "activation": "__init__", "seed": "3e12", "bogus": "1", "h1": "6"})
    text = " ".join(w.value for w in at.warning)
    assert "could not convert" not in text and "2.14748e+09" not in text
    assert "“lr=abc”) is not a number; 0.03 is used instead" in text
    assert "activation=\\_\\_init\\_\\_" in text                  # markdown would eat bare underscores
    assert "is more than 2,147,483,647" in text
    assert "“bogus”" in text
    assert pg(at).model.sizes == [2, 6, 2, 1]                       # the good parameters still apply
    at.button(key="step").click().run()
    assert not at.warning


def test_regularization_rate_acts_only_with_a_regularizer():
    at = app({"reg_rate": "0.1"})
    t = pg(at).trainer
    assert (t.l1, t.l2) == (0.0, 0.0) and widget(at, "reg_rate").disabled
    widget(at, "reg").set_value("l2").run()
    assert (t.l1, t.l2) == (0.0, 0.1) and not widget(at, "reg_rate").disabled
    assert pg(at).config.to_query() == {"reg": "l2", "reg_rate": "0.1"}
    widget(at, "reg").set_value("none").run()
    assert pg(at).config.to_query() == {}


def test_batch_size_offers_the_usual_sizes_and_dropout_and_clipping_reach_the_trainer():
    at = app({"dropout": "0.2", "clip": "1"})
    assert 32 in widget(at, "batch").options or "32" in widget(at, "batch").options
    assert pg(at).model.dropout == 0.2 and pg(at).trainer.clip_norm == 1.0
    widget(at, "batch").set_value(32).run()
    assert pg(at).trainer.batch_size == 32


def test_tooltips_use_the_labels_shown_not_internal_names():
    at = app()
    helps = [w.help for kind in ("selectbox", "multiselect", "slider", "select_slider", "number_input", "toggle")
             for w in getattr(at, kind)]
    assert all(helps)
    assert not [h for h in helps if "multi_spiral" in h or "leaky_relu" in h or len(h) > 200]


def test_inside_one_step_can_be_linked_with_a_setup():
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in {"dataset": "xor", "layers": "1", "h1": "3"}.items():
        at.query_params[k] = v
    at.switch_page("app_pages/inside_step.py")
    at.run()
    assert not at.exception
    assert pg(at).config.dataset == "xor" and pg(at).model.sizes == [2, 3, 1]
    assert view(at).selected is None


def test_step_one_batch_says_the_step_and_the_batch_loss():
    at = app()
    at.button(key="step_batch").click().run()
    t = pg(at).trainer
    assert t.steps == 1 and t.last_batch[0] == 10
    assert any(f"Step 1: a batch of 10 points, batch loss {t.last_batch[1]:.4f}" in x.value for x in at.toast)
    for _ in range(24):
        at.button(key="step_batch").click().run()
    assert any("Step 25" in x.value and "It completed epoch 1." in x.value for x in at.toast)


def test_settings_survive_a_visit_to_the_other_page():
    at = app()
    widget(at, "h1").set_value(7).run()
    widget(at, "lr").set_value(0.1).run()
    at.switch_page("app_pages/inside_step.py").run()
    assert not at.exception and pg(at).model.sizes == [2, 7, 2, 1]
    at.switch_page("app_pages/playground.py").run()
    assert not at.exception
    assert widget(at, "h1").value == 7 and widget(at, "lr").value == 0.1
    assert pg(at).model.sizes == [2, 7, 2, 1] and pg(at).config.lr == 0.1
