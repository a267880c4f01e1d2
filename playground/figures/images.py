"""Images as ``data:`` URIs (PNG from a uint8 array, SVG from text) and a cache keyed by array content.

The browser draws such images natively (Plotly ``layout.images`` or ``go.Image(source=...)``, or an
``<img>``), which is much cheaper than a trace with one SVG node per point.
"""
import base64
import functools
import struct
import zlib
from urllib.parse import quote

import numpy as np

SVG_PREFIX = "data:image/svg+xml,"
PNG_PREFIX = "data:image/png;base64,"


def _png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


class PngUri(str):
    """A PNG data URI that also keeps the PNG's bytes (``.png``), so that a sender of raw bytes (the live view)
    need not decode the base64 again."""
    png = b""


LIVE_LEVEL = 3
"""zlib level of the maps the live view sends many times a second: 0.29 ms and 4.2 kB for the default 80 × 80 map,
against 0.67 ms and 3.8 kB at level 6 (downloads keep level 6)."""


def png_bytes(pixels, level=6):
    """PNG file bytes of a uint8 (h, w, 3) RGB or (h, w, 4) RGBA array, file row 0 = array row 0 (no flip).
    Every row uses PNG's "Sub" filter (each byte minus the same channel of the pixel to its left): the smooth
    maps of the playground then compress to about half the size of unfiltered rows."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w, c = pixels.shape
    raw = np.empty((h, 1 + c * w), dtype=np.uint8)
    raw[:, 0] = 1                                                  # filter type 1 ("Sub") on every row
    sub = pixels.copy()
    sub[:, 1:] -= pixels[:, :-1]                                   # uint8 arithmetic wraps modulo 256
    raw[:, 1:] = sub.reshape(h, c * w)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6 if c == 4 else 2, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(raw.tobytes(), level)) + _png_chunk(b"IEND", b""))


def png_data_uri(pixels, level=LIVE_LEVEL):
    """``data:image/png;base64,...`` of a uint8 (h, w, 3) RGB or (h, w, 4) RGBA array, file row 0 = array row 0;
    a :class:`PngUri` (the bytes are in ``.png``)."""
    png = png_bytes(pixels, level)
    uri = PngUri(PNG_PREFIX + base64.b64encode(png).decode("ascii"))
    uri.png = png
    return uri


def svg_open(width, height, scale=1):
    """The opening ``<svg>`` tag of an SVG of ``width`` × ``height`` px whose user units are 1/``scale`` px."""
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {round(width * scale)} {round(height * scale)}'>")


def svg_data_uri(width, height, body, scale=1):
    """``data:image/svg+xml,...`` of an SVG of ``width`` × ``height`` px (user units 1/``scale`` px).
    ``body`` must use single quotes and no '#' or '%' (the only characters escaped are < and >)."""
    svg = f"{svg_open(width, height, scale)}{body}</svg>"
    return SVG_PREFIX + svg.replace("<", "%3C").replace(">", "%3E")


def svg_quote(svg):
    """SVG text URL-quoted for a data URI (keeps the characters an SVG of shapes needs as they are, but
    escapes '#', so hex colours may be used)."""
    return quote(svg, safe="='/:;,. ")


def quoted_svg_data_uri(width, height, quoted_body, scale=1):
    """Like :func:`svg_data_uri`, for a body that is already :func:`svg_quote`-d (e.g. cached pieces)."""
    return SVG_PREFIX + svg_quote(svg_open(width, height, scale)) + quoted_body + svg_quote("</svg>")


class _Content:
    """An argument as a cache key: arrays compare by dtype, shape and bytes."""
    __slots__ = ("value", "key", "hash")

    def __init__(self, value):
        if isinstance(value, np.ndarray):
            data = value.tobytes()   # a copy: the cache keeps no reference to the caller's array
            self.key = (value.dtype.str, value.shape, data)
            value = np.frombuffer(data, dtype=value.dtype).reshape(value.shape)   # read-only, on that copy
        else:
            self.key = value
        self.value = value
        self.hash = hash(self.key)

    def __hash__(self):
        return self.hash

    def __eq__(self, other):
        return isinstance(other, _Content) and self.key == other.key


def cached_by_content(maxsize=64):
    """An ``lru_cache`` for functions of NumPy arrays: array arguments are keyed by their content (other
    arguments must be hashable). For results that are costly to build and asked for again with equal data,
    e.g. the SVG of data points, which do not change while a network trains."""
    def wrap(fn):
        @functools.lru_cache(maxsize=maxsize)
        def cached(*args):
            return fn(*(a.value for a in args))

        @functools.wraps(fn)
        def call(*args):
            return cached(*(_Content(a) for a in args))

        call.cache_clear = cached.cache_clear
        call.cache_info = cached.cache_info
        return call
    return wrap
