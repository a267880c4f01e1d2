"""Tests for playground/figures/points.py: the dataset thumbnail (figure and data URI). The points drawn in the boundary
figure are tested in test_boundary.py."""
import re
import urllib.parse
import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go
import pytest

from harness.plotly_json import decode, spec
from nn_core.datasets import PLANE, make_dataset
from playground.figures.palette import CLASS_COLORS, WHITE
from playground.figures.points import data_thumbnail, data_thumbnail_uri

SVG = "{http://www.w3.org/2000/svg}"

# ---- data_thumbnail ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, task, k", [("spiral", "binary", 2), ("blobs", "multiclass", 4),
                                           ("plane", "regression", 2)])
def test_thumbnail_is_bare_fixed_scatter(name, task, k):
    X, y = make_dataset(name, n=150, noise=0.1, seed=0, n_classes=k if task == "multiclass" else None)
    fig = data_thumbnail(X, y, task, n_classes=k, size=90)
    go.Figure(fig.to_dict())
    s = spec(fig)
    lay = s["layout"]
    assert lay["width"] == lay["height"] == 90 and lay["showlegend"] is False and lay["hovermode"] is False
    for ax in ("xaxis", "yaxis"):
        assert lay[ax]["visible"] is False and lay[ax]["range"] == list(PLANE) and lay[ax]["fixedrange"] is True
    assert all(v == 0 for k_, v in lay["margin"].items())
    (t,) = s["data"]
    np.testing.assert_array_equal(decode(t["x"]), X[:, 0].astype(np.float32))
    np.testing.assert_allclose(decode(t["marker"]["color"]), y, atol=1e-6)
    assert t["hoverinfo"] == "skip"


# ---- data_thumbnail_uri -----------------------------------------------------------------------------------


def svg_of(uri):
    """The SVG element tree of a ``data:image/svg+xml,`` URI (parsed as XML: it must be well-formed)."""
    prefix = "data:image/svg+xml,"
    assert uri.startswith(prefix)
    return ET.fromstring(urllib.parse.unquote(uri[len(prefix):]))


def circles(root):
    """(cx, cy, fill) of every circle, the fill taken from its enclosing group."""
    out = []
    for group in root.iter(f"{SVG}g"):
        for c in group.findall(f"{SVG}circle"):
            out.append((float(c.get("cx")), float(c.get("cy")), group.get("fill")))
    return out


@pytest.mark.parametrize("name, task, k, size", [("spiral", "binary", 2, 90), ("blobs", "multiclass", 4, 64),
                                                 ("plane", "regression", 2, 120)])
def test_thumbnail_uri_decodes_to_the_points_at_the_size(name, task, k, size):
    X, y = make_dataset(name, n=150, noise=0.1, seed=0, n_classes=k if task == "multiclass" else None)
    uri = data_thumbnail_uri(X, y, task, n_classes=k, size=size)
    root = svg_of(uri)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == (str(size), str(size))
    assert root.get("viewBox") == f"0 0 {size} {size}"
    (background,) = root.findall(f"{SVG}rect")
    assert background.get("fill") == WHITE and background.get("width") == str(size)
    drawn = circles(root)
    assert len(drawn) == len(X)
    lo, hi = PLANE
    # each point at its place in the square (to half a pixel), the plane filling it
    got = sorted((round(cx), round(cy)) for cx, cy, _ in drawn)
    want = sorted(zip(np.rint((X[:, 0] - lo) / (hi - lo) * size).astype(int),
                      np.rint((hi - X[:, 1]) / (hi - lo) * size).astype(int)))
    assert got == [(int(a), int(b)) for a, b in want]
    fills = {f for _, _, f in drawn}
    if task == "regression":
        assert len(fills) > 3 and all(re.fullmatch(r"#[0-9a-f]{6}", f) for f in fills)
    else:
        assert fills == {CLASS_COLORS[c] for c in np.unique(y)}
        assert sorted(f for _, _, f in drawn) == sorted(CLASS_COLORS[c] for c in y)


def test_thumbnail_uri_follows_the_data_and_is_cached():
    X, y = make_dataset("circle", n=100, noise=0.1, seed=0)
    first = data_thumbnail_uri(X, y, "binary")
    assert data_thumbnail_uri(X.copy(), y.copy(), "binary") is first      # same content: from the cache
    assert data_thumbnail_uri(X, 1 - y, "binary") != first                 # other labels
    assert data_thumbnail_uri(X * 0.5, y, "binary") != first               # other positions
    other_X, other_y = make_dataset("xor", n=100, noise=0.1, seed=0)
    assert data_thumbnail_uri(other_X, other_y, "binary") != first         # another dataset
    assert data_thumbnail_uri(X, y, "binary", size=60) != first            # another size
    assert len(first) < 40 * len(X)                                        # small enough to send for each dataset
    with pytest.raises(ValueError, match="task"):
        data_thumbnail_uri(X, y, "clustering")


def test_thumbnail_uri_shows_in_streamlit_as_an_image():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from nn_core.datasets import make_dataset
        from playground.figures.points import data_thumbnail_uri

        X, y = make_dataset("spiral", n=100, noise=0.1, seed=0)
        st.image(data_thumbnail_uri(X, y, "binary"), caption="spiral")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    (image,) = at.get("image")
    assert image.proto.imgs[0].url.startswith("data:image/svg+xml,")   # passed to the browser as it is
