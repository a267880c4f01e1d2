"""Closed tabs give their memory back: N sessions play, close, and the server's RSS returns to where it was.

One server (bench/probed_server.py: `streamlit run app.py` that, on SIGUSR1, runs gc.collect() and malloc_trim and
reports RSS, sessions, Playground objects and Python's allocated blocks). A warm-up session plays and leaves; once it
is dropped, the RSS is the baseline. Then N sessions (bench/load.py's Locust users, over Streamlit's websocket
protocol) open the page, press Play, play for --play seconds and close their websockets, --rounds times. Streamlit
keeps a closed session for `server.disconnectedSessionTTL` seconds (.streamlit/config.toml) in case its browser
reconnects, and playground/server/lifetime.py frees it after that; the script waits until no session and no Playground
is left, then compares the RSS with the baseline (pass: within --tolerance).
Usage: .venv/bin/python bench/sessions_freed.py [--sessions 50] [--play 5] [--rounds 2] [--json out.json]
       PROBE_TRACE=1 ... (the server traces allocations made after the baseline; slower)
"""
import argparse
import json
import os
import signal
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

import gevent
from load import RUN_TIMEOUT, StreamlitUser, warm_up
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.server import ROOT, free_port, rss_mb, save_json, start_server, stop_server  # noqa: E402


def ttl():
    """server.disconnectedSessionTTL as .streamlit/config.toml sets it (Streamlit's default: 120 s)."""
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        return tomllib.load(f).get("server", {}).get("disconnectedSessionTTL", 120)


