"""The model and every neuron over an N×N grid of the input plane, in one vectorized pass."""
from dataclasses import dataclass

import numpy as np

from .datasets import PLANE, make_features


@dataclass
class GridOutputs:
    xs: np.ndarray          # (n,) x1 coordinates of the grid columns
    ys: np.ndarray          # (n,) x2 coordinates of the grid rows
    layers: list            # [features, hidden 1, ..., output], each (n, n, units): [row(x2), col(x1), unit]

    @property
    def output(self):
        return self.layers[-1]

    @property
    def features(self):
        return self.layers[0]


def grid_points(n=100, extent=PLANE):
    """Grid coordinates and the (n*n, 2) points, rows running over x2 and columns over x1."""
    xs = np.linspace(extent[0], extent[1], n)
    ys = np.linspace(extent[0], extent[1], n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def evaluate_grid(model, features=("x1", "x2"), n=100, extent=PLANE):
    """Every layer's output (input features included) at every grid point, from one forward pass."""
    xs, ys, points = grid_points(n, extent)
    outs = model.layer_outputs(make_features(points, list(features)))
    return GridOutputs(xs, ys, [a.reshape(n, n, a.shape[1]) for a in outs])
