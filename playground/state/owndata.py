"""Your own data: points from a CSV file (or from a generated dataset you started drawing on) and the points drawn
on the plane, kept in the session (never in the URL). The words and the data, not the widgets (`ui.ownpanel`).

The split: the file's (or the copied dataset's) points are split by Training data % with the data seed, as a
generated dataset is; every drawn point is a training point (you draw what the network should learn).
"""
from dataclasses import dataclass, replace

import numpy as np

from nn_core.datasets import PLANE, train_test_split
from nn_core.tabular import read_table
from playground.settings.choices import DEFAULT_DATASET, OWN
from playground.settings.limits import MAX_CLASSES, MAX_UPLOAD_MB, MAX_UPLOAD_POINTS
from playground.text.words import CLASS_COLOR_NAMES

MAX_BYTES = MAX_UPLOAD_MB * 2**20     # 1 MB: 2,000 lines of three long numbers are under 100 kB
MAX_POINTS = MAX_UPLOAD_POINTS        # as many as the Points setting makes
DRAW_VALUES = (-1.0, -0.5, 0.0, 0.5, 1.0)   # what Draw offers for a regression
MAX_UNDO = 200
CLASS_NAME_CHARS = 20   # the longest class name the boundary's legend shows; a longer one is cut, with "…"
ALLOWED = (f"a CSV file (UTF-8 text, at most {MAX_BYTES // 2**20} MB) of up to {MAX_POINTS:,} lines "
           "x1,x2,label, with or without a header line")


@dataclass(frozen=True)
class OwnData:
    X: np.ndarray        # (n, 2) the file's points (or the generated dataset's, drawing started on it)
    y: np.ndarray        # (n,) classes 0..k-1 or targets in [-1, 1]
    problem: str         # "binary", "multiclass" or "regression"
    n_classes: int       # 2 for binary and regression
    source: str          # the file's name, or the generated dataset's label
    classes: tuple = ()  # the labels as the file wrote them, class i first
    note: str = ""       # what was done to fit the file to the plane
    origin: str | None = None   # the generated dataset copied (drawing started on it); None for a file
    drawn: tuple = ()    # ((x1, x2, label), ...) the drawn points, oldest first

    @property
    def n_points(self):
        return len(self.X) + len(self.drawn)

    def split(self, ratio, seed):
        """X_train, y_train, X_test, y_test: the base points split as a generated dataset is, the drawn points
        added to the training part."""
        X_train, y_train, X_test, y_test = train_test_split(self.X, self.y, ratio, seed=seed)
        if self.drawn:
            d = np.array([p[:2] for p in self.drawn], dtype=np.float64)
            labels = np.array([p[2] for p in self.drawn], dtype=self.y.dtype)
            X_train, y_train = np.vstack([X_train, d]), np.concatenate([y_train, labels])
        return X_train, y_train, X_test, y_test

    def with_point(self, x1, x2, label):
        return replace(self, drawn=self.drawn + ((float(x1), float(x2), label),))

    def name_of(self, label):
        """A class (or a drawn value) in words, as the Draw control and the captions say it."""
        if self.problem == "regression":
            return f"{label:g}"
        written = f" (“{self.classes[label]}”)" if self.classes and self.classes[label] != str(label) else ""
        return f"{CLASS_COLOR_NAMES[label]} {label}{written}"


def fit(own, config):
    """`config` with Your data (`own`) only when there is some of its problem (else the problem's default dataset),
    and as many classes as it has."""
    if config.dataset != OWN:
        return config
    if own is None or own.problem != config.problem:
        return config.replace(dataset=DEFAULT_DATASET[config.problem])
    return config.replace(classes=own.n_classes) if own.problem == "multiclass" else config


def from_file(name, data):
    """OwnData from an uploaded CSV file. Raises ValueError saying what is wrong and what is allowed."""
    t = read_table(data, max_bytes=MAX_BYTES, max_rows=MAX_POINTS, max_classes=MAX_CLASSES, plane=PLANE)
    notes = []
    if t.scale != 1.0:
        notes.append(f"its points reach beyond the plane ({PLANE[0]:g} to {PLANE[1]:g}), so they were centred on "
                     f"({t.centre[0]:.4g}, {t.centre[1]:.4g}) and scaled by {t.scale:.4g}, both axes alike")
    if t.target_scale != 1.0:
        notes.append(f"its targets reach beyond −1 to 1, so they were divided by {1 / t.target_scale:.4g}")
    note = "; ".join(notes)
    note = note[:1].upper() + note[1:] + "." if note else ""
    n_classes = len(t.classes) if t.kind == "multiclass" else 2
    return OwnData(t.X, t.y, t.kind, n_classes, name, t.classes, note)


def from_generated(X, y, problem, n_classes, label, dataset):
    """OwnData holding a generated dataset's points: drawing on a generated dataset starts from them."""
    return OwnData(np.asarray(X), np.asarray(y), problem, n_classes, label, origin=dataset)


def check_point(own, x1, x2, label):
    """Raise ValueError unless the point can be drawn into `own`: on the plane, a label it has, room left."""
    lo, hi = PLANE
    if not (np.isfinite(x1) and np.isfinite(x2) and lo <= x1 <= hi and lo <= x2 <= hi):
        raise ValueError(f"({x1:.3g}, {x2:.3g}) is outside the plane ({lo:g} to {hi:g})")
    if own.problem == "regression":
        if label not in DRAW_VALUES:
            raise ValueError(f"a drawn value must be one of {', '.join(f'{v:g}' for v in DRAW_VALUES)}")
    elif label not in range(own.n_classes):
        raise ValueError(f"this data has classes 0 to {own.n_classes - 1}")
    if own.n_points >= MAX_POINTS:
        raise ValueError(f"your data has {own.n_points:,} points, the most the app takes")


def draw_options(problem, n_classes):
    """What the Draw control offers: None (off), then each class, or each value for a regression."""
    return [None, *(DRAW_VALUES if problem == "regression" else range(n_classes))]


def describe(own):
    """One line on what your data is, for the panel's caption."""
    kind = {"binary": "two classes", "multiclass": f"{own.n_classes} classes", "regression": "regression"}
    what = f"{len(own.X):,} points from {own.source}" if own.origin is None else f"{own.source}'s {len(own.X):,} points"
    if own.classes and own.problem != "regression":
        kind[own.problem] += " (" + ", ".join(f"{c} → {i}" for i, c in enumerate(own.classes)) + ")"
    drawn = f" and {len(own.drawn):,} drawn" if own.drawn else ""
    return f"Your data: {what}{drawn}; {kind[own.problem]}."


def legend_names(own):
    """The class labels `own`'s file wrote ("cat", "dog"), each at most CLASS_NAME_CHARS long, for the boundary's
    legend; None without data, for a regression, or for labels that are just 0, 1, 2... (the legend's own words)."""
    if own is None or not own.classes or all(name == str(i) for i, name in enumerate(own.classes)):
        return None
    cut = CLASS_NAME_CHARS
    return tuple(name if len(name) <= cut else name[:cut - 1] + "…" for name in own.classes)
