"""Server cost of one live-view frame, outside training: building the three figures and what is sent for them.

Compares, in one process and interleaved, the live view's way (figures as plain dicts, `live.feed.Feed.message`:
only what changed, as bytes) with the way `st.plotly_chart` needs them (a `go.Figure` each, serialised whole to
JSON, as Streamlit does on every redraw). Prints median ms per frame and bytes per frame for the default setup
and for 8 hidden layers × 32 neurons.
Usage: .venv/bin/python bench/frame.py [--rounds 7] [--frames 20]
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import plotly.io as pio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.figures.boundary import boundary_figure  # noqa: E402
from playground.figures.loss import loss_figure  # noqa: E402
from playground.figures.network.figure import network_figure  # noqa: E402
from playground.live.frames import NETVIEW_WIDTH, live_figures  # noqa: E402
from playground.live.loop import Loop  # noqa: E402
from playground.settings.config import Config  # noqa: E402
from playground.state.playground import Playground  # noqa: E402
from playground.state.view import View  # noqa: E402

SETUPS = {"default (2-4-2-1)": Config(),
          "8 × 32": Config().replace(layers=8, **{f"h{i}": 32 for i in range(1, 9)})}


def as_plotly_chart(pg, grid):
    """The three figures as go.Figure, serialised whole (what st.plotly_chart sends each redraw)."""
    c, h = pg.config, pg.trainer.history
    figs = [boundary_figure(grid, pg.task, pg.X_train, pg.y_train, pg.X_test, pg.y_test, n_classes=pg.n_classes,
                            show_test=c.show_test, discretize=c.discretize, head=c.head),
            loss_figure(h.column("epoch"), h.column("train_loss"), h.column("test_loss"), height=300),
            network_figure(pg.model, grid, c.features, width=NETVIEW_WIDTH)]
    return sum(len(pio.to_json(f, validate=False)) for f in figs)


def live_view(feed, pg, view, grid):
    return len(feed.message(live_figures(pg, view, grid)))


def measure(config, frames, rounds):
    pg, view, feed = Playground(config), View(), Loop().feed
    pg.play()
    pg.train(epochs=20)
    ways = {"live view (live.feed)": lambda pg, view, grid: live_view(feed, pg, view, grid),
            "st.plotly_chart (JSON)": lambda pg, view, grid: as_plotly_chart(pg, grid)}
    times = {k: [] for k in ways}
    sizes = {k: [] for k in ways}
    for _ in range(rounds):
        for name, way in ways.items():
            total, nbytes = 0.0, 0
            for _ in range(frames):
                pg.train(epochs=1)
                grid = pg.grid()          # (the forward pass is the same for both: timed apart below)
                t = time.perf_counter()
                nbytes += way(pg, view, grid)
                total += time.perf_counter() - t
            times[name].append(1000 * total / frames)
            sizes[name].append(nbytes / frames)
    t = time.perf_counter()
    for _ in range(frames):
        pg.changed()
        pg.grid()
    grid_ms = 1000 * (time.perf_counter() - t) / frames
    return times, sizes, grid_ms


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--frames", type=int, default=20)
    args = ap.parse_args()
    for label, config in SETUPS.items():
        times, sizes, grid_ms = measure(config, args.frames, args.rounds)
        print(f"{label}: grid evaluation {grid_ms:.1f} ms per frame (both ways)")
        base_t = statistics.median(times["st.plotly_chart (JSON)"])
        base_b = statistics.median(sizes["st.plotly_chart (JSON)"])
        for name in times:
            t, b = statistics.median(times[name]), statistics.median(sizes[name])
            print(f"  {name:24s} {t:7.2f} ms/frame ({min(times[name]):.2f}–{max(times[name]):.2f})  "
                  f"{b / 1024:8.1f} kB/frame   time ×{base_t / t:.1f} less, bytes ×{base_b / b:.1f} fewer")


if __name__ == "__main__":
    main()
