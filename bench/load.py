"""Load client: N playing sessions against one Streamlit server, over its websocket protocol, without a browser.

Each session (a Locust User) opens /_stcore/stream, runs the page, presses Play, then asks for the live fragment's
reruns: `--mode browser` every run_every interval as the browser does (whether or not a run is going), `--mode wait`
the next one only after the previous one finished. Per N it prints redraws/s and epochs/s per session, errors,
bytes per redraw, the server's CPU % and RSS. Protocol details: harness/protocol.py.
Behind a sticky proxy (deploy/haproxy.cfg) give `--cookies`: each session first GETs the page, as a browser does,
and sends the cookies it got (the proxy's SERVERID names the replica) on the websocket handshake.
Usage: .venv/bin/python bench/load.py --start --sessions 1,2,4,8 --seconds 15 [--mode wait] [--csv out/load]
       .venv/bin/python bench/load.py --url http://127.0.0.1:8501 --pid 1234 --sessions 4
       .venv/bin/python bench/load.py --url http://127.0.0.1:8080 --cookies --pid 1234,1235 --sessions 8
       locust -f bench/load.py --headless -H http://127.0.0.1:8501 -u 4 -r 4 -t 15s   (LOAD_MODE=wait for wait mode)
"""
import argparse
import http.cookiejar
import json
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import gevent
import locust  # noqa: F401  (importing locust applies gevent's monkey-patching: websocket-client becomes cooperative)
import websocket
from gevent.event import Event
from locust import User, task
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import PERCENTILES_TO_REPORT, StatsCSVFileWriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.protocol import EARLY, FRAGMENT_DONE, PageState, rerun, stream_url, warm_up  # noqa: E402
from harness.server import cpu_seconds, free_port, rss_mb, start_server, stop_server  # noqa: E402

CONNECT_TIMEOUT = 10   # seconds for the websocket handshake
RUN_TIMEOUT = 60       # seconds for the first run and the Play run (N sessions start at once on a small machine)
RECV_TIMEOUT = 30      # seconds without any message from the server before the session counts as lost
MAX_SECONDS = 3600     # no session plays longer than this, whatever stops it
PROGRESS_EVERY = 0.5   # seconds between a session's recorded (time, epoch, redraws) samples


