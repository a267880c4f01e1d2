"""Capacity through the proxy: N playing sessions spread by HAProxy (deploy/haproxy.cfg) over R replicas.

For each N a fresh cluster (bench/cluster.py: R `streamlit run app.py` processes, Debian's haproxy with the compose
configuration) is started, every replica is warmed up with one session, and bench/load.py plays N sessions through
the proxy (`--cookies`: each session GETs the page first and keeps the SERVERID cookie, as a browser does). Per N it
prints the sessions per replica, redraws/s and epochs/s per session (mean, min), errors, each replica's CPU % and
the RSS of all replicas (and per session). The load client runs in a child process (Locust's gevent patching stays
out of here) and shares the machine's cores with the replicas.
Usage: .venv/bin/python bench/replicas.py --replicas 2 --sessions 8,12,16,20 --seconds 15 [--json out.json]
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cluster import COOKIE, Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.server import ROOT, cpu_seconds, rss_mb  # noqa: E402

HEADER = ("| replicas | sessions | sessions per replica | redraws/s per session (mean, min) | epochs/s per session "
          "(mean, min) | errors | CPU % per replica | RSS MB (all replicas) | RSS per session MB | client CPU % "
          "| load average |\n"
          "|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|")


def run(replicas, n, args):
    cluster = Cluster(replicas).start()
    try:
        pids = {a: p.pid for a, p in cluster.procs.items()}
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "load.json"
            child = subprocess.Popen(
                [sys.executable, "bench/load.py", "--url", cluster.url, "--cookies", "--sessions", str(n),
                 "--seconds", str(args.seconds), "--spawn-rate", str(args.spawn_rate), "--json", str(out),
                 "--pid", ",".join(map(str, pids.values())),
                 "--warm", ",".join(f"http://{a}:{cluster.port}" for a in cluster.addresses)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            lines, cpu0, t0 = [], {}, None
            for line in child.stdout:
                lines.append(line)
                if line.startswith("window:"):
                    t0, cpu0 = time.monotonic(), {a: cpu_seconds(p) for a, p in pids.items()}
                    # the RSS is read by load.py; the split and the per-replica CPU here, in the same window
                    time.sleep(args.seconds * 0.95)
                    cpu = {a: 100 * (cpu_seconds(p) - cpu0[a]) / (time.monotonic() - t0) for a, p in pids.items()}
                    current = {s["address"]: s["current"] for s in cluster.servers()}
            child.wait(timeout=120)
            if child.returncode != 0 or t0 is None:
                raise RuntimeError("".join(lines))
            result = json.loads(out.read_text())["results"][0]
        split = collections.Counter(cluster.replica_of(s.get("cookies", {}).get(COOKIE))
                                    for s in result["per_session"])
        rss = {a: rss_mb(p) for a, p in pids.items()}
    finally:
        cluster.stop()
    return result | {"replicas": replicas, "loadavg": os.getloadavg()[0],
                     "split": {str(k): v for k, v in split.items()}, "connections": current,
                     "cpu_per_replica": cpu, "rss_per_replica": rss}


def row(r):
    split = " / ".join(str(v) for _, v in sorted(r["split"].items()))
    cpu = " / ".join(f"{v:.0f}" for _, v in sorted(r["cpu_per_replica"].items()))
    return (f"| {r['replicas']} | {r['sessions']} | {split} | {r['redraws_mean']:.1f} ({r['redraws_min']:.1f}) | "
            f"{r['epochs_mean']:.0f} ({r['epochs_min']:.0f}) | {r['errors']} | {cpu} | {r['rss']:.0f} | "
            f"{r['rss_per_session']:.1f} | {r['client_cpu']:.0f} | {r['loadavg']:.1f} |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--sessions", default="8,12,16,20", help="comma-separated N, run in sequence")
    ap.add_argument("--seconds", type=float, default=15.0, help="measured seconds per N")
    ap.add_argument("--spawn-rate", type=float, default=4.0, help="sessions started per second")
    ap.add_argument("--json", help="write the results (with per-session numbers) to this file")
    args = ap.parse_args(argv)
    results = []
    print(f"{args.replicas} replicas behind HAProxy, {args.seconds:g} s per N\n{HEADER}", flush=True)
    for n in [int(x) for x in args.sessions.split(",")]:
        results.append(run(args.replicas, n, args))
        print(row(results[-1]), flush=True)
        for s in results[-1]["per_session"]:
            for e in s["errors"][:3]:
                print(f"  error: {e}")
        redraws = [s["redraws"] / max(s["t1"] - s["t0"], 1e-9) for s in results[-1]["per_session"] if s["t0"]]
        if redraws:
            print(f"  redraws/s per session: median {statistics.median(redraws):.1f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"replicas": args.replicas, "seconds": args.seconds, "results": results}, f, indent=1)
    return results


if __name__ == "__main__":
    main()
