"""The app's words, in one place: what it calls each of the core's names (datasets, activations, heads...), one
line on each choice for the tooltips (the numbers and names come from nn_core), the words it says about what
training did (read-out numbers, divergence, the stop epoch), and Markdown escaping for text shown as is."""
import math

from nn_core.activations import LEAKY_SLOPE

PROBLEM = {"binary": "Binary classification", "multiclass": "Multi-class classification",
           "regression": "Regression"}
DATASET = {"circle": "Circle", "xor": "XOR", "gauss": "Gaussian", "spiral": "Spiral", "moons": "Moons",
           "circles": "Two circles", "classification": "Clusters", "multi_spiral": "Spiral arms",
           "blobs": "Blobs", "plane": "Plane", "multi_gauss": "Gaussian bumps"}
FEATURE = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂", "sin_x1": "sin(x₁)",
           "sin_x2": "sin(x₂)"}
ACTIVATION = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "elu": "ELU",
              "swish": "swish (SiLU)", "softplus": "softplus", "sine": "sine", "linear": "linear"}
HEAD = {"sigmoid": "sigmoid + cross-entropy", "softmax": "softmax + cross-entropy",
        "linear": "linear + squared error", "tanh": "tanh + squared error"}
LOSS = {"sigmoid": "binary cross-entropy", "softmax": "cross-entropy", "linear": "½·squared error",
        "tanh": "½·squared error"}
INIT = {"xavier": "Glorot/Xavier", "he": "He", "tf": "TF Playground", "zeros": "zeros"}
OPTIMIZER = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "rmsprop": "RMSprop", "adam": "Adam"}
REGULARIZER = {"none": "none", "l1": "L1", "l2": "L2"}
CLASS_COLOR_NAMES = ("orange", "blue", "green", "red", "purple", "brown")
"""The colours of the classes (`figures.palette.CLASS_COLORS`) in words, for a legend."""


def feature_label(name):
    """The display label of input feature ``name`` ("x1" -> "x₁"), or the name itself when unknown."""
    return FEATURE.get(name, str(name))


ACT_HELP = {
    "sigmoid": "1/(1+e^-z): smooth, outputs in (0, 1); saturates, so deep nets learn slowly.",
    "tanh": "tanh z: like sigmoid but centred on 0, outputs in (-1, 1). TF Playground's default.",
    "relu": "max(0, z): fast and simple; a unit stuck below 0 stops learning ('dead').",
    "leaky_relu": f"z if z > 0 else {LEAKY_SLOPE}·z: ReLU that never fully dies.",
    "elu": "z if z > 0 else e^z - 1: smooth ReLU with negative outputs.",
    "swish": "z·sigmoid(z) (SiLU): smooth, non-monotonic; common in modern nets.",
    "softplus": "log(1+e^z): a smooth ReLU.",
    "sine": "sin z: periodic; good for periodic patterns.",
    "linear": "z: no non-linearity; a stack of linear layers is still linear.",
}
HEAD_HELP = {
    "sigmoid": "Sigmoid output + binary cross-entropy: a probability for class 1.",
    "softmax": "Softmax output + cross-entropy: one probability per class (multi-class).",
    "linear": "Linear output + ½·squared error: a real number (regression).",
    "tanh": "tanh output in (-1, 1) + ½·squared error on ±1 labels, as TF Playground does.",
}
INIT_DESCRIPTIONS = {
    "xavier": "Glorot/Xavier uniform: U(±√(6/(n_in+n_out))), biases 0. Suits tanh and sigmoid.",
    "he": "He normal: N(0, 2/n_in), biases 0. Suits ReLU-like activations.",
    "tf": "TF Playground's: U(-0.5, 0.5), biases 0.1.",
    "zeros": "All zeros: every neuron in a layer stays identical (shows why symmetry must be broken).",
}
OPT_HELP = {
    "sgd": "Plain gradient descent: p ← p − lr·g.",
    "momentum": "SGD with momentum 0.9: keeps a running velocity, smooths noisy steps.",
    "nesterov": "Nesterov momentum 0.9: looks ahead along the velocity before stepping.",
    "rmsprop": "RMSprop (α 0.99): divides each step by a running RMS of its gradient.",
    "adam": "Adam (β 0.9, 0.999): momentum plus per-weight step sizes; robust default (lr ~0.001–0.01).",
}
DATASET_HELP = {
    "circle": "Disc inside a ring (TF Playground circle)",
    "xor": "Four quadrants, label by sign of x·y (TF Playground XOR)",
    "gauss": "Two Gaussian clusters (TF Playground Gaussian)",
    "spiral": "Two interleaved spirals (TF Playground spiral)",
    "moons": "Two interleaving half-moons (scikit-learn make_moons)",
    "circles": "Small circle inside a large one (scikit-learn make_circles)",
    "classification": "Two overlapping clusters (scikit-learn make_classification)",
    "multi_spiral": "k-arm spiral, one class per arm (CS231n style)",
    "blobs": "k Gaussian blobs on a circle (scikit-learn make_blobs)",
    "plane": "Target rises linearly along x + y (TF Playground plane)",
    "multi_gauss": "Six ±1 Gaussian bumps (TF Playground multi-Gaussian)",
}
OPTION_HELP = {"activation": ACT_HELP, "head": HEAD_HELP, "init": INIT_DESCRIPTIONS, "optimizer": OPT_HELP,
               "dataset": DATASET_HELP}
"""setting -> {option: one line on that choice}, added to the setting's tooltip for the option chosen."""


def number(value, digits=4):
    """A loss or metric as the read-outs show it: fixed point when readable, scientific when huge or tiny."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value != 0 and (abs(value) >= 1e5 or abs(value) < 10 ** -digits):
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}f}"


def counted(n, noun, plural=None):
    """``n`` and the noun, singular or plural as ``n`` asks: "1 point", "10 points", "2 weights"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def divergence_message(div, clipping=False):
    """The error shown when training diverged, from a `nn_core.Divergence`; it advises only controls the app has."""
    lr = "" if div.lr is None else f" (learning rate {div.lr:g} is too large for this setup)"
    text = (f"Training diverged in epoch {div.epoch:,}: the {div.quantity} became infinite or NaN{lr}. Training "
            f"stopped and the model was rolled back to epoch {div.rolled_back_to:,}, its last finite state. Try a "
            "learning rate 10× smaller")
    return text + (", or turn on Gradient clipping (under Training)." if not clipping else ".")


def stop_message(epoch):
    return (f"Paused at epoch {epoch:,}, as “Stop at epoch” asks. Press Play to go on: it will not stop here "
            "again (set a later epoch to stop there).")


MARKDOWN_SPECIALS = "\\`*_[]<>#|$~"


def plain(text):
    """`text` shown as is by a Streamlit element that reads Markdown (no underscores eaten, no links)."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in text)
