"""The decision-boundary figure: the model's output over the plane with the data on top. A pure function,
grid and data in, ``go.Figure`` out, in the house style of ``style``."""
import numpy as np

from playground.figures.palette import class_image, diverging_image
from playground.figures.plane import image_trace, key_legend, level_line, plane_layout
from playground.figures.points import check_task, class_key, train_test_layers
from playground.figures.style import figure

LEVELS = {"sigmoid": 0.5, "softmax": 0.5, "tanh": 0.0, "linear": 0.0}
"""Decision level of a binary output head: probability heads at 0.5, ±1 heads at 0."""
IMAGES = ("png", "array")


def binary_level(out, head):
    """The output map (n, n) of a binary model and its decision level (a 2-unit softmax: p(class 1) at 0.5)."""
    if out.shape[-1] == 2:
        return out[..., 1], 0.5
    return out[..., 0], LEVELS.get(head, 0.5)


def map_rgb(out, task, head="sigmoid", discretize=False):
    """RGB uint8 image (rows over x2 upward) of the model's output (n, n, units) as the boundary chart colours it:
    class colours (multiclass), orange-neutral-blue over the output's range (binary) or over [-1, 1]
    (regression)."""
    if task == "multiclass":
        return class_image(out, discretize)
    if task == "binary":
        z, level = binary_level(out, head)
        return diverging_image(z, *((0.0, 1.0) if level == 0.5 else (-1.0, 1.0)), discretize)
    return diverging_image(out[..., 0], -1.0, 1.0, discretize)


def boundary_figure(grid, task, X_train, y_train, X_test=None, y_test=None, *, n_classes=2, show_test=True,
                    discretize=False, head="sigmoid", size=480, image="png", predicted=None, class_names=None,
                    raw=False):
    """The model's output over the plane with the data on top.

    ``grid`` is a ``nn_core.grid.GridOutputs``; ``task`` is "binary", "multiclass" or "regression".

    * binary: the output as an image on the orange-neutral-blue scale and the single decision level (0.5 for
      sigmoid/softmax, 0 for tanh/linear) as a dark line: the first ``layout.images`` entry, an SVG
      (``plane.level_line``), under the data points. A 2-unit softmax output is drawn as p(class 1).
    * multiclass: a ``go.Image`` in class colours (see ``palette.class_image``), pixel row r at
      ``y = grid.ys[r]`` (x2 upward: the y axis is not reversed, plotly.js flips the image to match).
      ``image="png"`` sends it as a PNG data URI (``source``, drawn by the browser: the smaller payload);
      ``image="array"`` as a base64 uint8 ``z`` array (drawn pixel by pixel in JS).
    * regression: an image of the prediction on [-1, 1] (values beyond are clamped in colour).

    ``discretize`` shows only the class colours (regression: the sign of the prediction).

    The data points are drawn in a light and a dark band, so that they stay visible on the saturated region of
    their own class (``points``). ``predicted`` (the model's prediction at each training point: a class, or a
    value for regression) rings the misclassified training points (regression: off by more than 0.5), with a
    legend entry. A second legend row says what the colours mean (``points.class_key``; ``class_names`` name the
    classes instead of their numbers).
    """
    check_task(task, n_classes)
    if image not in IMAGES:
        raise ValueError(f"image must be 'png' or 'array', got {image!r}")
    out = np.asarray(grid.output)
    if task == "multiclass" and out.shape[-1] != n_classes:
        raise ValueError(f"multiclass output has {out.shape[-1]} units but n_classes is {n_classes}")
    rgb = map_rgb(out, task, head, discretize)
    name = {"multiclass": "classes", "binary": "output"}.get(task, "prediction")
    traces = [image_trace(grid, rgb, name, image if task == "multiclass" else "png")]
    line = [level_line(grid, *binary_level(out, head), size=size)] if task == "binary" else []

    swatches, images = train_test_layers(task, size, X_train, y_train, X_test, y_test, show_test, predicted)
    key, title = class_key(task, n_classes, class_names)
    layout = plane_layout(size, line + images, "boundary", legend2=key_legend(size, title))
    return figure(traces + key + swatches, layout, raw=raw)
