"""What the live view's browser component is sent on each tick: Plotly figures, in full once and after that only
what changed, packed as bytes. Pure Python and NumPy; ``live.js`` is the other end.

A figure (``go.Figure`` or its ``{"data", "layout"}`` dict) is flattened into *leaves*: a path of keys and
list indices to a value that is sent whole (a number, a string, a list of plain values, an ndarray).
:class:`Feed` remembers the leaves it sent last and, per tick, sends one message holding per figure either
all its leaves (``"full"``: the first time, after the figure's shape changed, or after a resync) or only the
ops that turn the last sent figure into the new one:

* ``[path, value]`` sets a leaf (``null`` for a leaf that is gone: the browser deletes it);
* ``[path, "+", k, value]`` keeps the first ``k`` items of a 1-D array leaf and appends ``value`` (a loss
  curve grows by its new points, it is not sent again).

The ops of a message are the changes since the oldest of the last ``Feed.WINDOW`` messages (its ``base``), so a
browser that missed a few messages (two that reached it as one) still applies it; one further behind (a
remounted component) asks for a resync and gets every figure in full on the next tick.

Wire format: ``b"NNLV"``, a little-endian uint32 header length, the UTF-8 JSON header, then the blobs, each
starting at a multiple of 8 bytes (so the browser can view them as typed arrays in place). In the header a
blob is ``{"$b": index, "t": dtype, "s": shape}`` with dtype ``"f4"``, ``"f8"``, ``"i4"``, ``"u1"``... (plotly.js
names), or ``{"$b": index, "t": "png"}`` for a PNG that the figure holds as a ``data:image/png;base64`` URI
(sent as its raw bytes, a quarter smaller than base64). ``header["blobs"]`` lists ``[offset, length]``.
"""
import base64
import json
import struct
from collections import deque

import numpy as np

from playground.figures.images import PNG_PREFIX

MAGIC = b"NNLV"
DTYPES = {"float32": "f4", "float64": "f8", "int32": "i4", "uint32": "u4", "int16": "i2", "uint16": "u2",
          "int8": "i1", "uint8": "u1"}
"""NumPy dtypes the browser can view (plotly.js's short names); others are converted (int64 → int32 or f8)."""


def figure_dict(fig):
    """``{"data": [...], "layout": {...}}`` of a ``go.Figure`` (or such a dict, returned as it is)."""
    if isinstance(fig, dict):
        return fig
    raw = getattr(fig, "_data", None), getattr(fig, "_layout", None)
    if isinstance(raw[0], list) and isinstance(raw[1], dict):
        # the figure's own dicts, arrays still ndarrays (to_plotly_json copies them and base64-encodes arrays)
        return {"data": raw[0], "layout": raw[1]}
    return fig.to_plotly_json()


def _plain(v):
    return v is None or isinstance(v, (str, bool, int, float, np.generic))


def flatten(obj, path=(), out=None):
    """``{path: leaf}`` of a JSON-like tree: dicts and lists of containers are walked; a list of plain values
    (numbers, strings, None), an ndarray, a scalar or an empty container is a leaf."""
    out = {} if out is None else out
    if isinstance(obj, dict) and obj:
        for k, v in obj.items():
            flatten(v, path + (k,), out)
    elif isinstance(obj, (list, tuple)) and obj and not all(_plain(v) for v in obj):
        for i, v in enumerate(obj):
            flatten(v, path + (i,), out)
    else:
        out[path] = obj
    return out


def _array(a):
    a = np.asarray(a)
    if a.dtype.name not in DTYPES:
        a = a.astype(np.int32 if a.dtype.kind in "iub" and np.abs(a).max(initial=0) < 2**31 else np.float64)
    return np.ascontiguousarray(a)


