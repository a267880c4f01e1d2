"""One line on each choice of activation, output head, initializer, optimizer and dataset, for tooltips.
The numbers and names come from nn_core; the words live here."""
from nn_core.activations import LEAKY_SLOPE

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
