"""The playground's one configuration: every setting, its limits, its tooltip, and its URL form.

`Config` is a frozen dataclass whose fields are the settings (and the widgets' session-state keys, and
the URL's parameter names). It owns validation (`fitted`) and URL serialisation both ways
(`from_query`, `to_query`), as TF Playground's `State` does.
"""
from dataclasses import dataclass, fields, replace

from nn_core.activations import ACTIVATIONS
from nn_core.datasets import DATASETS, FEATURES, dataset_names, make_dataset
from nn_core.losses import HEADS as CORE_HEADS
from nn_core.network import INITIALIZERS
from nn_core.optimizers import OPTIMIZERS
from playground.settings.choices import (
    BATCH_SIZES,
    CLIP_NORMS,
    DATA,
    DEFAULT_DATASET,
    DROPOUT_RATES,
    LAYER_KEYS,
    LEARNING_RATES,
    LIVE,
    OWN,
    PAGE_PARTS,
    PROBLEM_HEADS,
    REG_RATES,
    REGEN,
    SPEED,
    SPEEDS,
    VIEW,
    layer_setting,
    setting,
)
from playground.settings.limits import (
    MAX_CLASSES,
    MAX_LAYERS,
    MAX_POINTS,
    MAX_SEED,
    MAX_STOP_AT,
    MAX_URL_WARNINGS,
    MIN_POINTS,
)
from playground.settings.url import Refused, parse_value, quote, to_text, with_preset
from playground.text.words import ACTIVATION, DATASET, FEATURE, HEAD, INIT, OPTIMIZER, PROBLEM, REGULARIZER


