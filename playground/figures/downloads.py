"""What the Export panel hands out and takes in: the model file, the loss history as CSV, the boundary as PNG, the
standalone script; and a model file read back into a setup. Bytes and text out, a `Config` in."""
import csv
import io

import numpy as np

from nn_core import io as model_io
from nn_core.datasets import PLANE
from nn_core.export import script
from nn_core.grid import evaluate_grid
from playground.figures.boundary import map_rgb
from playground.figures.images import png_bytes
from playground.figures.palette import CLASS_COLORS, DARK, hex_rgb
from playground.settings.choices import LAYER_KEYS, PROBLEM_HEADS
from playground.settings.config import SPECS, Config
from playground.settings.limits import MAX_LAYERS, MAX_NEURONS

PNG_SIZE, PNG_GRID, POINT_RADIUS = 480, 160, 4   # px of the boundary PNG, its grid per side, a point's radius
MAX_MODEL_BYTES = 1 * 2**20   # a network within the app's caps is under 70 kB


def model_file(pg):
    """The trained model as the core's .npz (arrays + JSON, no pickle), with the setup that made it."""
    c = pg.config
    return model_io.dumps(pg.model, meta={"features": list(c.features), "settings": c.to_query()})


def history_csv(pg):
    """The loss history, one row per kept epoch (long runs keep every 2nd, 4th... epoch: see nn_core.history)."""
    metric = "r2" if pg.task == "regression" else "accuracy"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["epoch", "train_loss", "test_loss", f"train_{metric}", f"test_{metric}"])
    for epoch, *values in pg.trainer.history.rows:
        w.writerow([int(epoch), *(repr(float(v)) for v in values)])
    return out.getvalue()


def script_file(pg):
    return script(pg.model, pg.config.features)


def boundary_png(pg, size=PNG_SIZE):
    """The boundary as a PNG: the model's output over the plane, coloured as on screen, and the training points."""
    grid = evaluate_grid(pg.model, pg.config.features, n=PNG_GRID)
    rgb = map_rgb(np.asarray(grid.output), pg.task, pg.config.head, pg.config.discretize)
    scale = -(-size // PNG_GRID)
    img = np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)[:size, :size][::-1].copy()  # row 0 at the top
    lo, hi = PLANE
    px = (np.asarray(pg.X_train) - lo) / (hi - lo) * (size - 1)
    yy, xx = np.mgrid[-POINT_RADIUS:POINT_RADIUS + 1, -POINT_RADIUS:POINT_RADIUS + 1]
    d2 = xx ** 2 + yy ** 2
    ring, disc = d2 <= POINT_RADIUS ** 2, d2 <= (POINT_RADIUS - 1.2) ** 2
    fills = _fills(pg)
    for (x, y), fill in zip(px, fills):
        cx, cy = int(round(x)), int(round(size - 1 - y))
        ys, xs = cy + yy, cx + xx
        inside = (ys >= 0) & (ys < size) & (xs >= 0) & (xs < size)
        img[ys[ring & inside], xs[ring & inside]] = hex_rgb(DARK)
        img[ys[disc & inside], xs[disc & inside]] = fill
    return png_bytes(img)


def _fills(pg):
    y = np.asarray(pg.y_train)
    if pg.task == "regression":
        t = np.clip((y + 1.0) / 2.0, 0.0, 1.0)[:, None]
        return np.rint((1 - t) * hex_rgb(CLASS_COLORS[0]) + t * hex_rgb(CLASS_COLORS[1])).astype(np.uint8)
    return np.array([hex_rgb(CLASS_COLORS[int(c)]) for c in y], dtype=np.uint8)


def imported(data, current):
    """Read a model file saved by the app. Returns (config, params): the setup to switch to (the file's own
    settings, the architecture from its arrays) and the weights. Raises ValueError with a message for the user;
    nothing is changed here."""
    model, meta = model_io.load(data, max_bytes=MAX_MODEL_BYTES)
    sizes = model.sizes
    hidden = sizes[1:-1]
    if len(hidden) > MAX_LAYERS or max(hidden, default=1) > MAX_NEURONS:
        raise ValueError(f"the network has {len(hidden)} hidden layers of up to {max(hidden, default=0)} neurons; "
                         f"the app shows at most {MAX_LAYERS} layers of {MAX_NEURONS}")
    settings = meta.get("settings") if isinstance(meta.get("settings"), dict) else {}
    base, _ = Config.from_query({k: v for k, v in settings.items() if isinstance(v, (str, list))})
    features = meta.get("features", ["x1", "x2"][:sizes[0]])
    if not (isinstance(features, list) and set(features) <= set(SPECS["features"]["options"])
            and len(set(features)) == len(features) == sizes[0]):
        raise ValueError(f"the file's input features {features!r} do not fit its {sizes[0]} inputs")
    problem = base.problem
    if model.output == "softmax":
        problem = "multiclass"
    elif model.output not in PROBLEM_HEADS[problem]:
        problem = "regression" if model.output == "linear" else "binary"
    if problem == "multiclass" and not SPECS["classes"]["lo"] <= sizes[-1] <= SPECS["classes"]["hi"]:
        raise ValueError(f"the network has {sizes[-1]} outputs; the app shows 3 to {SPECS['classes']['hi']} "
                         "classes")
    if problem != "multiclass" and sizes[-1] != 1:
        raise ValueError(f"a {model.output} output has one unit, and this network has {sizes[-1]}")
    changes = dict(problem=problem, layers=len(hidden), activation=model.activation, head=model.output,
                   features=tuple(features), **dict(zip(LAYER_KEYS, hidden)))
    if problem == "multiclass":
        changes["classes"] = sizes[-1]
    if not settings and problem == current.problem:   # a file without the app's settings: keep the data
        changes["dataset"] = current.dataset
    return base.replace(**changes), model.get_params()   # (replace fits the dataset to the problem)
