"""Live redraw benchmark: the app in headless Chromium, Play on the default setup, measured for N seconds.

Prints redraws per second seen in the browser: frames the live view drew (its `data-frames` counter; before the
live view was a component, changes of the Epoch read-out, polled every animation frame), epochs per second, the
server's CPU share, the browser's main-thread time per redraw, and the Streamlit reruns per second that
brought them (changes of the Epoch read-out).
Usage: .venv/bin/python bench/live.py [--seconds 20] [--query "netview=false"] [--runs 1] [--height 1000]
"""
import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.browser import launch  # noqa: E402
from harness.server import ROOT, cpu_seconds, free_port, start_server, stop_server  # noqa: E402

COUNTER = """() => { window.__reruns = 0; window.__last = null;
  const tick = () => { const el = document.querySelector('[data-testid="stMetricValue"]');
    const v = el ? el.innerText : null;
    if (v !== window.__last) { window.__reruns++; window.__last = v; }
    requestAnimationFrame(tick); };
  tick(); }"""
FRAMES = """() => { const live = document.querySelector('.live');
  return live ? Number(live.dataset.frames || 0) : window.__reruns; }"""


def measure(url, seconds, server_pid, height=1000):
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1500, "height": height})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
        time.sleep(1)
        page.evaluate(COUNTER)
        page.locator(".st-key-play button").first.click()
        time.sleep(3)  # warm-up: the first redraws and the adaptive training budget settle

        def sample():
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            reruns, epoch = page.evaluate("() => [window.__reruns, window.__last]")
            frames = page.evaluate(FRAMES)
            return (time.time(), frames, int(epoch.replace(",", "")), metrics["TaskDuration"], cpu_seconds(server_pid),
                    reruns)

        t0, r0, e0, b0, c0, s0 = sample()
        time.sleep(seconds)
        t1, r1, e1, b1, c1, s1 = sample()
        browser.close()
    dt, n = t1 - t0, max(r1 - r0, 1)
    return {"redraws/s": n / dt, "epochs/s": (e1 - e0) / dt, "server CPU %": 100 * (c1 - c0) / dt,
            "browser ms/redraw": 1000 * (b1 - b0) / n, "epochs/redraw": (e1 - e0) / n, "reruns/s": (s1 - s0) / dt}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--query", default="", help="URL query string, e.g. 'netview=true'")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--height", type=int, default=1000,
                    help="browser window height in px (1700 shows the network view and diagnostics too)")
    ap.add_argument("--against", type=Path, default=None,
                    help="another checkout (an earlier main): its app is served and measured too, run by run in turn")
    args = ap.parse_args()
    roots = [ROOT] + ([args.against.resolve()] if args.against else [])
    servers = {root: start_server(free_port(), root=root) for root in roots}
    try:
        for run in range(args.runs):
            for root, (proc, base) in servers.items():
                url = f"{base}/" + (f"?{args.query}" if args.query else "")
                r = measure(url, args.seconds, proc.pid, args.height)
                figures = "  ".join(f"{k} {v:.1f}" for k, v in r.items())
                tree = f" {root}" if len(roots) > 1 else ""
                print(f"run {run + 1}{tree} ({args.query or 'default setup'}): {figures}", flush=True)
    finally:
        for proc, _ in servers.values():
            stop_server(proc)


if __name__ == "__main__":
    main()