@dataclass(frozen=True)
class Config:
    """Every setting of the playground. Build one with `Config()` (the defaults), `Config.from_query` (a URL)
    or `config.replace(**changes)`; all three return a consistent configuration (see `fitted`)."""
    problem: str = setting("binary", "select", "Problem", "What the network learns: two classes, several "
                            "classes, or a number (regression).", effect=DATA, options=PROBLEM, names=PROBLEM)
    dataset: str = setting("circle", "select", "Dataset", "The 2-D data to learn (pictures above).",
                            effect=DATA, options=DATASETS, names={**DATASET, OWN: "Your data"})
    classes: int = setting(3, "slider", "Classes", "How many classes a multi-class dataset has.", effect=DATA,
                            lo=3, hi=MAX_CLASSES)
    points: int = setting(500, "slider", "Points", "How many points to make (training + test).", effect=DATA,
                           lo=MIN_POINTS, hi=MAX_POINTS)
    noise: int = setting(0, "slider", "Noise (%)", "How far points stray across the true boundary.",
                          effect=DATA, lo=0, hi=50)
    train_pct: int = setting(50, "slider", "Training data (%)", "Share of the points used to train; the rest "
                              "measure the test loss.", effect=DATA, lo=10, hi=90)
    data_seed: int = setting(0, "int", "Data seed", "Seed of the random data. Regenerate data picks the next "
                              "one and keeps the network.", effect=REGEN, lo=0, hi=MAX_SEED)
    features: tuple = setting(("x1", "x2"), "multi", "Input features", "What the network sees of each point: "
                               "x₁, x₂ and functions of them. The right feature can make a hard problem easy.",
                               options=FEATURES, names=FEATURE)
    layers: int = setting(2, "int", "Hidden layers", f"0 (a linear model on the features) to {MAX_LAYERS}.",
                           lo=0, hi=MAX_LAYERS)
    h1: int = layer_setting(1)
    h2: int = layer_setting(2)
    h3: int = layer_setting(3)
    h4: int = layer_setting(4)
    h5: int = layer_setting(5)
    h6: int = layer_setting(6)
    h7: int = layer_setting(7)
    h8: int = layer_setting(8)
    activation: str = setting("tanh", "select", "Activation", "The non-linearity of the hidden neurons. "
                               "ReLU can die (output 0 for every point); leaky ReLU cannot.",
                               options=ACTIVATIONS, names=ACTIVATION)
    head: str = setting("sigmoid", "select", "Output / loss", "The output neuron's activation and the loss it "
                         "is trained with.", options=CORE_HEADS, names=HEAD)
    init: str = setting("xavier", "select", "Initializer", "How the weights start. All zeros keeps every "
                         "neuron of a layer identical.", options=INITIALIZERS, names=INIT)
    seed: int = setting(0, "int", "Network seed", "Seed of the first weights and of the batch order: the same "
                         "seed gives the same run.", lo=0, hi=MAX_SEED)
    optimizer: str = setting("sgd", "select", "Optimizer", "How each gradient becomes a step (PyTorch's rules). "
                              "Switching keeps the weights.", effect=LIVE, options=OPTIMIZERS, names=OPTIMIZER)
    lr: float = setting(0.03, "choice", "Learning rate", "Step size. Too small crawls; too large jumps or "
                         "blows up. Takes effect at once.", effect=LIVE, options=LEARNING_RATES)
    batch: int = setting(10, "choice", "Batch size", "Points per gradient step; more than the training set "
                          "means the full batch. Takes effect at once.", effect=LIVE, options=BATCH_SIZES)
    reg: str = setting("none", "select", "Regularization", "A penalty on large weights (not biases): L1 pushes "
                        "them to exactly 0, L2 shrinks them smoothly.", effect=LIVE, options=REGULARIZER,
                        names=REGULARIZER)
    reg_rate: float = setting(0.001, "choice", "Regularization rate", "λ, the strength of the penalty. Used "
                               "only with L1 or L2.", effect=LIVE, options=REG_RATES)
    dropout: float = setting(0.0, "choice", "Dropout", "Share of hidden outputs zeroed at random in each "
                              "training step (0 = off). Fights overfitting.", effect=LIVE, options=DROPOUT_RATES)
    clip: float = setting(0.0, "choice", "Gradient clipping", "Largest gradient norm a step may use; larger "
                           "gradients are scaled down (0 = off). Tames a learning rate that blows up.",
                           effect=LIVE, options=CLIP_NORMS)
    stop_at: int = setting(0, "int", "Stop at epoch", "Pause by itself at this epoch (0 = never).", effect=VIEW,
                            lo=0, hi=MAX_STOP_AT)
    speed: str = setting("max", "select", "Speed", "How fast Play trains: epochs per frame (the view shows about "
                          "30 frames a second), or as fast as the server allows.", effect=VIEW, options=SPEEDS,
                          names=SPEED)
    netview: bool = setting(True, "toggle", "Network view", "Draw the network: each neuron as a small map of its "
                             "output; links coloured by sign, as wide as |w|.", effect=VIEW)
    log_loss: bool = setting(False, "toggle", "Log-scale loss", "Show the loss on a logarithmic scale.",
                              effect=VIEW)
    show_test: bool = setting(False, "toggle", "Show test data", "Draw the held-out test points too.",
                               effect=VIEW)
    discretize: bool = setting(False, "toggle", "Discretize output", "Colour each region by its predicted class "
                                "instead of the model's confidence.", effect=VIEW)
    presenter: bool = setting(False, "toggle", "Presenter mode", "For a projector: large type, thick lines, high "
                               "contrast, the charts as large as the screen allows, big buttons. Keys: Space plays "
                               "or pauses, → steps, R resets (as a presenter's clicker sends them).", effect=VIEW)
    hide: tuple = setting((), "multi", "Hide controls", "Controls and panels to leave out, so that a link shows only "
                           "what a lecture is about (the settings still apply). In the link: hide=lr,optimizer,…",
                           effect=VIEW, names=PAGE_PARTS)   # options: PAGE_PARTS and every setting (below)

    # ---- derived values --------------------------------------------------------------------------
    @property
    def hidden(self):
        """The hidden layers' sizes."""
        return tuple(getattr(self, k) for k in LAYER_KEYS[:self.layers])

    @property
    def n_classes(self):
        return self.classes if self.problem == "multiclass" else 2

    def make_data(self):
        """(X, y): the generated dataset this setup asks for (a multi-class one with `classes` classes)."""
        return make_dataset(self.dataset, n=self.points, noise=self.noise / 100, seed=self.data_seed,
                            n_classes=self.classes if self.problem == "multiclass" else None)

    @property
    def n_outputs(self):
        return self.classes if self.problem == "multiclass" else 1

    @property
    def l1(self):
        return self.reg_rate if self.reg == "l1" else 0.0

    @property
    def l2(self):
        return self.reg_rate if self.reg == "l2" else 0.0

    @property
    def clip_norm(self):
        return self.clip or None

    # ---- validation ------------------------------------------------------------------------------
    def fitted(self):
        """This configuration with the choices that depend on the problem (dataset, output head) made to
        fit it, and at least one input feature."""
        changes = {}
        if self.dataset not in dataset_names(self.problem) and self.dataset != OWN:
            changes["dataset"] = DEFAULT_DATASET[self.problem]
        if self.head not in PROBLEM_HEADS[self.problem]:
            changes["head"] = PROBLEM_HEADS[self.problem][0]
        if not self.features:
            changes["features"] = SPECS["features"]["default"]
        return replace(self, **changes) if changes else self

    def replace(self, **changes):
        """A new configuration with `changes` (values a widget could give), made consistent. Raises ValueError for
        a value no widget offers (see `fits`)."""
        for k, v in changes.items():
            if not fits(k, v):
                raise ValueError(f"{k}={v!r} is not a value this setting takes")
            if SPECS[k]["kind"] == "multi":
                changes[k] = tuple(v)
        return replace(self, **changes).fitted()

    def changed(self, other):
        """Names of the settings whose values differ between `self` and `other`."""
        return [k for k in SPECS if getattr(self, k) != getattr(other, k)]

    # ---- the URL ---------------------------------------------------------------------------------
    @classmethod
    def from_query(cls, params):
        """A configuration from URL query parameters {name: str or [str]}, and a list of warnings in plain
        words, one for each parameter that was ignored (and what is used instead), at most MAX_URL_WARNINGS."""
        params, warnings = with_preset(params)
        values = {}
        for name, raw in params.items():
            spec = SPECS.get(name)
            if name == "dataset" and OWN in (raw if isinstance(raw, (list, tuple)) else [raw]):
                warnings.append("The link asks for your own data, which is never part of a link (it stays in the "
                                "session that made it); the default dataset is used instead.")
                continue
            if spec is None:
                warnings.append(f"The link's setting “{quote(name)}” is not one this app has; it was ignored.")
                continue
            try:
                values[name] = parse_value(spec, raw)
            except Refused as why:
                used = label_of(name, spec["default"])
                warnings.append(f"The link's {spec['label']} (“{name}={quote(raw)}”) {why}; {used} is used instead.")
        problem = values.get("problem", SPECS["problem"]["default"])
        kind = PROBLEM[problem].lower()
        for key, allowed in (("dataset", dataset_names(problem)), ("head", PROBLEM_HEADS[problem])):
            if key in values and values[key] not in allowed:
                used = label_of(key, allowed[0])
                warnings.append(f"The link's {SPECS[key]['label']} (“{key}={values.pop(key)}”) does not fit a "
                                f"{kind} problem; {used} is used instead.")
        if len(warnings) > MAX_URL_WARNINGS:
            more = len(warnings) - MAX_URL_WARNINGS + 1
            warnings = warnings[:MAX_URL_WARNINGS - 1] + [f"{more} more of the link's settings were ignored."]
        return cls(**values).fitted(), warnings

    def to_query(self):
        """The URL's query parameters: the settings that differ from their defaults and matter now."""
        out = {}
        for k, spec in SPECS.items():
            value, default = getattr(self, k), spec["default"]
            if k == "dataset":
                default = DEFAULT_DATASET[self.problem]
            elif k == "head":
                default = PROBLEM_HEADS[self.problem][0]
            if value == default or not self.matters(k) or (k, value) == ("dataset", OWN):
                continue
            out[k] = to_text(spec, value)
        return out

    def matters(self, key):
        """Whether setting `key` has an effect now (a 5th layer's size does not while there are 2 layers)."""
        if key in LAYER_KEYS:
            return LAYER_KEYS.index(key) < self.layers
        if key == "classes":
            return self.problem == "multiclass"
        if key == "reg_rate":
            return self.reg != "none"
        if key in ("points", "noise"):
            return self.dataset != OWN
        return True