class StreamlitUser(User):
    """One browser tab: page run, Play, then the live fragment's reruns until Locust stops it."""
    host = "http://127.0.0.1:8501"
    mode = os.environ.get("LOAD_MODE", "browser")
    query = ""
    cookies = False  # GET the page first and send its cookies on the websocket handshake (a sticky proxy)
    sessions = []  # one dict per session, read by the caller after the run

    def fire(self, name, start, length, exc=None):
        self.environment.events.request.fire(request_type="WS", name=name, response_time=(time.monotonic() - start)
                                             * 1000, response_length=length, exception=exc, context={})

    def error(self, what):
        self.r["errors"].append(what)
        self.r.setdefault("error_at", time.monotonic())
        self.fire("error", time.monotonic(), 0, RuntimeError(what))

    def send(self, fragment_id="", triggers=(), auto=False):
        cached = list(self.page.cache)
        self.ws.send_binary(rerun(self.query, self.page.page_hash, fragment_id, triggers, cached, auto))

    def run_to_end(self, name, **kw):
        """Send a rerun and read until its script_finished (what the page needs before Play can be pressed)."""
        start, n0 = time.monotonic(), self.page.bytes
        self.send(**kw)
        self.ws.settimeout(RUN_TIMEOUT)
        while time.monotonic() - start < RUN_TIMEOUT:
            if self.page.feed(self.ws.recv()).WhichOneof("type") == "script_finished":
                self.fire(name, start, self.page.bytes - n0)
                return
        raise TimeoutError(f"{name}: no script_finished within {RUN_TIMEOUT} s")

    def get_page(self):
        """GET the page as a browser does before it opens the websocket; its cookies as a Cookie header value
        (a sticky proxy's cookie there says which replica serves this session), recorded in the session's dict."""
        start, jar = time.monotonic(), http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{self.host.rstrip('/')}/" + (f"?{self.query}" if self.query else ""),
                         timeout=CONNECT_TIMEOUT) as resp:
            n = len(resp.read())
        self.fire("page", start, n)
        self.r["cookies"] = {c.name: c.value for c in jar}
        return "; ".join(f"{c.name}={c.value}" for c in jar) or None

    @task
    def play(self):
        self.page, self.r = PageState(), {"redraws": 0, "runs": 0, "early": 0, "errors": [], "t0": None,
                                          "progress": []}
        self.sessions.append(self.r)
        self.ws = None
        try:
            url = stream_url(self.host)  # refuses anything but loopback, before any request
            cookie = self.get_page() if self.cookies else None
            self.ws = websocket.create_connection(url, subprotocols=["streamlit"], cookie=cookie,
                                                  timeout=CONNECT_TIMEOUT, suppress_origin=True)
            if self.cookies:  # a proxy that moved the session to another replica would set a new cookie here
                self.r["ws_set_cookie"] = (self.ws.getheaders() or {}).get("set-cookie")
            self.run_to_end("page")
            play = self.page.button_id("play")
            if play is None:
                raise RuntimeError("no Play button in the first run")
            self.run_to_end("play", triggers=[play])
            if not self.page.live_fragment or self.page.live_fragment not in self.page.auto_reruns:
                raise RuntimeError("Play started no live fragment (no auto_rerun for the Epoch metric's fragment)")
            self.r.update(t0=time.monotonic(), epoch0=self.page.epoch, bytes0=self.page.bytes)
            self.loop()
        except gevent.GreenletExit:
            raise
        except Exception as e:  # a lost session is a result, not a crash of the whole run
            self.error(f"{type(e).__name__}: {e}"[:300])
        finally:
            self.r.update(t1=time.monotonic(), epoch=self.page.epoch, bytes=self.page.bytes)
            self.r["errors"].extend(self.page.errors)
            if self.ws is not None:
                self.ws.close()
        raise StopUser()

    def loop(self):
        """Receive in a greenlet; tick here, by the clock (browser) or after each finished run (wait)."""
        finished, pending = Event(), {}
        last = {"epoch": self.page.epoch, "bytes": self.page.bytes, "frames": self.page.frames}
        receiver = gevent.spawn(self.receive, finished, pending, last)
        due = {fid: time.monotonic() for fid in self.page.auto_reruns}
        end = time.monotonic() + MAX_SECONDS
        try:
            while not receiver.dead and time.monotonic() < end:
                now = time.monotonic()
                due.update({fid: now for fid in self.page.auto_reruns if fid not in due})
                if self.mode == "browser":
                    fid = min(due, key=due.get)
                    gevent.sleep(max(0.0, due[fid] - now))
                    if fid in self.page.auto_reruns:  # setInterval: a fixed cadence, no catching up
                        pending.setdefault(fid, time.monotonic())
                        self.send(fid, auto=True)
                        due[fid] = max(due[fid] + self.page.auto_reruns[fid], time.monotonic())
                    else:
                        due.pop(fid)
                    continue
                late = [f for f in due if f != self.page.live_fragment and due[f] <= now and f in self.page.auto_reruns]
                fid = late[0] if late else self.page.live_fragment
                due[fid] = now + self.page.auto_reruns.get(fid, 0)
                finished.clear()
                pending.setdefault(fid, time.monotonic())
                self.send(fid, auto=True)
                if not finished.wait(RECV_TIMEOUT):
                    self.error(f"no script_finished within {RECV_TIMEOUT} s of a fragment rerun")
                    pending.clear()
        finally:
            receiver.kill()
        if receiver.dead and isinstance(receiver.value, Exception):
            raise receiver.value

    def receive(self, finished, pending, last):
        """Read until the connection fails; the failure is returned (gevent would print it if raised)."""
        self.ws.settimeout(RECV_TIMEOUT)
        while True:
            try:
                msg = self.page.feed(self.ws.recv())
            except Exception as e:
                return e
            if msg.WhichOneof("type") != "script_finished":
                continue
            fids, now = list(msg.metadata.run.fragment_ids), time.monotonic()
            # A run whose messages were still queued when the next run started ends FINISHED_EARLY_FOR_RERUN: the
            # server dropped its deltas (the Epoch value then did not change), so both statuses count as a run.
            if msg.script_finished in (FRAGMENT_DONE, EARLY) and self.page.live_fragment in fids:
                self.r["runs"] += 1
                self.r["early"] += msg.script_finished == EARLY
                # frames the live view will draw (an app without the live-view component: a new Epoch value)
                frames = self.page.frames - last["frames"]
                self.r["redraws"] += frames if frames else int(self.page.epoch != last["epoch"])
                last["epoch"], last["frames"] = self.page.epoch, self.page.frames
                progress = self.r["progress"]
                if not progress or now - progress[-1][0] >= PROGRESS_EVERY:
                    progress.append([now, self.page.epoch, self.r["redraws"]])
                start = pending.get(self.page.live_fragment, now)
                self.fire("fragment", start, self.page.bytes - last["bytes"])
                last["bytes"] = self.page.bytes
            for fid in fids:
                pending.pop(fid, None)
            self.page.finished(msg)
            finished.set()


