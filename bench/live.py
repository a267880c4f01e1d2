"""Live redraw benchmark: the app in headless Chromium, Play on the default setup, measured for N seconds.

Prints redraws per second seen in the browser: frames the live view drew (its `data-frames` counter; before the
live view was a component, changes of the Epoch read-out, polled every animation frame), epochs per second, the
server's CPU share, the browser's main-thread time per redraw, and the Streamlit reruns per second that
brought them (changes of the Epoch read-out).
Usage: .venv/bin/python bench/live.py [--seconds 20] [--query "netview=false"] [--runs 1] [--height 1000]
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
COUNTER = """() => { window.__reruns = 0; window.__last = null;
  const tick = () => { const el = document.querySelector('[data-testid="stMetricValue"]');
    const v = el ? el.innerText : null;
    if (v !== window.__last) { window.__reruns++; window.__last = v; }
    requestAnimationFrame(tick); };
  tick(); }"""
FRAMES = """() => { const live = document.querySelector('.live');
  return live ? Number(live.dataset.frames || 0) : window.__reruns; }"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_app(port):
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    raise RuntimeError("the app did not start")


def measure(url, seconds, server_pid, height=1000):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
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
    args = ap.parse_args()
    port = free_port()
    proc = start_app(port)
    try:
        for run in range(args.runs):
            url = f"http://127.0.0.1:{port}/" + (f"?{args.query}" if args.query else "")
            r = measure(url, args.seconds, proc.pid, args.height)
            figures = "  ".join(f"{k} {v:.1f}" for k, v in r.items())
            print(f"run {run + 1} ({args.query or 'default setup'}): {figures}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
