"""One check for "a name from this registry", used by every registry of names in nn_core."""


def check_name(registry, name, what):
    """Return `name` if it is a key of `registry` (any container of names), else raise ValueError
    "unknown <what> '<name>'; valid names: a, b, ..."."""
    if isinstance(name, str) and name in registry:
        return name
    raise ValueError(f"unknown {what} {name!r}; valid names: {', '.join(registry)}")
