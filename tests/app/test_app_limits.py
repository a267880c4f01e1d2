"""The real app (AppTest) under what a session may ask for: any query string, and the most extreme setup.

Any query string (hypothesis: wrong types, huge numbers, NaN and infinity, unknown, reserved and repeated keys, very
long values, unicode) gives no exception, the default for each bad value with a warning saying so, the good values
as given, a network within the caps, and a URL rewritten to the setup in use. test_config.py checks the same of
`Config.from_query` alone, many more times; test_app.py and test_app_state.py the warnings' wording.
"""
import math
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.apptest import app, pg
from nn_core.datasets import dataset_names
from playground.settings import limits
from playground.settings.choices import DEFAULT_DATASET, PROBLEM_HEADS
from playground.settings.config import SPECS, Config
from playground.settings.url import Refused, parse_value

RESERVED = ("embed", "embed_options")          # Streamlit's own: st.query_params never shows them
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers().map(str),
                    st.integers(-10**30, 10**30).map(lambda i: f"{i}e{i % 400}"),
                    st.sampled_from(["nan", "NaN", "inf", "-inf", "1e308", "1e-320", "0x10", "1_000", " 4 ", "", "٣"]))
texts = st.one_of(st.text(max_size=40), st.text(min_size=1, max_size=4).map(lambda s: s * 300),
                  st.sampled_from(["relu", "adam", "x1,x2", "x1,x1,x1", "true", "spiral", "softmax", "multiclass"]))
values = st.one_of(numbers, texts, st.lists(st.one_of(numbers, texts), min_size=2, max_size=4))
keys = st.one_of(st.sampled_from(list(SPECS)), st.sampled_from(RESERVED), st.text(min_size=1, max_size=30))


def as_the_app_sees(params):
    """What st.query_params holds for `params` (as the browser's query string would bring it)."""
    parsed = parse_qs(urlencode(params, doseq=True), keep_blank_values=True)
    return {k: v if len(v) > 1 else v[0] for k, v in parsed.items() if k not in RESERVED}


def default_of(key, problem):
    return {"dataset": DEFAULT_DATASET[problem], "head": PROBLEM_HEADS[problem][0]}.get(key, SPECS[key]["default"])


def fits_problem(key, value, problem):
    return {"dataset": value in dataset_names(problem), "head": value in PROBLEM_HEADS[problem]}.get(key, True)


def one_or_list(v):
    return v[0] if isinstance(v, list) and len(v) == 1 else v


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=6))
def test_any_query_string_gives_the_defaults_for_what_is_bad_and_a_warning(params):
    at = app(params)
    assert not at.exception, [e.message for e in at.exception]
    seen = as_the_app_sees(params)
    c = pg(at).config
    config, warnings = Config.from_query(seen)
    assert c == config
    for key, raw in seen.items():
        if key in SPECS:
            try:
                value = parse_value(SPECS[key], raw)
            except Refused:
                value = None
            if value is None or not fits_problem(key, value, c.problem):
                assert getattr(c, key) == default_of(key, c.problem), key      # a bad value: the default
            else:
                assert getattr(c, key) == value, key                           # a good one: as given
    shown = [w.value for w in at.main.warning]
    assert len(shown) == len(warnings) <= limits.MAX_URL_WARNINGS
    assert bool(warnings) == any(k not in SPECS or getattr(c, k) != _given(k, v) for k, v in seen.items())
    sizes = pg(at).model.sizes
    assert len(sizes) <= limits.MAX_LAYERS + 2 and max(sizes[1:-1], default=1) <= limits.MAX_NEURONS
    assert len(pg(at).X_train) + len(pg(at).X_test) <= limits.MAX_POINTS
    assert {k: one_or_list(v) for k, v in at.query_params.items() if k not in RESERVED} == \
        {k: one_or_list(v) for k, v in c.to_query().items()}                   # the link says the setup in use


def _given(key, raw):
    try:
        return parse_value(SPECS[key], raw)
    except Refused:
        return None


EXTREME = {"lr": "10", "reg": "l2", "reg_rate": "10", "batch": "1", "points": "2000", "layers": "8",
           **{f"h{i}": "32" for i in range(1, 9)}}
"""Learning rate 10, L2 rate 10, batch size 1 on 2,000 points, 8 hidden layers of 32: every cap at once."""


@pytest.mark.filterwarnings("error::RuntimeWarning")     # no overflow or NaN warning on the way to the charts
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_the_most_extreme_setup_plays_without_an_exception_and_says_when_it_diverges(optimizer):
    at = app({**EXTREME, "optimizer": optimizer})
    assert not at.warning and pg(at).model.sizes == [2, *[32] * 8, 1] and pg(at).trainer.batch_size == 1
    at.button(key="play").click().run()
    for _ in range(3):
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    t = pg(at).trainer
    assert t.steps > 0 and t.model.all_finite()
    if t.divergence is None:                   # Adam's steps are at most lr: the loss stays finite
        assert pg(at).playing and not at.error
        assert all(math.isfinite(float(m.value)) for m in at.metric[1:3])
        at.button(key="pause").click().run()
        steps = t.steps
        at.run()
        assert not pg(at).playing and t.steps == steps
    else:                                      # SGD blows up inside the first epoch: stopped, rolled back, said
        assert not pg(at).playing and t.epoch == 0
        assert any("diverged" in e.value and "learning rate 10 " in e.value for e in at.error)
