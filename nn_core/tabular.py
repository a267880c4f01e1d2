"""A small table of labelled points read from CSV bytes: columns x1, x2, label (a header line is optional).

Pure: bytes in, arrays out. Every problem raises ValueError saying what is wrong (which line, which column,
what it holds) and what is allowed; the caller words the rest.

Labels decide the problem: whole numbers or words are classes (two distinct values: binary, mapped to 0 and 1
in sorted order; more: multi-class, 0..k-1 in sorted order); numbers written with a decimal point or an
exponent (0.5, 1.0, 2e3) are regression targets. Points beyond the plane are centred and scaled (one factor for
both axes) to fit it; regression targets beyond -1..1 are divided by their largest magnitude.
"""
import csv
import io
import math
import re
from dataclasses import dataclass

import numpy as np

from .generators import PLANE

COLUMNS = ("x1", "x2", "label")
INTEGER = re.compile(r"[+-]?\d+")
FIT = 0.9   # points that are scaled to fit the plane fill this share of its half-width


@dataclass(frozen=True)
class Table:
    X: np.ndarray          # (n, 2) float64, inside the plane
    y: np.ndarray          # (n,) int64 classes 0..k-1, or float64 targets in [-1, 1]
    kind: str              # "binary", "multiclass" or "regression"
    classes: tuple         # the labels as written, class i first (empty for regression)
    header: bool           # the first line was a header
    centre: tuple = (0.0, 0.0)   # X = (X_file - centre) * scale
    scale: float = 1.0
    target_scale: float = 1.0    # y = y_file * target_scale (regression)


def _number(cell, line, column):
    text = cell.strip()
    if not text:
        raise ValueError(f"line {line}: {column} is empty; every line needs a number in each of x1 and x2 and a label")
    try:
        v = float(text)
    except ValueError:
        raise ValueError(f"line {line}: {column} is “{_short(text)}”, which is not a number; x1 and x2 must be "
                         "numbers such as 1.5 or -2") from None
    if not math.isfinite(v):
        raise ValueError(f"line {line}: {column} is “{_short(text)}”; values must be finite numbers (no NaN or "
                         "infinity)")
    return v


def _short(text, n=20):
    return text if len(text) <= n else text[:n] + "…"


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _rows(text):
    """(line number, cells) of every non-blank line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                out.append((reader.line_num, cells))
    except csv.Error as err:
        raise ValueError(f"line {reader.line_num} cannot be read as CSV ({err})") from None
    return out


def read_table(data, *, max_bytes, max_rows, max_classes, plane=PLANE):
    """Read CSV bytes into a `Table`.

    Parameters
    ----------
    data : bytes
        The file's contents: UTF-8 text (a byte-order mark is allowed), comma-separated, three columns.
    max_bytes, max_rows, max_classes : int
        Limits: the file's size, its data lines, its distinct class labels.
    plane : (float, float)
        The extent of both axes; points beyond it are centred and scaled to fit.

    Raises
    ------
    ValueError
        Saying what is wrong and what is allowed.
    """
    if len(data) > max_bytes:
        raise ValueError(f"the file has {len(data):,} bytes; at most {max_bytes:,} are allowed")
    if not data.strip():
        raise ValueError("the file is empty; it needs lines of x1,x2,label")
    if b"\0" in data:
        raise ValueError("it is a binary file, not text; a CSV file is text with lines of x1,x2,label")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"it is not UTF-8 text (byte {err.start + 1:,} is 0x{data[err.start]:02x}); save it as "
                         "CSV in UTF-8") from None
    rows = _rows(text)
    header = bool(rows) and len(rows[0][1]) >= 2 and not (_is_number(rows[0][1][0]) and _is_number(rows[0][1][1]))
    for line, cells in rows:
        if len(cells) != len(COLUMNS):
            raise ValueError(f"line {line} has {len(cells)} value{'s' * (len(cells) != 1)}; every line needs 3: "
                             "x1, x2, label")
    if header:
        rows = rows[1:]
    if not rows:
        raise ValueError("the file has a header but no data lines; it needs lines of x1,x2,label")
    if len(rows) > max_rows:
        raise ValueError(f"it has {len(rows):,} data lines; at most {max_rows:,} are allowed")
    if len(rows) < 2:
        raise ValueError("it has 1 data line; at least 2 are needed (points to train on and to test on)")
    X = np.array([[_number(c[0], line, "x1"), _number(c[1], line, "x2")] for line, c in rows])
    y, kind, classes, target_scale = _labels([(line, c[2].strip()) for line, c in rows], max_classes)
    centre, scale = (0.0, 0.0), 1.0
    lo, hi = plane
    if np.any(X < lo) or np.any(X > hi):
        mid = (X.min(axis=0) + X.max(axis=0)) / 2
        half = float(np.max(X.max(axis=0) - X.min(axis=0))) / 2
        scale = FIT * (hi - lo) / 2 / half if half > 0 else 1.0
        centre = (float(mid[0]), float(mid[1]))
        X = (X - mid) * scale + (lo + hi) / 2
    return Table(X, y, kind, classes, header, centre, scale, target_scale)


def _labels(labels, max_classes):
    """(y, kind, classes, target scale) from the (line, label) pairs."""
    for line, label in labels:
        if not label:
            raise ValueError(f"line {line}: the label is empty; every line needs a label")
    numeric = [_is_number(label) for _, label in labels]
    decimals = [n and not INTEGER.fullmatch(label) for n, (_, label) in zip(numeric, labels)]
    if all(numeric):
        values = np.array([float(label) for _, label in labels])
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            line, label = labels[bad[0]]
            raise ValueError(f"line {line}: the label is “{label}”; labels must be finite (no NaN or infinity)")
        if any(decimals):
            peak = float(np.max(np.abs(values)))
            target_scale = 1.0 / peak if peak > 1 else 1.0
            return values * target_scale, "regression", (), target_scale
        names = sorted({int(label) for _, label in labels})
        index = {v: i for i, v in enumerate(names)}
        y = np.array([index[int(label)] for _, label in labels], dtype=np.int64)
        classes = tuple(str(v) for v in names)
    else:
        if any(decimals):
            line, label = next(p for p, n in zip(labels, numeric) if not n)
            raise ValueError(f"line {line}: the label “{_short(label)}” is not a number, while others are decimal "
                             "numbers (a regression); every regression label must be a number")
        classes = tuple(sorted({label for _, label in labels}))
        index = {v: i for i, v in enumerate(classes)}
        y = np.array([index[label] for _, label in labels], dtype=np.int64)
    if len(classes) < 2:
        raise ValueError(f"every label is “{_short(classes[0])}”: one class only; a classification needs 2 to "
                         f"{max_classes} classes (decimal labels such as 0.5 make a regression)")
    if len(classes) > max_classes:
        raise ValueError(f"it has {len(classes):,} different labels; at most {max_classes} classes are allowed "
                         "(labels written as decimals, such as 3.0, make a regression)")
    return y, "binary" if len(classes) == 2 else "multiclass", classes, 1.0
