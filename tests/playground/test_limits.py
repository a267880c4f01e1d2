"""The caps of playground/settings/limits.py: every setting is bounded by them, a URL cannot exceed them, what grows
while training stays within them, and the server's config.toml says the same."""
import tomllib

import pytest

from harness.server import ROOT
from playground.settings import limits
from playground.settings.choices import LAYER_KEYS
from playground.settings.config import SPECS, Config, fits
from playground.state.playground import Playground


def test_the_settings_are_capped_by_the_limits():
    assert SPECS["layers"]["hi"] == limits.MAX_LAYERS == len(LAYER_KEYS)
    assert all(SPECS[k]["hi"] == limits.MAX_NEURONS for k in LAYER_KEYS)
    assert (SPECS["points"]["lo"], SPECS["points"]["hi"]) == (limits.MIN_POINTS, limits.MAX_POINTS)
    assert SPECS["classes"]["hi"] == limits.MAX_CLASSES
    assert SPECS["seed"]["hi"] == SPECS["data_seed"]["hi"] == limits.MAX_SEED
    assert SPECS["stop_at"]["hi"] == limits.MAX_STOP_AT
    assert max(SPECS["batch"]["options"]) <= limits.MAX_POINTS
    unbounded = [k for k, s in SPECS.items() if s["kind"] in ("int", "slider") and not s["hi"]]
    assert unbounded == []


@pytest.mark.parametrize("key", ["layers", "h1", "h8", "points", "classes", "stop_at", "seed", "data_seed"])
@pytest.mark.parametrize("raw", ["1e12", "99999999999999999999", "-5", "1e400"])
def test_a_url_asking_for_more_gets_a_warning_and_the_default(key, raw):
    config, warnings = Config.from_query({key: raw, "problem": "multiclass"})
    assert getattr(config, key) == SPECS[key]["default"]
    assert len(warnings) == 1 and f"“{key}=" in warnings[0] and "is used instead" in warnings[0]


def test_a_url_value_longer_than_the_cap_is_refused():
    long = "x1," * 40 + "x2"
    config, warnings = Config.from_query({"features": long, "lr": "0." + "0" * 200 + "3", "activation": "r" * 5000})
    assert (config.features, config.lr, config.activation) == (("x1", "x2"), 0.03, "tanh")
    assert len(warnings) == 3
    assert all(f"is longer than {limits.MAX_URL_VALUE} characters" in w for w in warnings)
    assert all(len(w) < 300 for w in warnings)                    # a long value is quoted shortened


def test_repeated_keys_stay_within_the_choices():
    config, warnings = Config.from_query({"features": ["x1", "x1", "x2", "x1"], "h1": ["3", "40"], "lr": ["9", "0.1"]})
    assert config.features == ("x1", "x2") and config.lr == 0.1     # a scalar's last value counts
    assert config.h1 == 4 and len(warnings) == 1 and "“h1=3,40”" in warnings[0]


def test_a_link_with_many_bad_parameters_gets_a_bounded_number_of_warnings():
    params = {f"junk{i}": "1" for i in range(1000)} | {"layers": "9"}
    config, warnings = Config.from_query(params)
    assert len(warnings) == limits.MAX_URL_WARNINGS
    assert warnings[-1] == f"{1001 - limits.MAX_URL_WARNINGS + 1} more of the link's settings were ignored."
    assert config == Config()


@pytest.mark.parametrize("key,value", [
    ("features", ["x1"] * 5000), ("features", ["x1", "evil"]), ("features", "x1"), ("problem", "evil"),
    ("dataset", 3), ("layers", 9), ("layers", True), ("h1", 33), ("h1", 4.0), ("points", 10**7), ("points", 10),
    ("lr", 0.07), ("lr", True), ("lr", "0.03"), ("batch", 4000), ("netview", 1), ("speed", "warp"), ("nope", 1)])
def test_fits_refuses_what_no_widget_offers(key, value):
    assert not fits(key, value)
    if key in SPECS:
        with pytest.raises(ValueError):
            Config().replace(**{key: value})


def test_fits_takes_every_value_a_widget_offers():
    for key, spec in SPECS.items():
        if spec["kind"] in ("select", "choice"):
            assert all(fits(key, o) for o in spec["options"]), key
        elif spec["kind"] in ("int", "slider"):
            assert fits(key, spec["lo"]) and fits(key, spec["hi"]) and not fits(key, spec["hi"] + 1), key
        elif spec["kind"] == "multi":
            assert fits(key, list(spec["options"])) and fits(key, []), key
        else:
            assert fits(key, True) and fits(key, False), key


def largest(**changes):
    """The largest network on the least data (fast epochs): 7 features, 8 × 32, 6 classes, Adam."""
    c = Config().replace(problem="multiclass", classes=limits.MAX_CLASSES, points=limits.MIN_POINTS,
                         features=list(SPECS["features"]["options"]), layers=limits.MAX_LAYERS,
                         **{k: limits.MAX_NEURONS for k in LAYER_KEYS}, optimizer="adam", lr=0.001, batch=2000)
    return Playground(c.replace(**changes) if changes else c)


def test_what_grows_while_training_stays_within_its_caps():
    pg = largest()
    t = pg.trainer
    assert (t.history.capacity, t.grad_norms.capacity) == (limits.HISTORY_ROWS, limits.HISTORY_ROWS)
    assert (t.timeline.capacity, t.timeline.max_bytes) == (limits.TIMELINE_SNAPSHOTS, limits.TIMELINE_BYTES)
    pg.train(epochs=2 * limits.HISTORY_ROWS + 10)
    assert t.epoch == 2 * limits.HISTORY_ROWS + 10
    assert len(t.history) <= limits.HISTORY_ROWS + 1 and len(t.grad_norms) <= limits.HISTORY_ROWS + 1
    assert t.history.column("epoch")[-1] == t.epoch
    assert len(t.snapshots) <= limits.TIMELINE_SNAPSHOTS + 1
    assert t.timeline.nbytes <= limits.TIMELINE_BYTES
    assert len(t.timeline) < limits.TIMELINE_SNAPSHOTS          # the bytes cap binds first for this network


def test_the_largest_network_gets_the_coarse_grid():
    pg = largest()
    assert sum(pg.config.hidden) > limits.LARGE_UNITS
    assert all(layer.shape[:2] == (limits.GRID_N_LARGE,) * 2 for layer in pg.grid().layers)
    assert Playground().grid().layers[0].shape[:2] == (limits.GRID_N,) * 2


def test_the_server_config_says_the_same_caps():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        server = tomllib.load(f)["server"]
    assert server["disconnectedSessionTTL"] == limits.DISCONNECTED_SESSION_TTL
    assert server["maxUploadSize"] == limits.MAX_UPLOAD_MB
    assert server["maxMessageSize"] == limits.MAX_MESSAGE_MB


def test_the_caps_of_features_to_come_are_set():
    assert limits.MAX_UPLOAD_POINTS <= limits.MAX_POINTS
    assert 2 <= limits.MAX_COMPARE_SIDES <= 4
