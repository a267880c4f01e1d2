"""The app served for a test or a benchmark: free ports, `streamlit run app.py` started in its own session and
waited for (`/_stcore/health`), stopped with its whole process group; a process's CPU time and RSS from /proc."""
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project: where app.py is."""
STARTUP_TIMEOUT = 60
"""Seconds for /_stcore/health to answer."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn_server(port, address="127.0.0.1", log=None, env=None, command=None, root=ROOT):
    """`streamlit run app.py` headless on address:port in its own session (not waited for); returns the process.
    `env` adds to this process's environment (e.g. STREAMLIT_SERVER_COOKIE_SECRET); `command`: another argv that
    serves the app on that port (e.g. bench/probed_server.py); `root`: the checkout whose app.py is served (another
    one: a benchmark against an earlier version)."""
    command = command or [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                          "--server.address", address, "--server.headless", "true",
                          "--browser.gatherUsageStats", "false"]
    return subprocess.Popen(command, cwd=root, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            start_new_session=True, env=None if env is None else os.environ | env)


def wait_healthy(proc, url, timeout=60):
    """Wait until the server at `url` answers /_stcore/health with ok; stop it and raise if it exits or does not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout} s")


def start_server(port, timeout=60, log=None, address="127.0.0.1", env=None, command=None, root=ROOT):
    """`streamlit run app.py` (or `command`) headless on address:port in its own session; returns (process, URL)."""
    proc = spawn_server(port, address, log, env, command, root)
    url = f"http://{address}:{port}"
    wait_healthy(proc, url, timeout)
    return proc, url


def stop_server(proc):
    """Terminate the server's process group (it runs in its own session), then make sure."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def cpu_seconds(pid):
    """User + system CPU time of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def save_json(path, result):
    """Write a benchmark's `result` to `path` as JSON (nothing when `path` is empty)."""
    if path:
        with open(path, "w") as f:
            json.dump(result, f, indent=1)


def rss_mb(pid):
    """Resident set size of a process in MB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextlib.contextmanager
def serve(timeout=STARTUP_TIMEOUT):
    """Serve app.py on a free port (IPv4 loopback only), yield its base URL, stop it afterwards. If it exits or does
    not answer in time, RuntimeError says so with what the server printed."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")
    proc = spawn_server(port, log=log)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(proc, url, timeout)
        except RuntimeError as why:
            log.seek(0)
            raise RuntimeError(f"{why}:\n{log.read()}") from None
        yield url
    finally:
        stop_server(proc)
        log.close()
