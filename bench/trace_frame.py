"""Where the browser's time per live-view frame goes: the app in headless Chromium, Play on the default setup, a
Chromium trace of a few seconds, then the renderer main thread's self time by trace event and, for script, by
function (the trace is kept in artifacts/trace.json).
Usage: .venv/bin/python bench/trace_frame.py [--query '?netview=false'] [--seconds 4]
"""
import argparse
import collections
import json
import time
from pathlib import Path

from live import COUNTER, FRAMES
from playwright.sync_api import sync_playwright

from harness.browser import launch
from harness.server import free_port, start_server, stop_server

TRACE = Path(__file__).resolve().parent.parent / "artifacts" / "trace.json"
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink", "cc"]


def record(url, seconds):
    """Trace `seconds` of playing; returns the frames the live view drew meanwhile."""
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
        time.sleep(1)
        page.evaluate(COUNTER)
        page.locator(".st-key-play button").first.click()
        time.sleep(3)   # the first redraws and the training budget settle
        before = page.evaluate(FRAMES)
        browser.start_tracing(page=page, path=str(TRACE), categories=CATEGORIES)
        time.sleep(seconds)
        browser.stop_tracing()
        drawn = page.evaluate(FRAMES) - before
        browser.close()
    return drawn


def self_times(events, key):
    """Self time (µs) of nested complete events on one thread, summed by `key(event)`."""
    out, stack = collections.Counter(), []
    for e in sorted(events, key=lambda e: (e["ts"], -e["dur"])):
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
            stack.pop()
        if stack:
            out[key(stack[-1])] -= e["dur"]
        out[key(e)] += e["dur"]
        stack.append(e)
    return out


def function_name(e):
    if e["name"] != "FunctionCall":
        return "(not script)"
    d = e.get("args", {}).get("data", {})
    return f"{d.get('url', '')[-45:]}:{d.get('functionName', '')}:{d.get('lineNumber', '')}"


def report(frames, top=20):
    events = json.loads(TRACE.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    threads = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            threads[(e["pid"], e["tid"])].append(e)
    busy = {k: sum(e["dur"] for e in v if e["name"] == "RunTask") / 1000 for k, v in threads.items()}
    n = max(frames, 1)
    print(f"{frames} frames traced")
    for k, ms in sorted(busy.items(), key=lambda x: -x[1])[:5]:
        print(f"{names.get(k, k)}: tasks {ms:.0f} ms, {ms / n:.1f} ms per frame")
    main = max((k for k in threads if names.get(k) == "CrRendererMain"), key=lambda k: busy.get(k, 0))
    for title, key in (("by trace event", lambda e: e["name"]), ("script by function", function_name)):
        print(f"renderer main thread, self time {title}:")
        for name, us in self_times(threads[main], key).most_common(top):
            if name != "(not script)":
                print(f"  {name:70s} {us / 1000:8.1f} ms  {us / 1000 / n:6.2f} ms/frame")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--query", default="", help="the page's query string, e.g. '?netview=false'")
    ap.add_argument("--seconds", type=float, default=4.0)
    args = ap.parse_args()
    TRACE.parent.mkdir(exist_ok=True)
    proc, url = start_server(free_port())
    try:
        frames = record(f"{url}/{args.query}", args.seconds)
    finally:
        stop_server(proc)
    report(frames)


if __name__ == "__main__":
    main()