def _same(a, b):
    """Leaves equal, arrays by dtype, shape and bytes (NaN equals NaN)."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and a.tobytes() == b.tobytes())
    return a is b or (type(a) is type(b) and a == b)


def _kept_prefix(old, new):
    """How many leading items two 1-D arrays of one dtype share, bit for bit."""
    m = min(len(old), len(new))
    u = f"u{old.itemsize}"
    diff = np.flatnonzero(old[:m].view(u) != new[:m].view(u))
    return int(diff[0]) if diff.size else m


class Packer:
    """Collects blobs while a header is built."""

    def __init__(self):
        self.blobs = []

    def value(self, v):
        """``v`` as JSON, with arrays and PNG data URIs moved into blobs."""
        if isinstance(v, np.ndarray):
            self.blobs.append(v.tobytes())
            return {"$b": len(self.blobs) - 1, "t": DTYPES[v.dtype.name], "s": list(v.shape)}
        if isinstance(v, str) and v.startswith(PNG_PREFIX):
            self.blobs.append(getattr(v, "png", b"") or base64.b64decode(v[len(PNG_PREFIX):]))
            return {"$b": len(self.blobs) - 1, "t": "png"}
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, (list, tuple)):
            return [x.item() if isinstance(x, np.generic) else x for x in v]
        return v

    def pack(self, header):
        offsets, pos = [], 0
        for b in self.blobs:
            offsets.append([pos, len(b)])
            pos += -(-len(b) // 8) * 8
        header = dict(header, blobs=offsets)
        head = json.dumps(header, separators=(",", ":"), allow_nan=True).encode()
        start = 8 + len(head)
        pad = -start % 8
        parts = [MAGIC, struct.pack("<I", len(head) + pad), head, b" " * pad]
        for b in self.blobs:
            parts.append(b)
            parts.append(b"\0" * (-len(b) % 8))
        return b"".join(parts)


class Feed:
    """The sending end of the live view: remembers the leaves of the last ``WINDOW`` messages, and sends the
    changes since the oldest of them, so a browser that missed a few messages still applies the next one."""

    WINDOW = 4

    def __init__(self):
        self.seq = 0
        self.kept = deque(maxlen=self.WINDOW)   # (seq, {name: (leaves, changed paths) or None}) per message
        self.bytes_sent = 0
        self.last = {}   # name: (figure, its leaves) of the last message: a figure sent again is not walked again

    def resync(self):
        """Send every figure in full next time (the browser lost track, or the page was drawn anew)."""
        self.kept.clear()

    def message(self, figures, extra=None):
        """Bytes for the component: ``figures`` is ``{name: figure or None}`` (None: that chart is hidden).
        The header's ``base`` is the oldest message a browser may have applied last for the ops to hold."""
        packer, charts, now = Packer(), {}, {}
        for name, fig in figures.items():
            if fig is None:
                now[name] = charts[name] = None
                continue
            last = self.last.get(name)
            if last is not None and last[0] is fig:   # the same figure object again (figures are not changed once sent)
                leaves = last[1]
            else:
                leaves = {p: (_array(v) if isinstance(v, np.ndarray) else v)
                          for p, v in flatten(figure_dict(fig)).items()}
                self.last[name] = (fig, leaves)
            kept = [k.get(name) for _, k in self.kept]
            if not kept or any(k is None or k[0].keys() != leaves.keys() for k in kept):
                charts[name] = {"full": True, "ops": [[list(p), packer.value(v)] for p, v in leaves.items()]}
                now[name] = (leaves, None)
            else:
                ops, changed = self._ops(kept, leaves, packer)
                charts[name] = {"ops": ops}
                now[name] = (leaves, changed)
        base = self.kept[0][0] if self.kept else None
        self.seq += 1
        self.kept.append((self.seq, now))
        out = packer.pack({"seq": self.seq, "base": base, "charts": charts, **(extra or {})})
        self.bytes_sent += len(out)
        return out

    @staticmethod
    def _ops(kept, new, packer):
        """Ops that bring the figure of any kept message to ``new``: every leaf that differs from the last one
        sent or changed in a later kept message. ``kept`` is ``[(leaves, changed paths or None)]``, oldest
        first. Returns the ops and the paths that differ from the last message."""
        latest = kept[-1][0]
        recent = set()
        for _, changed in kept[1:]:
            recent |= latest.keys() if changed is None else changed
        ops, changed = [], set()
        for p, v in new.items():
            was = latest[p]
            if _same(was, v):
                if p not in recent:
                    continue
            else:
                changed.add(p)
            olds = [k[0][p] for k in kept]
            if (isinstance(v, np.ndarray) and v.ndim == 1 and len(v)
                    and all(isinstance(w, np.ndarray) and w.ndim == 1 and w.dtype == v.dtype for w in olds)):
                k = min(_kept_prefix(w, v) for w in olds)
                if k >= len(v) // 2:
                    ops.append([list(p), "+", k, packer.value(v[k:])])
                    continue
            ops.append([list(p), packer.value(v)])
        return ops, changed


BATCH = b"NNLB"


def batch(messages):
    """Several messages (frames, oldest first) as one payload: ``b"NNLB"``, uint32 count, and per message its
    uint32 length and bytes. The browser shows them one after another."""
    parts = [BATCH, struct.pack("<I", len(messages))]
    for m in messages:
        parts += [struct.pack("<I", len(m)), m]
    return b"".join(parts)


def unpack(payload):
    """``(header, blobs)`` of a message (the browser's reading, in Python: for tests and the load client)."""
    if payload[:4] != MAGIC:
        raise ValueError("not a live-view message")
    (n,) = struct.unpack("<I", payload[4:8])
    header = json.loads(payload[8:8 + n])
    start = 8 + n
    blobs = [payload[start + off:start + off + length] for off, length in header["blobs"]]
    return header, blobs
