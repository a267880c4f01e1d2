"""The page's look: its icon, drawn here (a 2-3-1 network: a Material icon would be fetched from Google's font
server, and lecture halls may be offline), and its styles: a compact top, so the Play row, the read-outs and the
charts fit a 1366 × 768 screen, and presenter mode for a projector (large type, big buttons, high contrast; the
live view reads `--nn-presenter`)."""
from functools import lru_cache

import numpy as np
import streamlit as st
from PIL import Image

from playground.figures.palette import BLUE, DARK, ORANGE, hex_rgb

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


# Play and Pause are two buttons (keys play, pause) in one spot: while the run that swaps them is under way, Streamlit
# shows the new one and keeps the old one, stale, below it until the run ends; the Play row grew by a button's height
# and the page below it moved for that long (test_nothing_fades_or_moves_while_playing). The old one is hidden.
SWAP = """.st-key-pause ~ .st-key-play[data-stale='true'], .st-key-play ~ .st-key-pause[data-stale='true'] {
  display: none !important; }
"""

COMPACT = """<style>
.stMainBlockContainer { padding-top: 3.6rem; padding-bottom: 2rem; }
.stMainBlockContainer h1 { font-size: 1.6rem; padding: 0 0 0.25rem 0; }
</style>"""

PRESENTER = """<style>
:root { --nn-presenter: 1; }
.stMainBlockContainer { padding-top: 3.6rem; max-width: 100%; }
.stMainBlockContainer h1 { display: none; }
.stMainBlockContainer, .stMainBlockContainer p, .stMainBlockContainer label { font-size: 1.25rem; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; font-weight: 600; color: #000; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.8rem !important; font-weight: 700;
  color: #000; }
.stButton button { min-height: 3.4rem; font-size: 1.4rem; font-weight: 700; }
.stButton button p { font-size: 1.4rem; }
@media (prefers-color-scheme: dark) {
  [data-testid="stMetricLabel"] p, [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { color: inherit; }
}
</style>"""


def page_style(presenter):
    st.html((PRESENTER if presenter else COMPACT).replace("</style>", SWAP + "</style>"))