SPECS = {f.name: {**f.metadata, "key": f.name, "default": f.default} for f in fields(Config)}
"""name -> the setting's description: kind, label, help, effect, options, lo, hi, names (labels), default."""
SPECS["hide"].update(options=(*PAGE_PARTS, *(k for k in SPECS if k not in ("hide", "presenter"))),
                     names={**PAGE_PARTS, **{k: spec["label"] for k, spec in SPECS.items()}})


def fits(key, value):
    """Whether `value` is one that setting `key`'s widget could give: of its type, one of its choices (several,
    without repeats, for the input features), within its range. The caps of playground/settings/limits.py hold for any
    configuration made of such values, whatever a browser (or a tampered request) sends."""
    spec = SPECS.get(key)
    if spec is None:
        return False
    kind, options = spec["kind"], spec["options"]
    if (key, value) == ("dataset", OWN):
        return True
    if kind == "multi":
        return (isinstance(value, (list, tuple)) and len(set(value)) == len(value)
                and all(isinstance(v, str) and v in options for v in value))
    if kind == "select":
        return isinstance(value, str) and value in options
    if kind == "toggle":
        return isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if kind == "choice":
        return value in options
    return isinstance(value, int) and spec["lo"] <= value <= spec["hi"]


def label_of(key, value):
    """What the app shows for `value` of setting `key`."""
    spec = SPECS[key]
    if spec["kind"] == "multi":
        return ", ".join(spec["names"].get(v, str(v)) for v in value)
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:g}"
    return spec["names"].get(value, str(value))


def _check_registries():
    """Every dataset, activation, head... that the core knows has a label (a new one must get one)."""
    for key in ("dataset", "activation", "head", "init", "optimizer", "features"):
        missing = set(SPECS[key]["options"]) - set(SPECS[key]["names"])
        if missing:
            raise RuntimeError(f"no label for {key} {sorted(missing)} in playground/text/words.py")


_check_registries()
