"""What the app calls each of the core's names (datasets, activations, heads...), in one place."""

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


def feature_label(name):
    """The display label of input feature ``name`` ("x1" -> "x₁"), or the name itself when unknown."""
    return FEATURE.get(name, str(name))
