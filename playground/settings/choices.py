"""What each setting offers and the app's named values: the output heads of each problem and its default dataset,
the learning rates, batch sizes... a slider steps through, what a change of a setting does (`Playground.apply`),
and `setting`, which describes one `Config` field (its widget, tooltip and URL form)."""
from dataclasses import field

from playground.settings.limits import MAX_LAYERS, MAX_NEURONS

PROBLEM_HEADS = {"binary": ("sigmoid", "tanh"), "multiclass": ("softmax",), "regression": ("linear", "tanh")}
"""The output heads each problem offers, its default first (the heads themselves: `nn_core.losses.HEADS`)."""
DEFAULT_DATASET = {"binary": "circle", "multiclass": "multi_spiral", "regression": "plane"}
OWN = "own"
"""The dataset value of your own data (a file or drawn points, kept in the session, never in the URL)."""
LEARNING_RATES = (0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05,
                  0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
REG_RATES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 200, 256, 500, 1000, 2000)
DROPOUT_RATES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
CLIP_NORMS = (0.0, 0.1, 0.3, 1.0, 3.0, 10.0)
SPEEDS = ("1", "3", "10", "30", "max")
SPEED = {"1": "1 epoch a frame", "3": "3 epochs a frame", "10": "10 epochs a frame", "30": "30 epochs a frame",
         "max": "As fast as possible"}
DEFAULT_HIDDEN = (4, 2, 2, 2, 2, 2, 2, 2)
LAYER_KEYS = tuple(f"h{i}" for i in range(1, MAX_LAYERS + 1))

# What a change of a setting does (see `Playground.apply`): new data and a new network, new data for the
# same network, a new network, a change the trainer takes as it runs, or only what is drawn.
DATA, REGEN, MODEL, LIVE, VIEW = "data", "regen", "model", "live", "view"
PAGE_PARTS = {"step_batch": "Step one batch", "regen": "Regenerate data", "map": "Map shown", "timeline": "Timeline",
              "network": "Network view", "diagnostics": "Diagnostics", "editor": "Weight editor",
              "export": "Export and import", "captions": "Captions", "owndata": "Your own data"}
"""Parts of the Playground page that `hide` can leave out, besides any setting's widget."""


def setting(default, kind, label, help, *, effect=MODEL, options=(), lo=0, hi=0, names=None):
    """A dataclass field with its widget and URL description in `metadata`. kind: select | multi | int |
    slider | choice (a slider over `options`) | toggle; `names` maps an option to the label shown."""
    meta = dict(kind=kind, label=label, help=help, effect=effect, options=tuple(options), lo=lo, hi=hi,
                names=names or {})
    return field(default=default, metadata=meta)


def layer_setting(i):
    return setting(DEFAULT_HIDDEN[i - 1], "int", f"Layer {i}", f"Neurons in hidden layer {i} (1–{MAX_NEURONS}).",
                   lo=1, hi=MAX_NEURONS)
