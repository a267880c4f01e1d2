"""Several app replicas behind HAProxy, for real: Debian's haproxy runs deploy/haproxy.cfg (the file compose uses) in
front of three `streamlit run app.py` processes sharing one cookie secret (bench/cluster.py wires them as compose does,
a DNS stub standing in for Docker's DNS).

- In Chromium: a page through the proxy. The proxy restarts: the browser reconnects, by its cookie, to the same
  replica and the same session (nothing lost). The replica serving it is killed: Streamlit's reconnect UI shows,
  the proxy sends the browser to a live replica, and the page works again (a new session there).
- Load (bench/load.py in a child process, as tests/server/test_load.py explains): sessions that GET the page first get
  the proxy's SERVERID cookie, every websocket lands on its cookie's replica, the sessions are spread over the replicas,
  none errors; a replica is killed mid-run: its sessions lose their connection, the others keep playing untouched.

The browser test runs first on purpose: the replica it is moved to has served no session yet (as after a restart or a
scale-up), which is when a reconnect used to land on Streamlit's pages/-directory fallback.
"""
import collections
import json
import os
import re
import subprocess
import sys
import time

import pytest

from harness.browser import TIMEOUT_MS
from harness.server import ROOT

sys.path.insert(0, str(ROOT / "bench"))
try:
    from cluster import COOKIE, Cluster, haproxy_binary
finally:
    sys.path.remove(str(ROOT / "bench"))

FIRST_RUN_MS = 30_000
APP = '[data-testid="stApp"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'
SESSIONS, SPAWN_RATE, WINDOW, KILL_AFTER = 6, 3, 12, 4   # load: sessions, per second, seconds measured, kill at


@pytest.fixture(scope="module")
def cluster():
    if not haproxy_binary():
        if os.environ.get("CI"):
            pytest.fail("haproxy is missing in CI: scripts/install-debs.sh should have installed it")
        pytest.skip("haproxy not installed (run `bash scripts/install-debs.sh`)")
    c = Cluster(replicas=3)
    c.start()
    yield c
    c.stop()


def settle(page):
    from playwright.sync_api import expect

    expect(page.locator('[data-test-script-state="notRunning"]')).to_be_attached(timeout=FIRST_RUN_MS)
    expect(page.locator(".stElementContainer[data-stale='true']")).to_have_count(0)


RECORD_CONNECTION = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.connectionStates = [app.getAttribute("data-test-connection-state")];
    new MutationObserver(() => window.connectionStates.push(app.getAttribute("data-test-connection-state")))
        .observe(app, {attributes: true, attributeFilter: ["data-test-connection-state"]});
}"""


def record_connection(page):
    """From now on, the page records every connection state it shows (window.connectionStates)."""
    page.evaluate(RECORD_CONNECTION)


def reconnected(page, timeout=30):
    """Wait until the page has shown another connection state and is CONNECTED again; the states it showed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = page.evaluate("window.connectionStates")
        if len(set(states)) > 1 and states[-1] == "CONNECTED":
            return states
        time.sleep(0.1)
    raise AssertionError(f"not reconnected within {timeout} s: {page.evaluate('window.connectionStates')}")


def logs(cluster):
    return "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(cluster.log_dir.glob("*.log")))


