"""Presets: each one's stated outcome holds when it trains for its stated epochs; a preset link loads it (first
visit, or followed inside a session from the Presets page); the Presets page lists every preset as a link."""
import numpy as np
from streamlit.testing.v1 import AppTest

from harness.apptest import APP, app, pg, widget
from playground.settings.config import Config
from playground.settings.presets import PRESETS
from playground.state.playground import Playground


def trained(name, **changes):
    """Preset `name` (with `changes` to its settings) trained for its stated epochs."""
    config, warnings = Config.from_query({"preset": name})
    assert warnings == []
    p = Playground(config.replace(**changes) if changes else config)
    p.train(epochs=PRESETS[name].epochs)
    return p


def dead_units(p):
    """Hidden units whose input is negative for every training point (a dead ReLU gets no gradient)."""
    p.model.forward(p.features(p.X_train))
    return sum(int((z.max(axis=0) <= 0).sum()) for z in p.model.z_values[:-1])


def test_there_are_at_least_ten_and_each_says_enough():
    assert len(PRESETS) >= 10
    for p in PRESETS.values():
        assert p.title and 2 <= p.watch.count(". ") + 1 <= 4, p.name   # two or three sentences (or four)
        config, warnings = Config.from_query(p.settings)
        assert warnings == [], p.name
        assert set(config.to_query()) <= set(p.settings), p.name
        assert all(config.matters(k) for k in p.settings), p.name   # no setting that has no effect


def test_xor_needs_a_hidden_layer():
    assert trained("xor").trainer.latest["test_metric"] > 0.95
    assert trained("xor", layers=0).trainer.latest["test_metric"] < 0.75


def test_circle_without_hidden_layers_once_the_squares_are_inputs():
    assert trained("circle_features").trainer.latest["test_metric"] > 0.98
    assert trained("circle_features", features=("x1", "x2")).trainer.latest["test_metric"] < 0.7


def test_spiral_needs_depth():
    assert trained("spiral_depth").trainer.latest["test_metric"] > 0.9
    assert trained("spiral_depth", layers=0).trainer.latest["test_metric"] < 0.75


def test_learning_rate_too_high_diverges_and_lower_does_not():
    p = trained("lr_too_high")
    d = p.trainer.divergence
    assert d is not None and d.quantity == "loss" and d.epoch <= 20 and not p.playing
    assert p.model.all_finite()                                   # rolled back to finite weights
    assert trained("lr_too_high", lr=0.03).trainer.divergence is None


def test_learning_rate_too_low_crawls():
    slow, fast = trained("lr_too_low"), trained("lr_too_low", lr=0.03)
    first = slow.trainer.history.column("train_loss")[0]
    assert abs(slow.trainer.latest["train_loss"] - first) < 0.1 * first    # under 10 % of the way
    assert slow.trainer.latest["test_metric"] < 0.8 < 0.95 < fast.trainer.latest["test_metric"]


def test_dying_relus_and_leaky_relu_fixing_them():
    relu, leaky = trained("dying_relu"), trained("dying_relu", activation="leaky_relu")
    assert dead_units(relu) >= 4                                  # half of the 8 hidden units
    assert relu.trainer.latest["test_metric"] < 0.8
    assert leaky.trainer.latest["test_metric"] > 0.95


def test_overfitting_and_l2_fixing_it():
    over, l2 = trained("overfitting"), trained("overfitting_l2")
    assert len(over.X_train) == 30
    assert over.trainer.latest["test_loss"] > 3 * over.trainer.latest["train_loss"]
    assert l2.trainer.latest["test_loss"] < 0.5 * over.trainer.latest["test_loss"]


def test_multiclass_spiral_with_softmax():
    p = trained("multiclass_spiral")
    assert p.model.output == "softmax" and p.model.sizes[-1] == 3
    assert p.trainer.latest["test_metric"] > 0.9


def test_adam_beats_sgd_on_the_same_net():
    adam, sgd = trained("adam"), trained("adam", optimizer="sgd")
    assert adam.model.sizes == sgd.model.sizes
    assert adam.trainer.latest["train_loss"] * 3 < sgd.trainer.latest["train_loss"]


def test_zero_initialization_keeps_every_layer_symmetric():
    p = trained("zero_init")
    for W in p.model.weights[:-1]:
        assert np.all(W == W[:, :1]) and np.any(W != 0)           # identical units that did learn something
    assert np.all(p.model.weights[-1] == p.model.weights[-1][0])
    assert trained("zero_init", init="xavier").model.weights[0].std(axis=1).min() > 0


def test_a_preset_link_loads_it_and_the_url_then_follows_the_setup():
    at = app({"preset": "spiral_depth"})
    assert not at.exception and not at.warning
    assert pg(at).model.sizes == [4, 8, 8, 8, 8, 1] and pg(at).config.dataset == "spiral"
    assert any("The spiral needs depth" in t.value for t in at.toast)
    assert "preset" not in at.query_params
    widget(at, "h1").set_value(5).run()
    assert pg(at).model.sizes == [4, 5, 8, 8, 8, 1]


def test_the_links_own_settings_win_and_an_unknown_preset_is_a_warning():
    at = app({"preset": "xor", "h1": "6"})
    assert pg(at).config.dataset == "xor" and pg(at).model.sizes == [2, 6, 1]
    at = app({"preset": "nosuch"})
    assert not at.exception and pg(at).config == Config()
    assert any("nosuch" in w.value and "Presets page" in w.value for w in at.warning)


def test_a_preset_followed_inside_a_session_replaces_the_setup():
    at = app()
    widget(at, "h1").set_value(7).run()
    at.switch_page("app_pages/presets.py").run()
    assert not at.exception
    at.query_params.clear()
    at.query_params["preset"] = "multiclass_spiral"    # the page's link: the Playground's address with the preset
    at.switch_page("app_pages/playground.py").run()
    assert not at.exception
    assert pg(at).config.problem == "multiclass" and pg(at).model.sizes == [2, 12, 12, 12, 3]
    assert widget(at, "h1").value == 12


def test_the_presets_page_links_every_preset():
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.switch_page("app_pages/presets.py").run()
    assert not at.exception
    links = at.get("page_link")
    assert len(links) == len(PRESETS)
    assert {link.proto.query_string for link in links} == {f"preset={n}" for n in PRESETS}
    assert len(at.get("image")) == len(PRESETS)