def summarize(n, sessions, cpu, rss, rss0, stats):
    """One table row: per-session rates (mean, min), errors, bytes per redraw, server CPU and memory."""
    rows = [s for s in sessions if s.get("t0") is not None]
    secs = [max(s["t1"] - s["t0"], 1e-9) for s in rows]
    redraws = [s["redraws"] / t for s, t in zip(rows, secs)] + [0.0] * (n - len(rows))
    epochs = [((s["epoch"] or 0) - (s["epoch0"] or 0)) / t for s, t in zip(rows, secs)] + [0.0] * (n - len(rows))
    nbytes = sum(s["bytes"] - s["bytes0"] for s in rows)
    frag = stats.get("fragment", "WS")
    return {"sessions": n, "redraws_mean": statistics.mean(redraws), "redraws_min": min(redraws),
            "epochs_mean": statistics.mean(epochs), "epochs_min": min(epochs),
            "errors": sum(len(s["errors"]) for s in sessions) + (n - len(sessions)),
            "kb_per_redraw": nbytes / 1024 / max(1, sum(s["redraws"] for s in rows)),
            "p50_ms": frag.get_response_time_percentile(0.5), "p95_ms": frag.get_response_time_percentile(0.95),
            "dropped": sum(s["early"] for s in rows) / max(1, sum(s["runs"] for s in rows)),
            "cpu": cpu, "rss": rss, "rss_per_session": (rss - rss0) / n, "per_session": sessions}


def _sum(read, pids):
    """read(pid) summed over pids; NaN if there are none or one has gone (a replica killed during the run)."""
    try:
        return sum(read(p) for p in pids) if pids else float("nan")
    except FileNotFoundError:
        return float("nan")


def run_n(n, url, pid, args, warm=None):
    """N sessions for args.seconds against url; the server's CPU and RSS are read from /proc/<pid> (a list of
    pids: their sum, e.g. every replica behind a proxy). `warm`: the URLs to warm up (default: url)."""
    pids = [p for p in (pid if isinstance(pid, (list, tuple)) else [pid]) if p]
    StreamlitUser.cookies = getattr(args, "cookies", False)
    StreamlitUser.host, StreamlitUser.mode, StreamlitUser.query = url, args.mode, args.query
    StreamlitUser.sessions = []
    env = Environment(user_classes=[StreamlitUser])
    runner = env.create_local_runner()
    writer = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, f"{args.csv}_{args.mode}_{n}") if args.csv else None
    csv_greenlet = gevent.spawn(writer) if writer else None
    for u in warm or [url]:
        warm_up(u)  # the app's modules load with the first session: the RSS baseline should include them
    rss0 = _sum(rss_mb, pids)
    client0 = sum(os.times()[:2])
    runner.start(n, spawn_rate=getattr(args, "spawn_rate", None) or n)
    deadline = time.monotonic() + RUN_TIMEOUT  # the window starts when every session plays (or has failed)
    while time.monotonic() < deadline and sum(s["t0"] is not None or bool(s["errors"])
                                              for s in StreamlitUser.sessions) < n:
        gevent.sleep(0.1)
    cpu0, t0 = _sum(cpu_seconds, pids), time.monotonic()
    print(f"window: {sum(s['t0'] is not None for s in StreamlitUser.sessions)} of {n} sessions playing at "
          f"{t0:.3f} (monotonic), measuring for {args.seconds:g} s", flush=True)
    gevent.sleep(args.seconds)
    cpu = 100 * (_sum(cpu_seconds, pids) - cpu0) / (time.monotonic() - t0)
    rss = _sum(rss_mb, pids)
    client = 100 * (sum(os.times()[:2]) - client0) / (time.monotonic() - t0)
    runner.quit()
    if writer:
        csv_greenlet.kill()
        writer.close_files()
    return summarize(n, StreamlitUser.sessions, cpu, rss, rss0, env.stats) | {"client_cpu": client}


