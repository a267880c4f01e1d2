"""A setting's value in the URL: reading one query parameter (`parse_value` raises `Refused` with why a value
cannot be used, in words for a user), writing one (`to_text`), and a preset link's settings (`with_preset`).
"""
import math

from playground.settings.limits import MAX_URL_VALUE
from playground.settings.presets import PRESETS

MAX_SHOWN = 30   # characters of a bad value quoted back in a warning


class Refused(ValueError):
    """A URL value that cannot be used; the message says why, in words for the user."""


def quote(raw):
    """`raw` (a string, or the strings of a repeated key) as a warning quotes it: at most MAX_SHOWN characters."""
    text = raw if isinstance(raw, str) else ",".join(map(str, raw))
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _not_too_long(text):
    if len(text) > MAX_URL_VALUE:
        raise Refused(f"is longer than {MAX_URL_VALUE} characters")


def _number(raw):
    try:
        v = float(raw)
    except (TypeError, ValueError):
        raise Refused("is not a number") from None
    if math.isnan(v):
        raise Refused("is not a number")
    if math.isinf(v):
        raise Refused("is not a finite number")
    return v


def _choices(spec):
    return ", ".join(spec["names"].get(o, f"{o:g}" if isinstance(o, float) else str(o)) for o in spec["options"])


def parse_value(spec, raw):
    """One URL value (a string, or a list of strings for a repeated key) -> the setting's value."""
    kind = spec["kind"]
    if kind == "multi":
        _not_too_long(raw if isinstance(raw, str) else ",".join(map(str, raw)))
        values = [v for part in (raw if isinstance(raw, (list, tuple)) else [raw]) for v in str(part).split(",")]
        bad = [v for v in values if v not in spec["options"]]
        if bad or not values:
            raise Refused(f"names no known choice (choose from {_choices(spec)})")
        return tuple(dict.fromkeys(values))
    raw = raw[-1] if isinstance(raw, (list, tuple)) else raw    # a repeated key: the last one counts
    _not_too_long(str(raw))
    if kind == "select":
        if raw not in spec["options"]:
            raise Refused(f"is not one of the choices ({_choices(spec)})")
        return raw
    if kind == "toggle":
        if str(raw).lower() not in ("true", "false", "1", "0"):
            raise Refused("is neither true nor false")
        return str(raw).lower() in ("true", "1")
    v = _number(raw)
    if kind == "choice":
        match = [o for o in spec["options"] if abs(o - v) <= 1e-9 * max(1.0, abs(o))]
        if not match:
            raise Refused(f"is not one of the choices ({_choices(spec)})")
        return match[0]
    if v != int(v):
        raise Refused("is not a whole number")
    if v < spec["lo"]:
        raise Refused(f"is less than {spec['lo']:,}")
    if v > spec["hi"]:
        raise Refused(f"is more than {spec['hi']:,}")
    return int(v)


def with_preset(params):
    """The URL's parameters with a `preset=NAME` replaced by that preset's settings (the link's own settings win),
    and a warning when the preset is unknown."""
    params = dict(params)
    raw = params.pop("preset", None)
    if raw is None:
        return params, []
    name = raw[-1] if isinstance(raw, (list, tuple)) else raw
    preset = PRESETS.get(name)
    if preset is None:
        return params, [f"The link's preset “{quote(str(name))}” is not one this app has (the Presets page lists "
                        "them); it was ignored."]
    return {**preset.settings, **params}, []


def to_text(spec, value):
    """A setting's value as the URL writes it."""
    if spec["kind"] == "multi":
        return list(value)
    if spec["kind"] == "toggle":
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
