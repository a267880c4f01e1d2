"""Display names shared by the pages and figures (no Streamlit): input features and optimizers."""
from nn_core.datasets import FEATURES

OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "rmsprop": "RMSprop",
                    "adam": "Adam"}
"""How each optimizer is named on screen (the sidebar's choices and the "Inside one step" summary)."""


def feature_label(name):
    """The display label of input feature ``name`` ("x1" -> "x₁"), or the name itself when unknown."""
    return FEATURES[name]["label"] if name in FEATURES else str(name)
