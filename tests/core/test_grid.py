"""Grid evaluation: every neuron over the input plane from one pass, equal to the core's activations."""
import numpy as np

from nn_core import Network
from nn_core.datasets import make_features
from nn_core.grid import evaluate_grid, grid_points


def test_grid_layers_equal_the_core_activations():
    features = ["x1", "x2", "x1^2", "sin_x2"]
    model = Network([4, 6, 3, 1], activation="tanh", output="sigmoid", seed=0)
    g = evaluate_grid(model, features, n=30)
    assert [a.shape for a in g.layers] == [(30, 30, 4), (30, 30, 6), (30, 30, 3), (30, 30, 1)]
    assert g.xs[0] == -6 and g.xs[-1] == 6
    # row i is x2 = ys[i], column j is x1 = xs[j]
    i, j = 7, 21
    point = np.array([[g.xs[j], g.ys[i]]])
    acts = model.layer_outputs(make_features(point, features))
    for layer, a in zip(g.layers, acts):
        np.testing.assert_allclose(layer[i, j], a[0], rtol=1e-12)
    np.testing.assert_allclose(g.output[..., 0], model.predict(make_features(grid_points(30)[2], features))
                               .reshape(30, 30), rtol=1e-12)


def test_grid_softmax_rows_sum_to_one():
    model = Network([2, 5, 4], activation="relu", output="softmax", seed=1)
    g = evaluate_grid(model, n=10)
    np.testing.assert_allclose(g.output.sum(axis=2), 1.0)
