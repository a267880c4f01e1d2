"""Save and load a network as one `.npz` file: arrays W0, b0, W1, b1, ... plus a JSON config.

Loading never unpickles (`allow_pickle=False`) and checks everything against the config before a
model is built; any problem is a `ValueError` with a plain message.
"""
import io as _io
import json
import zipfile

import numpy as np

from .network import Network

FORMAT = "nn_core.network"
FORMAT_VERSION = 1


def save(model, file, meta=None):
    """Write `model` (and an optional JSON-able `meta` dict, e.g. features or dataset) to a path or
    binary file object."""
    config = {"format": FORMAT, "format_version": FORMAT_VERSION, "network": model.config(),
              "meta": meta or {}}
    arrays = {f"{'W' if k % 2 == 0 else 'b'}{k // 2}": p for k, p in enumerate(model.params)}
    arrays["config"] = np.frombuffer(json.dumps(config).encode("utf-8"), dtype=np.uint8)
    np.savez(file, **arrays)


def dumps(model, meta=None):
    buf = _io.BytesIO()
    save(model, buf, meta)
    return buf.getvalue()


def load(file):
    """Read a file written by `save`. Returns (model, meta)."""
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    elif hasattr(file, "read"):
        data = file.read()
    else:
        with open(file, "rb") as f:
            data = f.read()
    if not data.startswith(b"PK"):
        raise ValueError("not a readable network file: it is not an .npz (zip) archive")
    try:
        with np.load(_io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except ValueError as err:
        if "pickle" in str(err).lower():
            raise ValueError("refused: the file holds pickled Python objects, which could run code") from None
        raise ValueError(f"not a readable network file: {err}") from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError) as err:
        raise ValueError(f"not a readable network file (corrupt or not an .npz archive): {err}") from None
    return _from_arrays(arrays)


def _from_arrays(arrays):
    raw = arrays.pop("config", None)
    if raw is None or raw.dtype != np.uint8 or raw.ndim != 1:
        raise ValueError("not a network file: the config entry is missing")
    try:
        config = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"the config is not valid JSON: {err}") from None
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise ValueError("not a network file: unknown format")
    if config.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"unsupported format version {config.get('format_version')!r} "
                         f"(this version reads {FORMAT_VERSION})")
    net = config.get("network")
    if not isinstance(net, dict):
        raise ValueError("the config has no network section")
    try:
        model = Network(net["sizes"], activation=net["activation"], output=net["output"],
                        init=net.get("init", "xavier"), dropout=net.get("dropout", 0.0), seed=0)
    except (KeyError, TypeError) as err:
        raise ValueError(f"the network config is incomplete: {err}") from None
    expected = [f"{'W' if k % 2 == 0 else 'b'}{k // 2}" for k in range(len(model.params))]
    if sorted(arrays) != sorted(expected):
        raise ValueError(f"the arrays {sorted(arrays)} do not match the config, which needs {expected}")
    values = []
    for name, p in zip(expected, model.params):
        a = arrays[name]
        if a.shape != p.shape or a.dtype.kind != "f":
            raise ValueError(f"array {name} has shape {a.shape} ({a.dtype}); the config needs {p.shape} floats")
        if not np.isfinite(a).all():
            raise ValueError(f"array {name} holds non-finite values")
        values.append(a)
    model.set_params(values)
    meta = config.get("meta") if isinstance(config.get("meta"), dict) else {}
    return model, meta
