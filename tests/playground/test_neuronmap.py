"""Tests for playground/figures/neuronmap.py: the colour ranges of a node's map and one neuron's full-size map, built
from real nn_core models and grids and checked through the JSON sent to the browser."""
import numpy as np
import plotly.graph_objects as go
from test_netview import make_net, rgb

from harness.plotly_json import decode_png, spec
from nn_core.datasets import PLANE, make_dataset
from playground.figures import neuronmap as NM
from playground.figures import palette as P
from playground.figures.boundary import boundary_figure


def test_value_ranges_per_activation():
    values = np.linspace(-3, 5, 24).reshape(2, 3, 4)
    lo, hi = NM.value_range(values, 0, 3)                     # features: symmetric per unit
    np.testing.assert_allclose(hi, np.abs(values).max(axis=(0, 1)))
    np.testing.assert_allclose(lo, -hi)
    assert NM.value_range(values, 1, 3, "tanh")[1].tolist() == [1.0] * 4
    assert NM.value_range(values, 1, 3, "sigmoid")[0].tolist() == [0.0] * 4
    lo, hi = NM.value_range(values, 2, 3, "relu")             # relu-like: one symmetric range for the layer
    assert hi.tolist() == [5.0] * 4 and lo.tolist() == [-5.0] * 4
    assert NM.value_range(np.zeros((2, 2, 3)), 1, 2, "relu")[1].tolist() == [1.0] * 3   # all-zero layer
    assert NM.value_range(values, 3, 3, "relu", "sigmoid")[1].tolist() == [1.0] * 4
    assert NM.value_range(values, 3, 3, "relu", "linear")[0].tolist() == [-1.0] * 4
    assert NM.value_range(values, 3, 3, "relu", "softmax") is None


# ---- neuron map ----------------------------------------------------------------------------------------------
def test_neuron_map_figure_is_the_boundary_style_map_of_that_neuron():
    model, grid, feats = make_net([2, 4, 2, 1])
    X, y = make_dataset("circle", 100)
    fig = NM.neuron_map_figure(grid, 1, 2, activation="tanh", head="sigmoid", feature_names=feats,
                               X_train=X, y_train=y, size=400)
    go.Figure(fig.to_dict())
    s = spec(fig)
    lay, ref = s["layout"], spec(boundary_figure(grid, "binary", X, y, size=400))["layout"]
    for key in ("width", "height", "margin", "xaxis", "yaxis"):
        assert lay[key] == ref[key]
    assert lay["xaxis"]["range"] == list(PLANE) and lay["dragmode"] is False
    img = [t for t in s["data"] if t["type"] == "image"][0]
    px = decode_png(img["source"]).astype(np.float64)   # row r at y = grid.ys[r] (plotly flips go.Image)
    np.testing.assert_array_equal(px, P.diverging_image(grid.layers[1][..., 2], -1.0, 1.0))
    contour = [t for t in s["data"] if t["type"] == "contour"][0]
    assert contour["contours"]["start"] == 0.0 and "value" in contour["hovertemplate"]
    assert "layer 1, neuron 3 (tanh)" in lay["annotations"][0]["text"]
    assert any(t.get("name") == "train" for t in s["data"])
    # an input feature, and a softmax class in its class colour
    s = spec(NM.neuron_map_figure(grid, 0, 1, feature_names=feats))
    assert "x₂" in s["layout"]["annotations"][0]["text"]
    model, grid, feats = make_net([2, 4, 3], output="softmax")
    s = spec(NM.neuron_map_figure(grid, 2, 2, head="softmax", task="multiclass", n_classes=3))
    px = decode_png([t for t in s["data"] if t["type"] == "image"][0]["source"]).astype(np.float64)
    p = grid.layers[2][..., 2:3]
    want = rgb(P.NEUTRAL) + p * (rgb(P.BACKGROUND_COLORS[2]) - rgb(P.NEUTRAL))
    assert np.abs(px - np.rint(want)).max() <= 1
