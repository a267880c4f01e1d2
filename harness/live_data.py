"""Reading what the live view's browser component receives, written apart from ``playground.live.feed`` (as the
browser's ``live.js`` is): the wire format, the ops, and the figures they build. Arrays come back as NumPy
arrays, PNG blobs as ``data:image/png;base64`` URIs (so ``plotly_json.decode_png`` reads them)."""
import base64
import json
import struct

import numpy as np

DTYPES = {"f4": "<f4", "f8": "<f8", "i4": "<i4", "u4": "<u4", "i2": "<i2", "u2": "<u2", "i1": "i1", "u1": "u1"}


def messages(payload):
    """The messages of a payload: one (``NNLV``) or a batch of frames (``NNLB``)."""
    payload = bytes(payload)
    if payload[:4] == b"NNLV":
        return [payload]
    assert payload[:4] == b"NNLB", payload[:4]
    count, pos, out = struct.unpack_from("<I", payload, 4)[0], 8, []
    for _ in range(count):
        n = struct.unpack_from("<I", payload, pos)[0]
        out.append(payload[pos + 4:pos + 4 + n])
        pos += 4 + n
    assert pos == len(payload)
    return out


def read(message):
    """``(header, value)``: the JSON header and a function that turns a header value into its data."""
    assert message[:4] == b"NNLV"
    n = struct.unpack_from("<I", message, 4)[0]
    header = json.loads(message[8:8 + n].decode("utf-8"))
    start = 8 + n
    assert start % 8 == 0

    def value(v):
        if isinstance(v, dict) and "$b" in v:
            off, length = header["blobs"][v["$b"]]
            assert (start + off) % 8 == 0, "blobs start on 8-byte boundaries"
            raw = message[start + off:start + off + length]
            if v["t"] == "png":
                assert raw[:8] == b"\x89PNG\r\n\x1a\n"
                return "data:image/png;base64," + base64.b64encode(raw).decode()
            return np.frombuffer(raw, dtype=DTYPES[v["t"]]).reshape(v["s"])
        return v
    return header, value


def _set(tree, path, v):
    node = tree
    for key, nxt in zip(path[:-1], path[1:]):
        if isinstance(node, list):
            while len(node) <= key:
                node.append(None)
        existing = node[key] if isinstance(node, list) else node.get(key)
        if existing is None:
            node[key] = [] if isinstance(nxt, int) else {}
        node = node[key]
    if isinstance(node, list):
        while len(node) <= path[-1]:
            node.append(None)
    node[path[-1]] = v


def _get(tree, path):
    for key in path:
        tree = tree[key]
    return tree


def apply(figures, message):
    """Apply one message to ``figures`` ({name: figure dict}) as the browser does; returns its header."""
    header, value = read(message)
    for name, chart in header["charts"].items():
        if chart is None:
            figures[name] = None
            continue
        fig = {} if chart.get("full") else figures[name]
        for op in chart["ops"]:
            if len(op) == 4 and op[1] == "+":
                old = _get(fig, op[0])
                _set(fig, op[0], np.concatenate([old[:op[2]], value(op[3])]))
            else:
                _set(fig, op[0], value(op[1]))
        figures[name] = fig
    return header


def figures_of(payloads):
    """The figures after every message of ``payloads`` (in order) is applied."""
    figures = {}
    for payload in payloads:
        for m in messages(payload):
            apply(figures, m)
    return figures


def live_payloads(at):
    """The live view's payloads in an ``AppTest`` run (the component's ``data`` bytes)."""
    return [e.proto.bytes for e in at.get("bidi_component") if e.proto.component_name == "nn_live_view"]


def live_figures(at):
    """The live view's figures as the browser has them after an ``AppTest`` run (every full run sends them in
    full)."""
    return figures_of(live_payloads(at))
