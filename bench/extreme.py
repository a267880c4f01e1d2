"""One extreme session among ordinary ones: how fast its Pause takes effect, and whether the others keep their rate.

The extreme setup asks for every cap at once: learning rate 10 with Adam, L2 rate 10, batch size 1 on 2,000 points,
8 hidden layers of 32 neurons (an epoch is 1,000 steps). One server; N ordinary sessions (bench/load.py's Locust
users, default setup, ticking as browsers do) play throughout, beside one more session that plays (windows of
--seconds each): first an ordinary one, then the extreme one (the same number of sessions, so the same pacing);
then the extreme session pauses --pauses times (play 3 s, press Pause): the time from sending Pause to the end of
the full run it starts (the page back with its Play button; training stops when that run's callback runs), and
when the Epoch read-out last moved (full runs every 0.3 s for 3 s after the Pause).
Usage: .venv/bin/python bench/extreme.py [--sessions 3] [--seconds 15] [--pauses 5] [--json out.json]
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import gevent
import websocket
from load import CONNECT_TIMEOUT, RUN_TIMEOUT, StreamlitUser, warm_up
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.protocol import PageState, rerun, stream_url  # noqa: E402
from harness.server import cpu_seconds, free_port, save_json, start_server, stop_server  # noqa: E402

EXTREME = "optimizer=adam&lr=10&reg=l2&reg_rate=10&batch=1&points=2000&layers=8&" + \
    "&".join(f"h{i}=32" for i in range(1, 9))

FORGOTTEN = 6.0
"""Seconds after its last tick that a session no longer counts as playing (playground.pacing.ACTIVE_FOR + 1)."""


class Tab:
    """The extreme session: a browser's ticking of the live fragment, and Play / Pause presses."""

    def __init__(self, url, query):
        self.ws = websocket.create_connection(stream_url(url), subprotocols=["streamlit"], timeout=CONNECT_TIMEOUT,
                                              suppress_origin=True)
        self.query, self.page = query, PageState()
        self.full_runs = []          # monotonic times of the ends of full (not fragment) runs
        self.ticking = False
        self.ws.settimeout(RUN_TIMEOUT)
        self.send()
        while self._read().WhichOneof("type") != "script_finished":
            pass
        self.receiver = gevent.spawn(self._receive)
        self.ticker = gevent.spawn(self._tick)

    def send(self, **kw):
        self.ws.send_binary(rerun(self.query, self.page.page_hash, cached=list(self.page.cache), **kw))

    def _read(self):
        msg = self.page.feed(self.ws.recv())
        if msg.WhichOneof("type") == "script_finished":
            if not msg.metadata.run.fragment_ids:
                self.full_runs.append(time.monotonic())
            self.page.finished(msg)
        return msg

    def _receive(self):
        while True:
            self._read()

    def _tick(self):
        """setInterval as the browser does: a rerun of the live fragment every interval, finished or not."""
        while True:
            fid = self.page.live_fragment
            interval = self.page.auto_reruns.get(fid)
            if self.ticking and interval:
                self.send(fragment_id=fid, auto=True)
                gevent.sleep(interval)
            else:
                gevent.sleep(0.02)

    def full_run(self, timeout=RUN_TIMEOUT, **kw):
        """Send a full rerun (a button press with `triggers`); seconds until its end."""
        n, start = len(self.full_runs), time.monotonic()
        self.send(**kw)
        while len(self.full_runs) == n:
            if time.monotonic() - start > timeout:
                raise TimeoutError("no full run finished")
            gevent.sleep(0.002)
        return self.full_runs[n] - start

    def play(self):
        self.full_run(triggers=[self.page.button_id("play")])
        self.ticking = True

    def pause(self):
        """Press Pause (the browser stops ticking when its full run starts); seconds until that run ended."""
        self.ticking = False
        return self.full_run(triggers=[self.page.button_id("pause")])

    def close(self):
        self.ticker.kill()
        self.receiver.kill()
        self.ws.close()


