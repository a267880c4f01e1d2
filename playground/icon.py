"""The page icon, drawn here (a 2-3-1 network): a Material icon would be fetched from Google's font server, and
lecture halls may be offline."""
from functools import lru_cache

import numpy as np
from PIL import Image

from .palette import BLUE, DARK, ORANGE, hex_rgb

SIZE = 64
NODES = [(14, 22, ORANGE), (14, 42, BLUE), (32, 14, BLUE), (32, 32, ORANGE), (32, 50, BLUE), (50, 32, BLUE)]
LINKS = [(a, b) for a in (0, 1) for b in (2, 3, 4)] + [(b, 5) for b in (2, 3, 4)]


@lru_cache(maxsize=1)
def page_icon():
    """A SIZE × SIZE RGBA image: links as dark lines, neurons as discs in the class colours."""
    img = np.zeros((SIZE, SIZE, 4), dtype=np.uint8)
    yy, xx = np.mgrid[:SIZE, :SIZE]
    for a, b in LINKS:
        (x0, y0, _), (x1, y1, _) = NODES[a], NODES[b]
        t = np.clip(((xx - x0) * (x1 - x0) + (yy - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2), 0, 1)
        near = np.hypot(xx - (x0 + t * (x1 - x0)), yy - (y0 + t * (y1 - y0))) <= 1.3
        img[near] = (*hex_rgb(DARK), 255)
    for x, y, color in NODES:
        d = np.hypot(xx - x, yy - y)
        img[d <= 7.5] = (*hex_rgb(DARK), 255)
        img[d <= 6] = (*hex_rgb(color), 255)
    return Image.fromarray(img)
