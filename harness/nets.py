"""Networks for the figures' tests and benchmarks: random weights and biases of both signs, and their grid."""
import numpy as np

from nn_core import Network
from nn_core.grid import evaluate_grid

FEATS7 = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2")
"""The seven input features, in the order the first `sizes[0]` of them are taken."""


def make_net(sizes, grid_n, activation="tanh", output="sigmoid", seed=0, features=None):
    """A network with random weights and biases of both signs (one bias and one weight exactly 0), its grid
    (`grid_n` points a side) and its feature names."""
    features = list(features or FEATS7[:sizes[0]])
    model = Network(sizes, activation=activation, output=output, seed=seed)
    rng = np.random.default_rng(seed + 1)
    params = [rng.normal(0.0, 1.0, p.shape) for p in model.params]
    params[1][0, 0] = 0.0   # a zero bias
    params[0][0, 0] = 0.0   # a zero weight
    model.set_params(params)
    return model, evaluate_grid(model, features, n=grid_n), features
