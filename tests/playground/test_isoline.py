"""The decision line: marching squares over a grid, checked on shapes whose level line is known."""
import numpy as np

from playground.figures.isoline import level_segments, segments_path


def grid(f, n=41, lo=-2.0, hi=2.0):
    xs = np.linspace(lo, hi, n)
    X, Y = np.meshgrid(xs, xs)       # row = y index, column = x index
    return xs, f(X, Y)


def to_plane(xs, seg):
    step = xs[1] - xs[0]
    return xs[0] + seg * step


def test_a_circle_level_line_lies_on_the_circle_and_goes_all_round():
    xs, z = grid(lambda x, y: x ** 2 + y ** 2)
    seg = level_segments(z, 1.0)
    pts = to_plane(xs, seg.reshape(-1, 2))
    r = np.hypot(pts[:, 0], pts[:, 1])
    step = xs[1] - xs[0]
    assert np.all(np.abs(r - 1.0) < step * step)            # linear interpolation of x²+y² along an edge
    angles = np.arctan2(pts[:, 1], pts[:, 0])
    assert np.histogram(angles, bins=12, range=(-np.pi, np.pi))[0].min() > 0
    # each segment joins two points of the same cell: at most one step apart in x and in y
    assert np.all(np.abs(seg[:, 0] - seg[:, 2]) <= 1) and np.all(np.abs(seg[:, 1] - seg[:, 3]) <= 1)


def test_a_straight_boundary_gives_one_segment_per_cell_it_crosses():
    xs, z = grid(lambda x, y: x - 0.37 + 0 * y, n=11)
    seg = level_segments(z, 0.0)
    assert len(seg) == 10                                     # one per row of cells
    assert np.allclose(to_plane(xs, seg[:, [0, 2]]), 0.37)


def test_a_saddle_cell_draws_two_segments_split_by_its_centre():
    z = np.array([[1.0, -1.0], [-1.0, 1.0]])                  # corners alternate: a saddle
    for centre in (0.5, -0.5):
        zz = z + 0 * centre
        seg = level_segments(zz + (centre - zz.mean()), 0.0)
        assert len(seg) == 2
        ends = {tuple(map(float, p)) for p in seg.reshape(-1, 2)}
        assert len(ends) == 4                                  # every edge crossed once, no segment repeated


def test_nan_cells_draw_nothing_and_no_crossing_draws_nothing():
    xs, z = grid(lambda x, y: x + 0 * y, n=5)
    z[:, 2] = np.nan
    seg = level_segments(z, 0.0)
    assert len(seg) == 0
    assert len(level_segments(np.ones((4, 4)), 0.5)) == 0
    assert segments_path(np.zeros((0, 4))) == ""


def test_the_path_is_integers_in_tenths():
    seg = np.array([[0.0, 0.5, 1.0, 0.25]])
    assert segments_path(seg) == "M0 5L10 2" or segments_path(seg) == "M0 5L10 3"


def test_polylines_draw_exactly_the_segments_in_fewer_characters():
    import re

    from playground.figures.isoline import polyline_path
    xs, z = grid(lambda x, y: np.sin(2 * x) + np.cos(3 * y), n=60)     # several pieces, some closed loops
    seg = level_segments(z, 0.3)
    path = polyline_path(seg)
    drawn, x, y = set(), None, None
    for cmd, dx, dy in re.findall(r"([Ml])(-?\d+) (-?\d+)", path):
        if cmd == "M":
            x, y = int(dx), int(dy)
            continue
        nx, ny = x + int(dx), y + int(dy)
        drawn.add(frozenset([(x, y), (nx, ny)]))
        x, y = nx, ny
    want = {frozenset([(a, b), (c, d)]) for a, b, c, d in np.rint(seg * 10).astype(int).tolist() if (a, b) != (c, d)}
    assert drawn - {e for e in drawn if len(e) == 1} == want
    assert len(path) < 0.5 * len(segments_path(seg))
