"""The Compare page's settings: its sides and which settings are each side's own; its URL: the shared settings
under their own names, each side's under a prefix (`a.lr=0.1`, `b.activation=relu`), read with the same parsing
and plain-words warnings as `Config.from_query`; and the example comparisons, each one link.

A side setting without a prefix (`lr=0.1`) counts for every side, so a Playground link opens as two equal sides;
a prefixed one overrides it for its side.
"""
from playground.settings.choices import LAYER_KEYS
from playground.settings.config import SPECS, Config, label_of
from playground.settings.limits import MAX_COMPARE_SIDES
from playground.settings.url import Refused, parse_value, quote

SIDES = ("A", "B")
assert len(SIDES) <= MAX_COMPARE_SIDES
SIDE_KEYS = ("features", "layers", *LAYER_KEYS, "activation", "init", "optimizer", "lr", "batch", "reg", "reg_rate")
"""The settings each side has for itself; the rest of `Config` is shared."""
SHARED_KEYS = tuple(k for k in SPECS if k not in SIDE_KEYS)
DATA_KEYS = ("problem", "dataset", "classes", "points", "noise", "train_pct", "data_seed")
"""The shared settings that make the data (a subset of SHARED_KEYS)."""
assert set(DATA_KEYS) <= set(SHARED_KEYS)

PREFIX = {s: f"{s.lower()}." for s in SIDES}


def side_of(name):
    """(side, setting) of a prefixed URL parameter name, or (None, name)."""
    for side, prefix in PREFIX.items():
        if name.startswith(prefix):
            return side, name[len(prefix):]
    return None, name


def from_query(params):
    """{side: Config} from URL query parameters {name: str or [str]}, and a list of warnings in plain words, one
    for each parameter that was ignored (and what is used instead). Never raises on a bad value."""
    shared, own, warnings = {}, {s: {} for s in SIDES}, []
    for name, raw in params.items():
        side, key = side_of(name)
        if side is None:
            shared[name] = raw
        elif key in SIDE_KEYS:
            own[side][key] = raw
        elif key in SPECS:
            warnings.append(f"The link's “{quote(name)}” sets the {SPECS[key]['label']}, which both sides share "
                            f"(write “{key}=” without a prefix); it was ignored.")
        else:
            warnings.append(f"The link's setting “{quote(name)}” is not one this app has; it was ignored.")
    base, shared_warnings = Config.from_query(shared)
    configs = {}
    for side in SIDES:
        values = {}
        for key, raw in own[side].items():
            try:
                values[key] = parse_value(SPECS[key], raw)
            except Refused as why:
                used = label_of(key, getattr(base, key))
                warnings.append(f"The link's {SPECS[key]['label']} for {side} (“{PREFIX[side]}{key}={quote(raw)}”) "
                                f"{why}; {used} is used instead.")
        configs[side] = base.replace(**values)
    return configs, shared_warnings + warnings


def to_query(configs):
    """The URL's query parameters, where they differ from the defaults and matter now: A's shared settings, the
    side settings all sides agree on (without a prefix), then each side's own."""
    queries = {side: configs[side].to_query() for side in SIDES}
    out = {k: v for k, v in queries[SIDES[0]].items() if k in SHARED_KEYS}
    same = [k for k in SIDE_KEYS if len({getattr(c, k) for c in configs.values()}) == 1]
    for k in same:          # (from a side where it matters: a 3rd layer's size when A has 1 layer and B 3)
        out.update(next(({k: q[k]} for q in queries.values() if k in q), {}))
    for side in SIDES:
        out.update({PREFIX[side] + k: v for k, v in queries[side].items() if k in SIDE_KEYS and k not in same})
    return out


SPIRAL = {"dataset": "spiral", "features": "x1,x2,sin_x1,sin_x2"}
EXAMPLES = (
    ("tanh vs ReLU", "The same network with tanh (A) and ReLU (B) hidden units on the spiral.",
     {**SPIRAL, "layers": "3", "h1": "8", "h2": "8", "h3": "8", "a.activation": "tanh", "b.activation": "relu"}),
    ("SGD vs Adam", "Plain SGD (A) and Adam (B) at the same learning rate, 0.01, on the spiral.",
     {**SPIRAL, "layers": "3", "h1": "8", "h2": "8", "h3": "8", "lr": "0.01", "b.optimizer": "adam"}),
    ("Without and with L2", "A large network on sixty noisy points, without (A) and with (B) an L2 penalty of 0.3: "
     "watch the test loss (dashed).",
     {"dataset": "xor", "points": "60", "noise": "50", "layers": "3", "h1": "16", "h2": "16", "h3": "16",
      "show_test": "true", "b.reg": "l2", "b.reg_rate": "0.3"}),
    ("1 vs 3 hidden layers", "One hidden layer of eight neurons (A) against three (B) on the spiral.",
     {**SPIRAL, "a.layers": "1", "a.h1": "8", "b.layers": "3", "b.h1": "8", "b.h2": "8", "b.h3": "8"}),
)
"""(title, what it shows, URL query parameters) of the example comparisons."""
