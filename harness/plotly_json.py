"""Reading a Plotly figure as the browser gets it: the JSON spec, base64 typed arrays and PNG data URIs,
decoded independently of the modules under test."""
import base64
import json
import math
import struct
import urllib.parse
import xml.etree.ElementTree as ET
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
    """Pixels of an 8-bit RGB (h, w, 3) or RGBA (h, w, 4) PNG data URI, rows filtered with "None" (0) or "Sub" (1)."""
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
    assert (depth, interlace) == (8, 0) and colour in (2, 6)
    c = 3 if colour == 2 else 4
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(h, 1 + c * w)
    assert set(rows[:, 0].tolist()) <= {0, 1}
    out = rows[:, 1:].reshape(h, w, c).astype(np.int64)
    sub = rows[:, 0] == 1
    out[sub] = np.cumsum(out[sub], axis=1) % 256      # "Sub": each byte adds the same channel to its left
    return out.astype(np.uint8)


# ---- colours as a reader sees them ------------------------------------------------------------------------------
LIGHT_PAGE, DARK_PAGE = "#ffffff", "#0e1117"
"""The page behind a chart in Streamlit's light and dark themes (the charts leave their background transparent)."""


def relative_luminance(color):
    """WCAG 2 relative luminance of ``"#rrggbb"`` (0 black .. 1 white)."""
    c = np.array([int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast_ratio(a, b):
    """WCAG 2 contrast ratio of two ``"#rrggbb"`` colours, 1 (same) .. 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def font_colors(node, path=""):
    """``{path: colour}`` of every ``font``/``tickfont``/``titlefont`` colour set anywhere in a spec's layout."""
    found = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and "color" in value:
                found[f"{path}.{key}"] = value["color"]
            found.update(font_colors(value, f"{path}.{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.update(font_colors(value, f"{path}[{i}]"))
    return found


# ---- SVG images (the data points over the plane) ----------------------------------------------------------------
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_root(uri):
    """The element tree of a ``data:image/svg+xml,`` URI (parsed as XML: it must be well-formed)."""
    prefix = "data:image/svg+xml,"
    assert uri.startswith(prefix)
    return ET.fromstring(urllib.parse.unquote(uri[len(prefix):]))


def svg_circles(root):
    """Every circle an SVG paints, in painting order (a ``<use>`` paints its target again, there), each as a dict:
    ``cx, cy, r`` and stroke ``width`` (user units), the ``fill`` and ``stroke`` it is painted with (inherited from
    its groups, or from the ``<use>`` that copies it), ``ids`` (of the groups it is in) and ``copy`` (painted by a
    ``<use>``)."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    out = []

    def walk(el, style, ids, copy):
        style = dict(style, **{k: el.get(k) for k in ("fill", "stroke", "stroke-width") if el.get(k) is not None})
        tag = el.tag.replace(SVG_NS, "")
        if tag == "use":
            walk(by_id[el.get("href").lstrip("#")], style, ids, True)
        elif tag == "circle":
            out.append(dict(cx=float(el.get("cx")), cy=float(el.get("cy")), r=float(el.get("r")),
                            fill=style.get("fill", "#000000").lower(), stroke=style.get("stroke", "none").lower(),
                            width=float(style.get("stroke-width", 1)), ids=ids, copy=copy))
        elif tag in ("g", "svg"):
            for child in el:
                walk(child, style, ids + ((el.get("id"),) if el.get("id") else ()), copy)

    walk(root, {}, (), False)
    return out


def painted_colour(circles, x, y, background):
    """The colour a reader sees at (x, y) (user units) of the SVG of ``circles`` over ``background``: that of the
    last fill or stroke painted there (all opaque)."""
    colour = background
    for c in circles:
        d = math.hypot(x - c["cx"], y - c["cy"])
        if c["fill"] != "none" and d <= c["r"]:
            colour = c["fill"]
        if c["stroke"] != "none" and abs(d - c["r"]) <= c["width"] / 2:
            colour = c["stroke"]
    return colour