HEADER = ("| sessions | redraws/s per session (mean, min) | epochs/s per session (mean, min) | errors | kB/redraw "
          "| fragment run p50 / p95 ms | runs dropped | server CPU % | server RSS MB | RSS per session MB "
          "| client CPU % |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def row(r):
    return (f"| {r['sessions']} | {r['redraws_mean']:.1f} ({r['redraws_min']:.1f}) | {r['epochs_mean']:.0f} "
            f"({r['epochs_min']:.0f}) | {r['errors']} | {r['kb_per_redraw']:.1f} | {r['p50_ms']:.0f} / "
            f"{r['p95_ms']:.0f} | {r['dropped']:.0%} | {r['cpu']:.0f} | {r['rss']:.0f} | {r['rss_per_session']:.1f} | "
            f"{r['client_cpu']:.0f} |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", default="1,2,4,8", help="comma-separated N, run in sequence")
    ap.add_argument("--seconds", type=float, default=15.0, help="measured seconds per N")
    ap.add_argument("--mode", choices=["browser", "wait"], default="browser")
    ap.add_argument("--start", action="store_true", help="start app.py on a free port (a fresh server per N)")
    ap.add_argument("--url", help="a running server's base URL (loopback only)")
    ap.add_argument("--pid", help="that server's process id, for CPU and RSS (comma-separated: their sum)")
    ap.add_argument("--warm", help="comma-separated base URLs to warm up with one session each before measuring "
                    "(default: the server's URL; behind a proxy: every replica's own URL)")
    ap.add_argument("--spawn-rate", type=float, help="sessions started per second (default: all at once)")
    ap.add_argument("--cookies", action="store_true",
                    help="GET the page first and send its cookies on the websocket (behind a sticky proxy)")
    ap.add_argument("--query", default="", help="query string of the page, e.g. netview=false")
    ap.add_argument("--csv", help="prefix for Locust's CSV files (one set per N)")
    ap.add_argument("--json", help="write the results (with per-session numbers) to this file")
    ap.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                    help="with --start: an environment variable for the server only (repeatable), e.g. "
                    "MALLOC_ARENA_MAX=2")
    args = ap.parse_args(argv)
    if not args.start and not args.url:
        ap.error("give --start or --url")
    if args.url:
        stream_url(args.url)  # refuses anything but loopback before any load
    results = []
    print(f"mode {args.mode}, {args.seconds:g} s per N\n{HEADER}", flush=True)
    for n in [int(x) for x in args.sessions.split(",")]:
        proc = None
        if args.start:
            proc, url = start_server(free_port(), env=dict(kv.split("=", 1) for kv in args.server_env))
            pid = proc.pid
        else:
            url, pid = args.url, [int(p) for p in args.pid.split(",")] if args.pid else None
        try:
            results.append(run_n(n, url, pid, args, warm=args.warm.split(",") if args.warm else None))
        finally:
            if proc is not None:
                stop_server(proc)
        print(row(results[-1]), flush=True)
        for s in results[-1]["per_session"]:
            for e in s["errors"][:3]:
                print(f"  error: {e}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"mode": args.mode, "seconds": args.seconds, "results": results}, f, indent=1)
    return results


if __name__ == "__main__":
    main()
