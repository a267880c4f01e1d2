"""Reading a Plotly figure as the browser gets it: the JSON spec, base64 typed arrays and PNG data URIs,
decoded independently of the modules under test."""
import base64
import json
import struct
import zlib

import numpy as np
import plotly.io as pio


def spec(fig):
    return json.loads(pio.to_json(fig, validate=False))


def decode(arr, allow_list=False):
    """A plotly typed-array spec {"dtype", "bdata", "shape"} as a numpy array (a plain list only if allowed)."""
    if allow_list and isinstance(arr, list):
        return np.array(arr)
    assert isinstance(arr, dict) and "bdata" in arr, f"expected a base64 typed array, got {type(arr).__name__}"
    out = np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.dtype(arr["dtype"]))
    if "shape" in arr:
        out = out.reshape([int(s) for s in str(arr["shape"]).split(",")])
    return out


def decode_png(uri):
    """RGB pixels of an 8-bit truecolour PNG data URI (filter type 0 rows only, as encode.png_data_uri writes)."""
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    data = base64.b64decode(uri[len(prefix):])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        tag, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(tag + body) & 0xFFFFFFFF
        chunks[tag] = chunks.get(tag, b"") + body
        pos += 12 + length
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour, interlace) == (8, 2, 0)
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(h, 1 + 3 * w)
    assert not rows[:, 0].any()
    return rows[:, 1:].reshape(h, w, 3)