def epoch_still(tab, since, watch=3.0):
    """Seconds from `since` to the full run after which the Epoch read-out no longer moved (watched `watch` s)."""
    last, value = tab.full_runs[-1] - since, tab.page.epoch
    end = time.monotonic() + watch
    while time.monotonic() < end:
        gevent.sleep(0.3)
        tab.full_run()
        if tab.page.epoch != value:
            last, value = tab.full_runs[-1] - since, tab.page.epoch
    return last


def snapshot():
    return time.monotonic(), [(s["redraws"], s.get("t0")) for s in StreamlitUser.sessions]


def rates(a, b):
    """Redraws/s of each ordinary session between two snapshots."""
    dt = b[0] - a[0]
    return [(rb - ra) / dt for (ra, _), (rb, _) in zip(a[1], b[1])]


def summary(values):
    return {"mean": statistics.mean(values), "min": min(values)} if values else {"mean": 0.0, "min": 0.0}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=3, help="ordinary sessions playing throughout")
    ap.add_argument("--seconds", type=float, default=15.0, help="length of windows A and B")
    ap.add_argument("--pauses", type=int, default=5, help="Pause presses to time")
    ap.add_argument("--json", help="write the results to this file")
    args = ap.parse_args(argv)
    proc, url = start_server(free_port())
    try:
        warm_up(url)
        StreamlitUser.host, StreamlitUser.mode, StreamlitUser.query, StreamlitUser.sessions = url, "browser", "", []
        runner = Environment(user_classes=[StreamlitUser]).create_local_runner()
        runner.start(args.sessions, spawn_rate=args.sessions)
        deadline = time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline and sum(s["t0"] is not None for s in StreamlitUser.sessions) < args.sessions:
            gevent.sleep(0.1)
        windows = {}
        for name, query in (("beside_ordinary", ""), ("beside_extreme", EXTREME)):
            tab = Tab(url, query)
            tab.play()
            gevent.sleep(2)
            w0, e0, f0, c0 = snapshot(), tab.page.epoch, tab.page.frames, cpu_seconds(proc.pid)
            gevent.sleep(args.seconds)
            w1, e1, f1, c1 = snapshot(), tab.page.epoch, tab.page.frames, cpu_seconds(proc.pid)
            dt = w1[0] - w0[0]
            windows[name] = {**summary(rates(w0, w1)), "its_redraws_per_s": (f1 - f0) / dt,
                             "its_epochs_per_s": (e1 - e0) / dt, "server_cpu": 100 * (c1 - c0) / dt}
            if name == "beside_ordinary":
                tab.pause()
                tab.close()
                gevent.sleep(FORGOTTEN)
        latencies, stopped = [], []
        for i in range(args.pauses):
            if i:
                tab.play()
                gevent.sleep(3)
            sent = time.monotonic()
            latencies.append(tab.pause())
            stopped.append(epoch_still(tab, sent))
        tab.close()
        runner.quit()
        errors = [e for s in StreamlitUser.sessions for e in s["errors"]] + tab.page.errors
        result = {"sessions": args.sessions, "seconds": args.seconds, **windows, "pause_s": latencies,
                  "pause_max_s": max(latencies), "epoch_still_after_s": stopped, "errors": errors[:10]}
        for name, w in windows.items():
            print(f"{args.sessions} ordinary sessions {name.replace('_', ' ')}: {w['mean']:.1f} redraws/s each "
                  f"(min {w['min']:.1f}); it: {w['its_redraws_per_s']:.1f} redraws/s, {w['its_epochs_per_s']:.1f} "
                  f"epochs/s; server CPU {w['server_cpu']:.0f} %")
        print(f"extreme session: Pause's run took {', '.join(f'{s:.2f}' for s in latencies)} s; the Epoch read-out "
              f"last moved {', '.join(f'{s:.2f}' for s in stopped)} s after Pause; errors: {len(errors)}")
        save_json(args.json, result)
        return result
    finally:
        stop_server(proc)


if __name__ == "__main__":
    r = main()
    sys.exit(0 if max(r["pause_max_s"], *r["epoch_still_after_s"]) < 1.0 else 1)
