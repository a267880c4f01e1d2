"""Soak: N sessions play on one server process for a long time; memory, errors and redraw rate, minute by minute.

Built on bench/load.py's Streamlit-protocol user (`--mode browser`: ticks as the browser does). Every `--every`
seconds it samples the server's RSS and CPU and each session's redraws and epochs since the last sample; at the end
it fits a line to the RSS after warm-up (the first `--warmup` minutes) and prints its slope in MB per hour.
Usage: .venv/bin/python bench/soak.py --sessions 8 --minutes 30 [--every 60] [--json out.json]
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import gevent
from load import StreamlitUser, warm_up
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.server import cpu_seconds, free_port, rss_mb, start_server, stop_server  # noqa: E402


class SoakUser(StreamlitUser):
    """StreamlitUser that keeps a handle on its page, so the soak can read the Epoch while the session plays."""
    sessions = []

    def loop(self):
        self.r["page"] = self.page
        return super().loop()


def slope_per_hour(ts, ys):
    """Least-squares slope of ys over ts (seconds), in units per hour."""
    if len(ts) < 2:
        return float("nan")
    mt, my = statistics.mean(ts), statistics.mean(ys)
    den = sum((t - mt) ** 2 for t in ts)
    return 3600 * sum((t - mt) * (y - my) for t, y in zip(ts, ys)) / den if den else float("nan")


def sample(pid, sessions, last, t):
    """One row: per-session redraws/s and epochs/s since the previous sample, errors so far, server RSS and CPU."""
    dt = t - last["t"]
    redraws = [(s["redraws"] - last["redraws"].get(i, 0)) / dt for i, s in enumerate(sessions)]
    epochs = [((s["page"].epoch or 0) - last["epochs"].get(i, 0)) / dt for i, s in enumerate(sessions) if "page" in s]
    cpu = cpu_seconds(pid)
    row = {"t": t, "rss": rss_mb(pid), "cpu": 100 * (cpu - last["cpu"]) / dt,
           "redraws_mean": statistics.mean(redraws) if redraws else 0.0, "redraws_min": min(redraws, default=0.0),
           "epochs_mean": statistics.mean(epochs) if epochs else 0.0,
           "errors": sum(len(s["errors"]) + len(s["page"].errors if "page" in s else ()) for s in sessions),
           "playing": sum("page" in s for s in sessions)}
    last.update(t=t, cpu=cpu, redraws={i: s["redraws"] for i, s in enumerate(sessions)},
                epochs={i: s["page"].epoch or 0 for i, s in enumerate(sessions) if "page" in s})
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--every", type=float, default=60.0, help="seconds between samples")
    ap.add_argument("--warmup", type=float, default=3.0, help="minutes left out of the RSS slope")
    ap.add_argument("--query", default="", help="query string of the page")
    ap.add_argument("--json", help="write the samples and the summary to this file")
    args = ap.parse_args(argv)
    proc, url = start_server(free_port())
    SoakUser.host, SoakUser.mode, SoakUser.query, SoakUser.sessions = url, "browser", args.query, []
    try:
        warm_up(url)
        env = Environment(user_classes=[SoakUser])
        runner = env.create_local_runner()
        rss0 = rss_mb(proc.pid)
        runner.start(args.sessions, spawn_rate=args.sessions)
        t0 = time.monotonic()
        last = {"t": t0, "cpu": cpu_seconds(proc.pid), "redraws": {}, "epochs": {}}
        rows = []
        print(f"{args.sessions} sessions, {args.minutes:g} min, server RSS before {rss0:.0f} MB\n"
              "| minute | RSS MB | server CPU % | redraws/s per session (mean, min) | epochs/s per session | errors |\n"
              "|---:|---:|---:|---:|---:|---:|", flush=True)
        while time.monotonic() - t0 < 60 * args.minutes:
            gevent.sleep(args.every)
            r = sample(proc.pid, SoakUser.sessions, last, time.monotonic())
            rows.append(r)
            print(f"| {(r['t'] - t0) / 60:.1f} | {r['rss']:.0f} | {r['cpu']:.0f} | {r['redraws_mean']:.1f} "
                  f"({r['redraws_min']:.1f}) | {r['epochs_mean']:.0f} | {r['errors']} |", flush=True)
        for s in SoakUser.sessions:   # what went wrong while playing, before the sessions are stopped
            s["errors"] = s["errors"] + s["page"].errors if "page" in s else s["errors"]
            if "page" in s:
                s["page"].errors = []
        runner.quit()
    finally:
        stop_server(proc)
    steady = [r for r in rows if r["t"] - t0 >= 60 * args.warmup]
    rates = [r["redraws_mean"] for r in steady]
    summary = {"sessions": args.sessions, "minutes": args.minutes, "rss_before": rss0,
               "rss_after_warmup": steady[0]["rss"] if steady else float("nan"),
               "rss_end": rows[-1]["rss"] if rows else float("nan"),
               "rss_slope_mb_per_hour": slope_per_hour([r["t"] for r in steady], [r["rss"] for r in steady]),
               "redraws_mean": statistics.mean(rates) if rates else float("nan"),
               "redraws_sd": statistics.stdev(rates) if len(rates) > 1 else float("nan"),
               "errors": rows[-1]["errors"] if rows else 0}
    print("summary: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in summary.items()))
    for s in SoakUser.sessions:
        for e in s["errors"][:3]:
            print(f"  error: {e}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "samples": rows}, f, indent=1)
    return summary


if __name__ == "__main__":
    main()