def test_a_killed_replicas_browser_reconnects_to_a_live_one(cluster, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1500, "height": 1000}, base_url=cluster.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    epoch = page.locator(METRIC_VALUE).first
    step = page.locator(".st-key-step button").first
    nav = page.locator('[data-testid="stSidebarNav"]')
    try:
        # A deep link as the first visit of a fresh replica: the app's own navigation, not a page per file.
        page.goto("/inside_step")
        expect(page.locator(f'{APP}[data-test-connection-state="CONNECTED"]')).to_be_attached(timeout=FIRST_RUN_MS)
        expect(nav).to_contain_text("Inside one step", timeout=FIRST_RUN_MS)
        expect(nav).to_contain_text("Playground")
        nav.locator("a", has_text="Playground").click()
        expect(epoch).to_have_text("0", timeout=FIRST_RUN_MS)
        for n in (1, 2):
            step.click()
            expect(epoch).to_have_text(str(n))
        cookie = {c["name"]: c["value"] for c in context.cookies()}[COOKIE]
        serving = cluster.replica_of(cookie)
        assert serving in cluster.addresses, (cookie, cluster.servers())

        # The connection drops (the proxy restarts): the cookie brings the browser back to the same replica, where
        # Streamlit reattaches it to the same session (server.disconnectedSessionTTL): nothing is lost.
        record_connection(page)
        cluster.restart_proxy()
        states = reconnected(page)
        assert {"PINGING_SERVER", "CONNECTING"} & set(states), states
        settle(page)
        expect(epoch).to_have_text("2")
        step.click()
        expect(epoch).to_have_text("3")   # the same session: its callbacks are there, the first click steps
        assert {c["name"]: c["value"] for c in context.cookies()}[COOKIE] == cookie

        # The replica dies: the page shows Streamlit's reconnect UI, then the proxy sends it to a live replica.
        record_connection(page)
        cluster.kill(serving)
        states = reconnected(page)
        assert {"PINGING_SERVER", "CONNECTING"} & set(states), (states, logs(cluster))   # the reconnect UI

        # A new session on another replica. Streamlit reruns the page at the reconnect only if it was running or
        # playing; an idle page (still showing epoch 3) is redrawn by the next interaction, which runs in the new
        # session (where no button callback is registered yet, so that first Step draws the page from the URL's
        # setup at epoch 0, or steps once when the page was already rerun). Then the page works: one Step, one
        # more epoch.
        step.click()
        expect(epoch).to_have_text(re.compile(r"^[01]$"), timeout=FIRST_RUN_MS)
        settle(page)
        now = int(epoch.inner_text())
        step.click()
        expect(epoch).to_have_text(str(now + 1))
        settle(page)
        expect(nav).to_contain_text("Playground")          # the app's own navigation (not a page per file)
        expect(nav).to_contain_text("Inside one step")
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        assert errors == []
        moved = {c["name"]: c["value"] for c in context.cookies()}[COOKIE]
        assert moved != cookie
        assert cluster.replica_of(moved) in set(cluster.addresses) - {serving}
    finally:
        context.close()


def test_sessions_stick_to_one_replica_spread_and_survive_a_replica_kill(cluster, tmp_path):
    live = [a for a in cluster.addresses if cluster.procs[a].poll() is None]
    assert len(live) >= 2, "the browser test leaves two live replicas"
    cluster.wait_up(len(live))
    out = tmp_path / "load.json"
    child = subprocess.Popen(
        [sys.executable, "bench/load.py", "--url", cluster.url, "--cookies", "--sessions", str(SESSIONS),
         "--spawn-rate", str(SPAWN_RATE), "--seconds", str(WINDOW), "--json", str(out),
         "--pid", ",".join(str(cluster.procs[a].pid) for a in live)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        for line in child.stdout:     # bench/load.py prints "window: ..." once every session plays
            output.append(line)
            if line.startswith("window:"):
                break
        assert output and output[-1].startswith(f"window: {SESSIONS} of {SESSIONS}"), "".join(output)
        time.sleep(KILL_AFTER)
        before = {s["cookie"]: s for s in cluster.servers() if s["address"] in live}
        victim = max(before.values(), key=lambda s: s["current"])
        killed_at = time.monotonic()
        cluster.kill(victim["address"])
        rest, _ = child.communicate(timeout=WINDOW + 60)
        output.append(rest)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, "".join(output)
    sessions = json.loads(out.read_text())["results"][0]["per_session"]
    assert len(sessions) == SESSIONS

    # Sticky: every session got a SERVERID, its websocket was not moved (no new cookie on the handshake), and the
    # proxy's open connections per replica are exactly the sessions holding that replica's cookie.
    cookies = [s["cookies"].get(COOKIE) for s in sessions]
    assert all(cookies), cookies
    assert all(COOKIE not in (s.get("ws_set_cookie") or "") for s in sessions), [s.get("ws_set_cookie")
                                                                                 for s in sessions]
    assert collections.Counter(cookies) == {c: s["current"] for c, s in before.items() if s["current"]}, before
    # Spread over the live replicas.
    assert set(cookies) == set(before), (cookies, before)

    for s, cookie in zip(sessions, cookies):
        progress = s["progress"]
        assert progress and progress[0][0] < killed_at, s     # playing before the kill
        if cookie == victim["cookie"]:   # the killed replica's sessions: connection lost, at the kill
            assert s["errors"], s
            assert killed_at <= s["error_at"] < killed_at + 10, (s["error_at"] - killed_at, s["errors"])
        else:                            # the others: no error, and still advancing after it
            assert s["errors"] == [], s["errors"]
            after = [p for p in progress if p[0] > killed_at]
            at_kill = max((p for p in progress if p[0] <= killed_at), key=lambda p: p[0])
            assert after and after[-1][1] > at_kill[1] and after[-1][2] > at_kill[2], (at_kill, after)
            assert after[-1][0] > killed_at + WINDOW - KILL_AFTER - 2, "stopped advancing before the end"
            gaps = [b[0] - a[0] for a, b in zip([at_kill] + after, after)]
            assert max(gaps) < 3, gaps
