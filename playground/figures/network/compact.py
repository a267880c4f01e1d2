"""The network view's compact form for dense networks (the live view): every node map in one atlas image, and the
links as int8 codes that the browser draws (``live.js``). Used by ``network.figure.network_figure(compact=True)``."""
import math

import numpy as np

from playground.figures.images import png_data_uri
from playground.figures.palette import BLUE, ORANGE, css_rgb
from playground.figures.style import f32

ATLAS_NODES = 40
"""With ``compact=True`` and more nodes than this, the node maps are one PNG (an atlas over the plot area at map
resolution) instead of one image per node."""
LINK_CODE = 127
"""With ``compact=True`` and more than ``network.figure.AA_MAX_LINKS`` links, each link is sent as a signed int8 code
(sign of w, |code| / LINK_CODE = |w| / max |w| of its matrix) in ``layout.meta["links"]`` and the browser draws
the bands (``live.js``: the same path as ``network.figure._bands_path``) into the image named "links". The link-hover
trace's customdata is then ``[l, i, j]`` (int16, unchanged while the architecture is) and the weights
``meta["links"]["wv"]`` (float32), which the browser joins into ``[l, i, j, w]``."""
DENSE_LINKS, DENSE_SHARE = 2000, 0.15
"""In a network of more than DENSE_LINKS links, the browser draws only the strongest DENSE_SHARE of each layer's
links (``live.js`` reads both from ``meta["links"]``): thousands of overlapping bands are a grey mass."""
EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"
"""The links image before the browser has drawn into it."""


def link_codes(p, r, thin, thick, alpha, geo, image, scale=10):
    """``layout.meta["links"]``: where the links go (float32 px) and each one's int8 code (see ``LINK_CODE``)."""
    r = np.concatenate(r)
    code = np.rint(LINK_CODE * r)
    code = np.where(p["w"] < 0, -np.maximum(code, 1), code).astype(np.int8)
    return dict(x0=f32(p["x0"]), y0=f32(p["y0"]), x1=f32(p["x1"]), y1=f32(p["y1"]), code=code, max=LINK_CODE,
                thin=thin, thick=thick, alpha=alpha, w=geo["plot_w"], h=geo["plot_h"], scale=scale,
                neg=css_rgb(ORANGE), pos=css_rgb(BLUE), image=image, dense=DENSE_LINKS, keep=DENSE_SHARE)


class Atlas:
    """Every node's map in one RGBA image over the plot area, at map resolution (``map_px`` per node side)."""

    def __init__(self, geo):
        self.s = geo["map_px"] / geo["side"]
        self.w, self.h = float(geo["plot_w"]), float(geo["plot_h"])
        self.pixels = np.zeros((math.ceil(self.h * self.s), math.ceil(self.w * self.s), 4), dtype=np.uint8)

    def paste(self, rgb, x, y):
        m = rgb.shape[0]
        r0 = min(max(int(round(y * self.s)), 0), self.pixels.shape[0] - m)
        c0 = min(max(int(round(x * self.s)), 0), self.pixels.shape[1] - m)
        self.pixels[r0:r0 + m, c0:c0 + m, :3] = rgb
        self.pixels[r0:r0 + m, c0:c0 + m, 3] = 255

    def image(self):
        h, w = self.pixels.shape[:2]
        return dict(source=png_data_uri(self.pixels), xref="x", yref="y", x=0.0, y=0.0, sizex=w / self.s,
                    sizey=h / self.s + 2e-3, sizing="stretch", layer="below", name="maps")
