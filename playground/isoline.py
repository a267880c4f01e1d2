"""The line where a map over the plane crosses one level (marching squares), as SVG path data: the decision
boundary drawn as an image the browser only has to swap on each redraw (a Plotly contour trace is traced
again in JavaScript every time). Pure NumPy."""
import numpy as np


def level_segments(z, level):
    """Segments ``(k, 4)`` of ``[c0, r0, c1, r1]`` in grid index units (column = x index, row = y index) along
    which the linear interpolation of ``z`` (rows × columns) equals ``level``. NaN cells draw nothing. A saddle
    cell is split by its centre value."""
    z = np.asarray(z, dtype=np.float64)
    a, b = z[:-1, :-1], z[:-1, 1:]     # corners (r, c), (r, c+1)
    c, d = z[1:, :-1], z[1:, 1:]       # (r+1, c), (r+1, c+1)
    rows, cols = np.indices(a.shape, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        def cross(p, q):
            return ((p > level) != (q > level)) & np.isfinite(p) & np.isfinite(q)

        def frac(p, q):
            return np.clip((level - p) / (q - p), 0.0, 1.0)

        # edge crossings as points (column, row): bottom a-b, right b-d, top c-d, left a-c
        edges = [(cross(a, b), cols + frac(a, b), rows),
                 (cross(b, d), cols + 1.0, rows + frac(b, d)),
                 (cross(c, d), cols + frac(c, d), rows + 1.0),
                 (cross(a, c), cols, rows + frac(a, c))]
    hit = np.stack([e[0] for e in edges])           # (4, R, C)
    px = np.stack([e[1] for e in edges])
    py = np.stack([e[2] for e in edges])
    count = hit.sum(axis=0)
    out = []
    two = count == 2
    if two.any():
        idx = np.argsort(~hit[:, two], axis=0, kind="stable")[:2]    # the two crossed edges, in edge order
        x, y = px[:, two], py[:, two]
        cols_ = np.arange(x.shape[1])
        out.append(np.column_stack([x[idx[0], cols_], y[idx[0], cols_], x[idx[1], cols_], y[idx[1], cols_]]))
    four = count == 4
    if four.any():
        x, y = px[:, four], py[:, four]
        centre_above = ((a + b + c + d)[four] / 4) > level
        above_a = a[four] > level
        # a's corner cut off alone (bottom-left pairing) unless the centre sides with a
        joined = centre_above == above_a
        p1 = np.where(joined, 1, 3)   # bottom edge pairs with right (joined) or left (cut off)
        q1 = np.where(joined, 3, 1)
        k = np.arange(x.shape[1])
        out.append(np.column_stack([x[0, k], y[0, k], x[p1, k], y[p1, k]]))
        out.append(np.column_stack([x[2, k], y[2, k], x[q1, k], y[q1, k]]))
    return np.concatenate(out) if out else np.zeros((0, 4))


def segments_path(segments, scale=10):
    """SVG path data ``M x y L x y ...`` of ``segments`` (grid units), integers in 1/``scale`` of a unit."""
    if not len(segments):
        return ""
    a = np.rint(np.asarray(segments) * scale).astype(np.int64)
    return ("M%d %dL%d %d" * len(a)) % tuple(a.ravel().tolist())
