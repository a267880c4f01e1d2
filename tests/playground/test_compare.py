"""playground/state/compare.py, settings.compare and figures.loss: two sides on one data set in lockstep, the URL with
prefixes both ways, the one loss chart."""
import numpy as np

from harness.plotly_json import spec
from playground.figures.loss import SIDE_COLORS, compare_loss_figure
from playground.settings.compare import EXAMPLES, SIDE_KEYS, from_query, to_query
from playground.settings.config import Config
from playground.state.compare import Comparison, default_configs, describe


def comparison(**params):
    configs, warnings = from_query(params)
    assert warnings == []
    return Comparison(configs)


def epochs(cmp):
    return [p.trainer.epoch for p in cmp.sides.values()]


def test_b_trains_on_as_data_the_same_arrays_whatever_changes():
    cmp = comparison(**{"b.activation": "relu"})
    a, b = cmp.sides["A"], cmp.sides["B"]
    assert a.X_train is b.X_train and a.y_test is b.y_test
    np.testing.assert_array_equal(a.trainer.X_train, b.trainer.X_train)
    for change in ({"points": 300}, {"data_seed": 4}, {"dataset": "xor"}, {"problem": "regression"}):
        cmp.apply({"A": a.config.replace(**change)})
        assert a.X_train is b.X_train and len(b.X_train) == len(a.X_train)
        np.testing.assert_array_equal(a.trainer.labels_train, b.trainer.labels_train)
        np.testing.assert_array_equal(a.trainer.X_test, b.trainer.X_test)
        assert b.config.problem == a.config.problem and b.config.activation == "relu"


def test_b_cannot_take_data_settings_of_its_own():
    cmp = Comparison(default_configs())
    cmp.apply({"B": cmp.sides["B"].config.replace(points=100, seed=3)})
    assert cmp.sides["B"].config.points == 500 and cmp.sides["B"].config.seed == 0
    assert len(cmp.sides["B"].X_train) == 250


def test_lockstep_by_time_and_by_epochs():
    cmp = comparison(**{"b.layers": "3"})
    cmp.play()
    done = cmp.train(seconds=0.1)
    assert done > 0 and epochs(cmp) == [done, done]
    cmp.train(epochs=7)
    assert epochs(cmp) == [done + 7] * 2
    cmp.step()
    assert epochs(cmp) == [done + 8] * 2


def test_a_new_network_on_one_side_resets_both_a_learning_rate_does_not():
    cmp = Comparison(default_configs())
    cmp.train(epochs=5)
    assert cmp.apply({"B": cmp.sides["B"].config.replace(lr=0.1)}) == []
    assert epochs(cmp) == [5, 5] and cmp.sides["B"].trainer.optimizer.lr == 0.1
    notices = cmp.apply({"A": cmp.sides["A"].config.replace(activation="relu")})
    assert epochs(cmp) == [0, 0] and notices == ["Both sides were reset to epoch 0 because A's activation changed."]
    cmp.train(epochs=2)
    notices = cmp.apply({"A": cmp.sides["A"].config.replace(noise=10)})
    assert epochs(cmp) == [0, 0] and "noise" in notices[0]


def test_copy_a_to_b_makes_the_model_settings_equal():
    cmp = comparison(**{"a.activation": "relu", "a.lr": "0.1", "a.layers": "3", "a.h3": "5", "b.optimizer": "adam"})
    cmp.copy("A", "B")
    a, b = cmp.sides["A"].config, cmp.sides["B"].config
    assert all(getattr(a, k) == getattr(b, k) for k in SIDE_KEYS) and a == b
    assert cmp.sides["B"].model.sizes == cmp.sides["A"].model.sizes == [2, 4, 2, 5, 1]


def test_a_diverging_side_pauses_both_and_is_named():
    cmp = comparison(problem="regression", **{"b.lr": "3"})
    cmp.play()
    cmp.train(epochs=50)
    assert not cmp.playing and cmp.diverged == "B"
    side, div = cmp.divergence
    assert side == "B" and div.quantity == "loss"
    assert cmp.sides["B"].model.all_finite() and cmp.sides["A"].trainer.divergence is None
    a, b = epochs(cmp)
    assert a == div.epoch and b == div.rolled_back_to      # A finished the epoch in which B diverged
    cmp.reset()
    assert cmp.divergence is None and epochs(cmp) == [0, 0]


def test_prefixed_url_parameters_and_unprefixed_ones_for_both():
    configs, warnings = from_query({"lr": "0.1", "b.lr": "0.3", "a.activation": "relu", "dataset": "xor",
                                    "features": "x1,x2,x1^2", "b.layers": "1"})
    assert warnings == []
    a, b = configs["A"], configs["B"]
    assert (a.lr, b.lr, a.activation, b.activation) == (0.1, 0.3, "relu", "tanh")
    assert a.dataset == b.dataset == "xor" and a.features == b.features == ("x1", "x2", "x1^2")
    assert (a.layers, b.layers) == (2, 1)


def test_bad_url_values_give_plain_warnings_and_defaults():
    configs, warnings = from_query({"a.lr": "abc", "b.activation": "gelu", "b.points": "100", "c.lr": "1",
                                    "a.h1": "1e9", "noise": "x"})
    text = " ".join(warnings)
    assert len(warnings) == 6
    assert "Learning rate for A (“a.lr=abc”) is not a number; 0.03 is used instead" in text
    assert "“b.activation=gelu”" in text and "“b.points” sets the Points, which both sides share" in text
    assert "“c.lr” is not one this app has" in text and "“a.h1=1e9”) is more than 32" in text
    assert "“noise=x”" in text
    assert configs["A"] == configs["B"] == Config()


def test_url_round_trip_writes_only_what_differs_from_the_defaults():
    assert to_query(default_configs()) == {}
    for title, _, params in EXAMPLES:
        configs, warnings = from_query(params)
        assert warnings == [], title
        assert configs["A"] != configs["B"], title
        assert from_query(to_query(configs))[0] == configs, title
    configs, _ = from_query({"a.layers": "1", "b.layers": "3", "h2": "5"})
    assert to_query(configs) == {"h2": "5", "a.layers": "1", "b.layers": "3"}


def test_descriptions_say_what_differs():
    configs, _ = from_query(EXAMPLES[0][2])
    assert describe(configs["A"], configs["B"]) == "tanh" and describe(configs["B"], configs["A"]) == "ReLU"
    configs, _ = from_query({"b.reg": "l2", "b.reg_rate": "0.3", "b.lr": "0.1"})
    assert describe(configs["B"], configs["A"]) == "lr 0.1, L2 0.3"
    assert describe(Config(), Config()) == "tanh, 2 layers (4-2), SGD, lr 0.03"


def test_loss_chart_one_colour_per_side_train_solid_test_dashed():
    e = np.arange(20)
    sides = [("A: tanh", e, np.linspace(1, 0.2, 20), np.linspace(1, 0.3, 20)),
             ("B: ReLU", e, np.linspace(1, 0.1, 20), np.full(20, np.nan))]
    s = spec(compare_loss_figure(sides))
    assert [t["name"] for t in s["data"]] == ["A: tanh (train)", "A: tanh (test)", "B: ReLU (train)"]
    assert [t["line"]["dash"] for t in s["data"]] == ["solid", "dash", "solid"]
    assert [t["line"]["color"] for t in s["data"]] == [SIDE_COLORS[0], SIDE_COLORS[0], SIDE_COLORS[1]]
    s = spec(compare_loss_figure(sides, show_test=False, log_y=True))
    assert len(s["data"]) == 2 and s["layout"]["yaxis"]["type"] == "log"
