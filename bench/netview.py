"""Network view figure: build time and size of
playground.figures.network.figure.network_figure, and its plotly.js draw time.

Run:  .venv/bin/python bench/netview.py [--reps 5] [--grid 40]   (the script finds nn_core and playground itself)

1. Build: for each network size and figure width that tests/playground/test_netview.py checks for readability, the
   median time of `network_figure` (after one warm-up build), with the figure's traces, layout images, nodes, height and
   payload (`playground.figures.style.figure_payload_bytes`, the JSON sent to the browser).
2. Draw: when /usr/bin/chromium exists, the median time of `Plotly.newPlot` in headless Chromium (via playwright)
   for the networks tests/playground/test_netview.py renders there, with the plotly.js that plotly.py bundles, on a
   local page.
   Each draw purges the plot first; the first draw is a warm-up and is not counted.

The networks have random weights and biases of both signs (one bias and one weight exactly 0), like the tests'.
See bench/README.md for measured results.
"""
import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `python bench/netview.py` from anywhere

import numpy as np  # noqa: E402
import plotly  # noqa: E402
import plotly.io as pio  # noqa: E402

from harness.browser import CHROMIUM, launch  # noqa: E402
from harness.nets import make_net  # noqa: E402
from playground.figures.network import figure as NV  # noqa: E402
from playground.figures.style import figure_payload_bytes  # noqa: E402

BIG = [7] + [32] * 8
# (sizes, width) of tests/playground/test_netview.py::test_readable_from_0_to_8_hidden_layers_of_32
BUILD_CASES = [([2, 1], 900), ([2, 4, 2, 1], 900), ([2, 8, 8, 8, 1], 900), (BIG + [1], 900), (BIG + [1], 500),
               (BIG + [6], 700), ([7, 1, 1], 300)]
# (name, sizes) of tests/playground/test_netview.py::test_renders_in_chromium (tanh, width 900, node (1, 0) selected)
DRAW_CASES = [("0-hidden", [2, 1]), ("default", [2, 4, 2, 1]), ("3x8", [2, 8, 8, 8, 1]), ("8x32", BIG + [1])]

DRAW = """async ([spec, reps]) => {
    const gd = document.getElementById('g'); const times = [];
    for (let k = 0; k <= reps; k++) {
        Plotly.purge(gd); const f = JSON.parse(spec);
        const t0 = performance.now();
        await Plotly.newPlot(gd, f.data, f.layout, {displayModeBar: false});
        times.push(performance.now() - t0);
    }
    times.shift(); times.sort((a, b) => a - b);
    return times[times.length >> 1]; }"""


def arch(sizes):
    """'2-8-8-8-1', with runs of equal hidden layers shortened: '7-32×8-1'."""
    if len(sizes) > 5 and len(set(sizes[1:-1])) == 1:
        return f"{sizes[0]}-{sizes[1]}×{len(sizes) - 2}-{sizes[-1]}"
    return "-".join(map(str, sizes))


def bench_build(reps, grid_n):
    print(f"\nBuild: network_figure, median of {reps} builds after one warm-up, grid {grid_n}×{grid_n}\n")
    print("| network | width px | build ms (median) | traces | images | nodes | height px | payload kB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for sizes, width in BUILD_CASES:
        model, grid, feats = make_net(sizes, grid_n, output="softmax" if sizes[-1] > 1 else "sigmoid")
        NV.network_figure(model, grid, feats, width=width)   # warm up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fig = NV.network_figure(model, grid, feats, width=width)
            times.append(time.perf_counter() - t0)
        print(f"| {arch(sizes)} | {width} | {1e3 * statistics.median(times):.1f} | {len(fig.data)} "
              f"| {len(fig.layout.images)} | {sum(sizes)} | {fig.layout.height} "
              f"| {figure_payload_bytes(fig) / 1e3:.1f} |")


def bench_draw(reps, grid_n):
    if not os.access(CHROMIUM, os.X_OK):
        print(f"\nDraw: skipped, {CHROMIUM} not installed (bash scripts/install-debs.sh)")
        return
    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        html = Path(tmp) / "plot.html"
        html.write_text("<html><head><meta charset='utf-8'><script>" + get_plotlyjs()
                        + "</script></head><body style='margin:0'><div id='g'></div></body></html>")
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri())
        print(f"\nDraw: Plotly.newPlot in headless Chromium {browser.version}, plotly.js {get_plotlyjs_version()} "
              f"(bundled), median of {reps} draws after one warm-up, width 900 px, tanh\n")
        print("| network | newPlot ms (median) | payload kB | SVG elements |")
        print("|---|---:|---:|---:|")
        for name, sizes in DRAW_CASES:
            model, grid, feats = make_net(sizes, grid_n)
            fig = NV.network_figure(model, grid, feats, selected=(1, 0) if len(sizes) > 2 else None)
            payload = pio.to_json(fig, validate=False)
            ms = page.evaluate(DRAW, [payload, reps])
            svg = page.evaluate("document.querySelectorAll('#g svg *').length")
            print(f"| {name} ({arch(sizes)}) | {ms:.1f} | {len(payload) / 1e3:.1f} | {svg} |")
        browser.close()
    if errors:
        print("page errors:", *errors, sep="\n  ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5, help="timed builds and draws per case (default 5)")
    ap.add_argument("--grid", type=int, default=40, help="grid resolution n (default 40, as in the tests)")
    args = ap.parse_args()
    print(f"{datetime.date.today()}  {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"numpy {np.__version__}, plotly {plotly.__version__}")
    bench_build(args.reps, args.grid)
    bench_draw(args.reps, args.grid)


if __name__ == "__main__":
    main()
