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


MAX_BYTES = 4 * 2**20
"""Default limit of `load` on the file and on what it unpacks to (a network of 8 layers of 32 units is 70 kB)."""


def _check_archive(data, max_bytes):
    """Refuse before unpacking: too large a file, or members that would unpack to more than `max_bytes` in all
    (a zip bomb), or that are not plain arrays."""
    if len(data) > max_bytes:
        raise ValueError(f"refused: the file is {len(data):,} bytes; a network file is at most {max_bytes:,}")
    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise ValueError(f"not a readable network file (corrupt or not an .npz archive): {err}") from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_bytes:
        raise ValueError(f"refused: the archive would unpack to {unpacked:,} bytes; at most {max_bytes:,} are "
                         "read")
    if len(members) > 2 + 2 * 64 or any(not m.filename.endswith(".npy") for m in members):
        raise ValueError("not a network file: it holds other things than the arrays of one network")


def load(file, max_bytes=MAX_BYTES):
    """Read a file written by `save`. Returns (model, meta).

    Parameters
    ----------
    file : path, binary file object or bytes
    max_bytes : int
        Largest file, and largest total of the arrays unpacked from it, that is read.

    Raises
    ------
    ValueError
        With a plain message, for anything that is not a network file of this format within the limit (no
        pickled objects are ever loaded).
    """
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    elif hasattr(file, "read"):
        data = file.read(max_bytes + 1)
    else:
        with open(file, "rb") as f:
            data = f.read(max_bytes + 1)
    if not data.startswith(b"PK"):
        raise ValueError("not a readable network file: it is not an .npz (zip) archive")
    _check_archive(data, max_bytes)
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
    sizes = net.get("sizes")
    if not (isinstance(sizes, list) and len(sizes) >= 2 and all(type(n) is int and n >= 1 for n in sizes)):
        raise ValueError(f"the network's sizes are not a list of at least two positive whole numbers: {sizes!r}")
    shapes = [s for n_in, n_out in zip(sizes[:-1], sizes[1:]) for s in ((n_in, n_out), (1, n_out))]
    expected = [f"{'W' if k % 2 == 0 else 'b'}{k // 2}" for k in range(len(shapes))]
    if sorted(arrays) != sorted(expected):
        raise ValueError(f"the arrays {sorted(arrays)} do not match the config, which needs {expected}")
    for name, shape in zip(expected, shapes):   # checked before a network of that size is made
        a = arrays[name]
        if a.shape != shape or a.dtype.kind != "f":
            raise ValueError(f"array {name} has shape {a.shape} ({a.dtype}); the config needs {shape} floats")
        if not np.isfinite(a).all():
            raise ValueError(f"array {name} holds non-finite values")
    try:
        model = Network(sizes, activation=net["activation"], output=net["output"],
                        init=net.get("init", "xavier"), dropout=net.get("dropout", 0.0), seed=0)
    except (KeyError, TypeError) as err:
        raise ValueError(f"the network config is incomplete: {err}") from None
    model.set_params([arrays[name] for name in expected])
    meta = config.get("meta") if isinstance(config.get("meta"), dict) else {}
    return model, meta