class Probe:
    """Asks the server for a probe (SIGUSR1) and reads its answer."""

    def __init__(self, proc, path):
        self.proc, self.path, self.seen = proc, path, 0

    def __call__(self, timeout=30):
        os.kill(self.proc.pid, signal.SIGUSR1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = open(self.path).read().splitlines() if os.path.exists(self.path) else []
            if len(lines) > self.seen:
                self.seen = len(lines)
                return json.loads(lines[-1])
            gevent.sleep(0.1)
        raise TimeoutError("the server did not answer the probe")


def active_sessions(url):
    """Active sessions as Streamlit's /_stcore/metrics reports them."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics?families=active_sessions", timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("active_sessions"):
                return int(float(line.split()[-1]))
    return -1


def play(url, n, seconds):
    """N sessions that open the page, press Play, play `seconds` and close. Returns their records."""
    StreamlitUser.host, StreamlitUser.mode, StreamlitUser.query, StreamlitUser.sessions = url, "wait", "", []
    env = Environment(user_classes=[StreamlitUser])
    runner = env.create_local_runner()
    runner.start(n, spawn_rate=n)
    deadline = time.monotonic() + RUN_TIMEOUT + n   # N first runs on a 2-core machine
    while time.monotonic() < deadline and sum(s["t0"] is not None or bool(s["errors"])
                                              for s in StreamlitUser.sessions) < n:
        gevent.sleep(0.2)
    gevent.sleep(seconds)
    runner.quit()   # kills the users: each closes its websocket
    return StreamlitUser.sessions


def wait_dropped(url, probe, limit):
    """Probe every 2 s until no session (active or kept) and no Playground is left on two probes in a row (a probe
    may come while the reaper is half-way), at most `limit` s. Returns the probes."""
    start, seen, streak = time.monotonic(), [], 0
    while True:
        p = probe()
        p["since_close"] = time.monotonic() - start
        p["metrics_active"] = active_sessions(url)
        seen.append(p)
        streak = streak + 1 if (p["active_sessions"], p["kept_sessions"]) == (0, 0) and p["playgrounds"] == 0 else 0
        if streak == 2 or time.monotonic() - start > limit:
            return seen
        gevent.sleep(2)


def one_round(i, url, proc, probe, args, base, keep):
    """N sessions play and close; returns the round's record (RSS with them, after they were dropped)."""
    t0 = time.monotonic()
    sessions = play(url, args.sessions, args.play)
    opened = time.monotonic() - t0
    errors = sum(len(s["errors"]) for s in sessions) + args.sessions - len(sessions)
    epochs = [(s.get("epoch") or 0) for s in sessions]
    peak = rss_mb(proc.pid)
    after = wait_dropped(url, probe, keep + 120)
    end = after[-1]
    freed = (end["active_sessions"], end["kept_sessions"]) == (0, 0) and end["playgrounds"] == 0
    r = {"round": i, "with_sessions_mb": peak, "after_mb": end["rss"], "after_before_gc_mb": end["rss_before_gc"],
         "ratio": end["rss"] / base["rss"], "dropped_after_s": end["since_close"], "freed": freed,
         "python_blocks": end["python_blocks"], "heap_mb": end["heap_mb"], "errors": errors,
         "epochs_min": min(epochs), "open_and_play_s": opened, "probes": after}
    r["ok"] = freed and r["ratio"] <= 1 + args.tolerance
    print(f"round {i}: {args.sessions} sessions played {args.play:g} s (min epoch {min(epochs)}, {errors} errors), "
          f"RSS {peak:.0f} MB; {'all' if freed else 'NOT all'} dropped {end['since_close']:.0f} s after closing; "
          f"RSS after gc {end['rss']:.0f} MB = {r['ratio']:.1%} of the baseline; Python blocks "
          f"{end['python_blocks']:,} (baseline {base['python_blocks']:,})", flush=True)
    for s in sessions:
        for e in s["errors"][:1]:
            print(f"  error: {e}")
    if args.verbose:
        for p in after:
            print(f"  t={p['since_close']:5.1f} s  active {p['active_sessions']:3d} (metrics "
                  f"{p['metrics_active']:3d})  kept {p['kept_sessions']:3d}  playgrounds {p['playgrounds']:3d}  "
                  f"RSS {p['rss_before_gc']:.0f} -> {p['rss']:.0f} MB  gc freed {p['gc_freed']}")
    return r


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--play", type=float, default=5.0, help="seconds each session plays before it closes")
    ap.add_argument("--rounds", type=int, default=1, help="open and close the N sessions this many times")
    ap.add_argument("--tolerance", type=float, default=0.10, help="allowed RSS above the baseline (0.10 = 10 %%)")
    ap.add_argument("--json", help="write the probes and the result to this file")
    ap.add_argument("--log", help="write the server's output to this file")
    ap.add_argument("--verbose", action="store_true", help="print every probe")
    args = ap.parse_args(argv)
    keep = ttl()
    out = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False).name
    log = open(args.log, "w") if args.log else None
    port = free_port()
    proc, url = start_server(port, log=log, env={**os.environ, "PROBE_OUT": out},
                             command=[sys.executable, "bench/probed_server.py", str(port)])
    probe = Probe(proc, out)
    try:
        warm_up(url)
        play(url, 1, 3.0)   # the Play path's modules and caches load once, as on any server that ran a while
        warm = wait_dropped(url, probe, keep + 60)
        base = warm[-1]
        print(f"server.disconnectedSessionTTL = {keep} s; baseline after a warm-up session was dropped: "
              f"{base['rss']:.0f} MB ({base['since_close']:.0f} s after it closed)", flush=True)
        if os.environ.get("PROBE_TRACE"):
            os.kill(proc.pid, signal.SIGUSR2)   # the server traces what the sessions allocate (slower)
        rounds = [one_round(i + 1, url, proc, probe, args, base, keep) for i in range(args.rounds)]
        result = {"sessions": args.sessions, "play_s": args.play, "ttl_s": keep, "baseline_mb": base["rss"],
                  "baseline": base, "rounds": rounds, "ok": all(r["ok"] for r in rounds)}
        print("PASS" if result["ok"] else "FAIL", flush=True)
        save_json(args.json, result)
        return result
    finally:
        stop_server(proc)
        if log:
            log.close()
        os.unlink(out)


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
