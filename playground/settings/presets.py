"""Ready scenarios for lectures: each a set of URL settings, a title and what to watch for.

A preset is loaded by its own link, `?preset=NAME` (see `Config.from_query`); from then on it is an ordinary setup
and the URL follows the user's changes. `epochs` is how long its story takes; tests/app/test_presets.py trains each
preset that long and checks what `watch` promises.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    watch: str
    settings: dict = field(default_factory=dict)   # URL query parameters, as a link would carry them
    epochs: int = 300


PRESETS = {p.name: p for p in (
    Preset("xor", "XOR needs a hidden layer",
           "No straight line separates XOR's four quadrants, so a model without hidden layers stays near 50–70 % "
           "accuracy. This one has a hidden layer of four neurons and passes 95 % test accuracy within 200 epochs. "
           "Set Hidden layers to 0 and press Play again to see the line fail.",
           {"dataset": "xor", "layers": "1"}, epochs=200),
    Preset("circle_features", "The circle without hidden layers",
           "With only x₁ and x₂ a model without hidden layers can draw one straight line, and a circle needs more. "
           "Given x₁² and x₂² as inputs, the same linear model separates the circle perfectly within 100 epochs: "
           "good features can replace depth.",
           {"dataset": "circle", "layers": "0", "features": "x1^2,x2^2"}, epochs=100),
    Preset("spiral_depth", "The spiral needs depth",
           "Two interleaved spirals are the hardest of the two-class sets. Four hidden layers of eight neurons, "
           "with sin(x₁) and sin(x₂) among the inputs, wind the boundary around them: above 90 % test accuracy "
           "within 500 epochs. Try fewer layers or only x₁, x₂ to see how much each helps.",
           {"dataset": "spiral", "layers": "4", "h1": "8", "h2": "8", "h3": "8", "h4": "8",
            "features": "x1,x2,sin_x1,sin_x2"}, epochs=500),
    Preset("lr_too_high", "A learning rate too high diverges",
           "At learning rate 3 every step overshoots the minimum by more than it started from, so the loss grows "
           "by orders of magnitude each epoch until it is no longer a number. The app stops and says so within "
           "twenty epochs, and rolls back to the last finite weights; 0.03 trains smoothly.",
           {"problem": "regression", "lr": "3"}, epochs=20),
    Preset("lr_too_low", "A learning rate too low crawls",
           "At learning rate 0.00001 each step barely moves the weights: after 200 epochs the loss has hardly "
           "changed and the boundary has not found the circle. At the default 0.03 the same network solves it "
           "in under 200 epochs.",
           {"dataset": "circle", "lr": "0.00001"}, epochs=200),
    Preset("dying_relu", "Dying ReLUs",
           "A ReLU neuron whose input is negative for every point outputs zero and gets no gradient, so it never "
           "recovers. At learning rate 1 half of these eight ReLUs die early (their maps go blank) and the "
           "network stalls far from the circle. Switch Activation to Leaky ReLU: its small negative slope keeps "
           "them learning, and it solves the circle.",
           {"dataset": "circle", "activation": "relu", "lr": "1", "layers": "2", "h1": "4", "h2": "4"},
           epochs=300),
    Preset("overfitting", "Overfitting on a few noisy points",
           "Thirty noisy training points and three layers of sixteen neurons: the training loss keeps falling "
           "while the test loss climbs to several times it, as the boundary bends around single points. "
           "Watch the two loss curves part; then try the L2 preset.",
           {"dataset": "xor", "points": "60", "noise": "50", "layers": "3", "h1": "16", "h2": "16", "h3": "16",
            "show_test": "true"}, epochs=1000),
    Preset("overfitting_l2", "L2 regularization against overfitting",
           "The same few noisy points and the same large network, now with an L2 penalty of 0.3 that pulls every "
           "weight towards zero. The boundary stays smooth, and the test loss ends well under half of what it "
           "reaches without the penalty.",
           {"dataset": "xor", "points": "60", "noise": "50", "layers": "3", "h1": "16", "h2": "16", "h3": "16",
            "show_test": "true", "reg": "l2", "reg_rate": "0.3"}, epochs=1000),
    Preset("multiclass_spiral", "Three spirals with softmax",
           "Three classes: the output layer has one neuron per class and softmax turns them into probabilities "
           "that sum to one. Three hidden layers of twelve neurons separate the three arms, above 90 % test "
           "accuracy within 300 epochs.",
           {"problem": "multiclass", "dataset": "multi_spiral", "layers": "3", "h1": "12", "h2": "12",
            "h3": "12"}, epochs=300),
    Preset("adam", "Adam against plain SGD",
           "The spiral with three hidden layers, trained by Adam at learning rate 0.01: after 300 epochs its "
           "training loss is several times lower than plain SGD's at the same rate. Switch Optimizer to SGD and "
           "Reset to compare.",
           {"dataset": "spiral", "optimizer": "adam", "lr": "0.01", "layers": "3", "h1": "8", "h2": "8", "h3": "8",
            "features": "x1,x2,sin_x1,sin_x2"}, epochs=300),
    Preset("zero_init", "All-zero initialization stays symmetric",
           "Every weight starts at zero, so every neuron of a layer computes the same thing, gets the same gradient "
           "and takes the same step: the four neurons of each layer stay identical for ever (their maps match) and "
           "the network is no wider than one neuron per layer. Any random initializer breaks the tie.",
           {"dataset": "circle", "init": "zeros", "activation": "sigmoid", "layers": "2", "h1": "4", "h2": "4"},
           epochs=200),
)}
