"""The line where a map over the plane crosses one level (marching squares), as SVG path data: the decision
boundary drawn as an image the browser only has to swap on each redraw (a Plotly contour trace is traced
again in JavaScript every time). Pure NumPy."""
import numpy as np


def level_segments(z, level):
    """Segments ``(k, 4)`` of ``[c0, r0, c1, r1]`` in grid index units (column = x index, row = y index) along
    which the linear interpolation of ``z`` (rows × columns) equals ``level``. NaN cells draw nothing. A saddle
    cell is split by its centre value. Only the cells the level crosses are worked on (a few hundred of
    thousands), so a redraw's line costs little."""
    z = np.asarray(z, dtype=np.float64)
    finite = np.isfinite(z)
    above = z > level
    # crossed edges: horizontal (r, c)-(r, c+1) and vertical (r, c)-(r+1, c)
    h = (above[:, :-1] != above[:, 1:]) & finite[:, :-1] & finite[:, 1:]
    v = (above[:-1, :] != above[1:, :]) & finite[:-1, :] & finite[1:, :]
    hit = np.stack([h[:-1, :], v[:, 1:], h[1:, :], v[:, :-1]])      # per cell: bottom, right, top, left
    count = hit.sum(axis=0)
    rows, cols = np.nonzero(count >= 2)
    if not len(rows):
        return np.zeros((0, 4))
    a, b = z[rows, cols], z[rows, cols + 1]
    c, d = z[rows + 1, cols], z[rows + 1, cols + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        def frac(p, q):
            return np.clip((level - p) / (q - p), 0.0, 1.0)
        px = np.stack([cols + frac(a, b), cols + 1.0, cols + frac(c, d), cols + 0.0 * rows])
        py = np.stack([rows + 0.0 * cols, rows + frac(b, d), rows + 1.0, rows + frac(a, c)])
    cell_hit = hit[:, rows, cols]
    out = []
    two = count[rows, cols] == 2
    if two.any():
        idx = np.argsort(~cell_hit[:, two], axis=0, kind="stable")[:2]    # the two crossed edges, in edge order
        x, y, kk = px[:, two], py[:, two], np.arange(two.sum())
        out.append(np.column_stack([x[idx[0], kk], y[idx[0], kk], x[idx[1], kk], y[idx[1], kk]]))
    four = ~two
    if four.any():
        x, y, kk = px[:, four], py[:, four], np.arange(four.sum())
        centre_above = ((a + b + c + d)[four] / 4) > level
        joined = centre_above == (a[four] > level)
        # a's corner cut off alone (bottom-left pairing) unless the centre sides with a
        p1 = np.where(joined, 1, 3)   # bottom edge pairs with right (joined) or left (cut off)
        q1 = np.where(joined, 3, 1)
        out.append(np.column_stack([x[0, kk], y[0, kk], x[p1, kk], y[p1, kk]]))
        out.append(np.column_stack([x[2, kk], y[2, kk], x[q1, kk], y[q1, kk]]))
    return np.concatenate(out)


def segments_path(segments, scale=10):
    """SVG path data ``M x y L x y ...`` of ``segments`` (grid units), integers in 1/``scale`` of a unit."""
    if not len(segments):
        return ""
    a = np.rint(np.asarray(segments) * scale).astype(np.int64)
    return ("M%d %dL%d %d" * len(a)) % tuple(a.ravel().tolist())


def polyline_path(segments, scale=10):
    """SVG path data of ``segments`` (grid units) joined into polylines where they share an end point (neighbouring
    cells compute a shared edge's crossing identically): ``M x y`` then relative ``l dx dy`` steps, integers in
    1/``scale`` of a unit. About a third of the characters of one ``M…L…`` per segment.

    Each polyline grows from the first segment not drawn yet: backwards from its start, then forwards from its end,
    at each point taking the first segment there (in the order of ``segments``) not drawn yet."""
    if not len(segments):
        return ""
    a = np.rint(np.asarray(segments) * scale).astype(np.int64).tolist()
    ends = {}      # point: ends there, as 2k + 1 (segment k starts there) or 2k (k ends there), in order
    for k, (x0, y0, x1, y1) in enumerate(a):
        ends.setdefault((x0, y0), []).append(2 * k + 1)
        ends.setdefault((x1, y1), []).append(2 * k)
    used = [False] * len(a)

    def walk(k, forward, pts):
        """Append the points from segment k onwards (k's far end first), following shared end points."""
        while True:
            used[k] = True
            s = a[k]
            p = (s[2], s[3]) if forward else (s[0], s[1])
            pts.append(p)
            for e in ends[p]:
                if not used[e >> 1]:
                    k, forward = e >> 1, e & 1      # entered at its start: go to its end
                    break
            else:
                return pts

    out = []
    for k in range(len(a)):
        if used[k]:
            continue
        back = walk(k, False, [])          # from k's start backwards ...
        used[k] = False
        pts = back[::-1]
        walk(k, True, pts)                 # ... and from k's end forwards
        xy = np.array(pts, dtype=np.int64)
        steps = np.diff(xy, axis=0).ravel().tolist()
        out.append("M%d %d" % pts[0] + "l%d %d" * (len(pts) - 1) % tuple(steps))
    return "".join(out)
