"""Tests for playground/settings/config.py: one configuration, validated, to and from the URL."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.settings.choices import LAYER_KEYS
from playground.settings.config import SPECS, Config, label_of


def test_defaults_write_an_empty_query_and_read_back():
    assert Config().to_query() == {}
    assert Config.from_query({}) == (Config(), [])


def test_every_setting_round_trips_through_the_url():
    c = Config().replace(problem="multiclass", dataset="blobs", classes=5, points=300, noise=20,
                         features=["x1", "x2^2"],
                         layers=3, h3=7, activation="relu", init="he", seed=9, optimizer="adam", lr=0.1, batch=32,
                         reg="l1", reg_rate=0.01, dropout=0.2, clip=1.0, stop_at=40, netview=False, log_loss=True,
                         show_test=True, discretize=True)
    back, warnings = Config.from_query(c.to_query())
    assert warnings == [] and back == c


def test_settings_that_have_no_effect_stay_out_of_the_url_but_are_remembered():
    c = Config().replace(layers=1, h2=9, reg_rate=0.1)
    assert "h2" not in c.to_query() and "reg_rate" not in c.to_query() and "classes" not in c.to_query()
    assert c.replace(layers=2).hidden == (4, 9)
    assert (c.l1, c.l2) == (0.0, 0.0) and c.replace(reg="l2").l2 == 0.1


def test_a_new_problem_takes_a_dataset_and_head_that_fit_it():
    c = Config().replace(problem="regression")
    assert (c.dataset, c.head, c.n_outputs) == ("plane", "linear", 1)
    c = Config().replace(problem="multiclass", classes=4)
    assert (c.dataset, c.head, c.n_outputs) == ("multi_spiral", "softmax", 4)


def test_replace_refuses_values_no_widget_could_give():
    with pytest.raises(ValueError):
        Config().replace(lr=0.07)
    with pytest.raises(ValueError):
        Config().replace(h1=33)


@pytest.mark.parametrize("raw,why", [("abc", "is not a number"), ("nan", "is not a number"),
                                     ("1e400", "is not a finite number"), ("2.5", "is not a whole number"),
                                     ("-1", "is less than 0"), ("9e9", "is more than 2,147,483,647")])
def test_bad_numbers_are_named_in_plain_words(raw, why):
    config, warnings = Config.from_query({"seed": raw})
    assert config.seed == 0
    assert warnings == [f"The link's Network seed (“seed={raw}”) {why}; 0 is used instead."]


def test_labels_are_what_the_app_shows():
    assert label_of("activation", "leaky_relu") == "leaky ReLU"
    assert label_of("features", ("x1", "x1^2")) == "x₁, x₁²"
    assert all(SPECS[k]["help"] for k in SPECS)


query_values = st.one_of(st.text(max_size=300), st.lists(st.text(max_size=20), min_size=1, max_size=3),
                         st.sampled_from(["nan", "inf", "-inf", "1e308", "0", "-0", "true", "relu", "x1,x2"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.one_of(st.sampled_from(list(SPECS)), st.text(max_size=20)), query_values, max_size=8))
def test_any_query_gives_a_valid_configuration_and_a_warning_per_bad_key(params):
    config, warnings = Config.from_query(params)
    assert config == config.fitted()
    assert 0 <= config.layers <= len(LAYER_KEYS) and config.features
    assert len(warnings) <= len(params)
    back, again = Config.from_query(config.to_query())
    assert back.to_query() == config.to_query() and again == []     # the link reproduces what matters
