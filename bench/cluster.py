"""Several app replicas behind HAProxy on one machine, wired as docker-compose.yml wires them.

Compose runs N replicas of the app on the same port, each on its own address, and HAProxy with
deploy/haproxy.cfg finds them by asking Docker's DNS for the service's name. Here replica i listens on
127.0.0.(2+i):PORT, a small DNS server on loopback (`DnsStub`) answers the name with those addresses, and Debian's
haproxy runs the very same deploy/haproxy.cfg, pointed at the stub and the port by environment variables. Every
replica gets the same STREAMLIT_SERVER_COOKIE_SECRET, as in compose.

Used by tests/deploy/test_replicas.py and bench/replicas.py. No Locust here (it monkey-patches the interpreter).
"""
import csv
import io
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project: harness/, when run as a script
from harness.server import ROOT, spawn_server, stop_server, wait_healthy  # noqa: E402

HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
APP_HOST = "app"        # the replicas' DNS name (compose: the service's name)
BACKEND = "app"         # the backend in deploy/haproxy.cfg
COOKIE = "SERVERID"     # its stickiness cookie


class DnsStub:
    """A UDP DNS server on 127.0.0.1 that answers A queries for the names in `records` (name -> IPv4 list), as
    Docker's embedded DNS answers a compose service's name with its replicas' addresses; NXDOMAIN otherwise."""

    def __init__(self, records):
        self.records = {name.lower(): list(addrs) for name, addrs in records.items()}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.address = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.queries = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="dns-stub", daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                query, peer = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            reply = self.answer(query)
            if reply:
                self.queries += 1
                self.sock.sendto(reply, peer)

    def answer(self, query):
        """The reply to one DNS query (RFC 1035 message), or None for anything that is not one question."""
        if len(query) < 12:
            return None
        qid, flags, qdcount = struct.unpack(">HHH", query[:6])
        if qdcount != 1 or flags & 0x8000:
            return None
        labels, i = [], 12
        while i < len(query) and query[i]:
            n = query[i]
            if n & 0xC0:
                return None
            labels.append(query[i + 1:i + 1 + n].decode("ascii", "replace"))
            i += 1 + n
        if i + 5 > len(query):
            return None
        qtype = struct.unpack(">H", query[i + 1:i + 3])[0]
        question = query[12:i + 5]
        addrs = self.records.get(".".join(labels).lower())
        rcode = 3 if addrs is None else 0                       # NXDOMAIN for unknown names
        answers = addrs if addrs and qtype in (1, 255) else []  # A (or ANY); AAAA and others: no records
        header = struct.pack(">HHHHHH", qid, 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode, 1,
                             len(answers), 0, 0)
        records = b"".join(struct.pack(">HHHIH", 0xC00C, 1, 1, 5, 4) + socket.inet_aton(a) for a in answers)
        return header + question + records

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def port_free_on(addresses):
    """A TCP port free on every one of `addresses`."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind((addresses[0], 0))
            port = s.getsockname()[1]
        try:
            for a in addresses[1:]:
                with socket.socket() as s:
                    s.bind((a, port))
            return port
        except OSError:
            continue
    raise RuntimeError(f"no port free on all of {addresses}")


def haproxy_binary():
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if os.access(p, os.X_OK)), None)


class Cluster:
    """N replicas + DNS stub + HAProxy. `start()`, then `url` is the proxy; `stop()` ends everything (and deletes the
    logs, unless `log_dir` says where to keep them)."""

    def __init__(self, replicas=3, slots=None, log_dir=None):
        self.addresses = [f"127.0.0.{2 + i}" for i in range(replicas)]
        self.slots = slots or replicas + 1
        self.cookie_secret = secrets.token_hex(32)
        self.tmp = Path(tempfile.mkdtemp(prefix="nnpg-cluster-"))   # short: unix socket paths are limited
        self.log_dir = Path(log_dir) if log_dir else self.tmp
        self.socket_path = self.tmp / "haproxy.sock"
        self.procs = {}          # address -> replica process
        self.proxy = self.dns = None
        self.port = self.proxy_port = None
        self._proxy_env = {}
        self._logs = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.proxy_port}"

    def _log(self, name):
        f = open(self.log_dir / f"{name}.log", "w")
        self._logs.append(f)
        return f

    def start(self, timeout=90):
        if not haproxy_binary():
            raise FileNotFoundError("haproxy is not installed (scripts/install-debs.sh)")
        try:
            self.port = port_free_on(self.addresses)
            env = {"STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret}
            for a in self.addresses:   # all at once: each takes a few seconds to import and start
                self.procs[a] = spawn_server(self.port, a, self._log(f"replica-{a}"), env)
            for a, proc in self.procs.items():
                wait_healthy(proc, f"http://{a}:{self.port}", timeout)
            self.dns = DnsStub({APP_HOST: self.addresses})
            self.proxy_port = port_free_on(["127.0.0.1"])
            self._proxy_env = {"PROXY_BIND": f"127.0.0.1:{self.proxy_port}", "APP_HOST": APP_HOST,
                               "APP_PORT": str(self.port), "APP_SLOTS": str(self.slots),
                               "DNS_SERVER": self.dns.address, "HAPROXY_COOKIE_KEY": secrets.token_hex(16),
                               "HAPROXY_STATS_SOCKET": str(self.socket_path)}
            self._start_proxy()
            return self
        except BaseException:
            self.stop()
            raise

    def _start_proxy(self):
        self.proxy = subprocess.Popen(
            [haproxy_binary(), "-db", "-f", str(HAPROXY_CFG)], cwd=ROOT, stdout=self._log("haproxy"),
            stderr=subprocess.STDOUT, start_new_session=True, env=os.environ | self._proxy_env)
        self.wait_up(sum(p.poll() is None for p in self.procs.values()), timeout=30)

    def restart_proxy(self):
        """Stop HAProxy (every connection through it drops) and start it again with the same settings."""
        stop_server(self.proxy)
        self._start_proxy()

    def stop(self):
        if self.proxy is not None:
            stop_server(self.proxy)
            self.proxy = None
        for proc in self.procs.values():
            stop_server(proc)
        if self.dns is not None:
            self.dns.close()
            self.dns = None
        for f in self._logs:
            f.close()
        self._logs = []
        shutil.rmtree(self.tmp, ignore_errors=True)   # the socket, and the logs unless log_dir was given

    def kill(self, address):
        """Kill a replica outright (SIGKILL to its process group), as a crash or an OOM kill would."""
        proc = self.procs[address]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    # ---- HAProxy's view, from its stats socket --------------------------------------------------------------
    def command(self, cmd):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.socket_path))
            s.sendall(cmd.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def servers(self):
        """The backend's server slots in use: [{name, address, status, current, total, cookie}] (`show stat`)."""
        text = self.command("show stat").lstrip("# ")
        rows = []
        for r in csv.DictReader(io.StringIO(text)):
            if r["pxname"] != BACKEND or r["svname"] in ("BACKEND", "FRONTEND") or not r.get("addr"):
                continue
            rows.append({"name": r["svname"], "address": r["addr"].rsplit(":", 1)[0], "status": r["status"],
                         "current": int(r["scur"] or 0), "total": int(r["stot"] or 0), "cookie": r["cookie"]})
        return rows

    def wait_up(self, n, timeout=30):
        """Wait until n server slots are UP (resolved through the DNS stub and passing health checks)."""
        deadline, up = time.monotonic() + timeout, []
        while time.monotonic() < deadline:
            if self.proxy.poll() is not None:
                raise RuntimeError(f"haproxy exited with code {self.proxy.returncode}: {self.proxy_log()}")
            try:
                up = [s for s in self.servers() if s["status"] == "UP"]
            except OSError:
                up = []
            if len(up) >= n:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as r:
                    assert r.read().decode().strip() == "ok"
                return up
            time.sleep(0.2)
        raise RuntimeError(f"{len(up)} of {n} replicas UP in haproxy after {timeout} s: {self.proxy_log()}")

    def proxy_log(self, tail=3000):
        path = self.log_dir / "haproxy.log"
        return path.read_text()[-tail:] if path.exists() else ""

    def replica_of(self, cookie):
        """The address of the replica whose SERVERID cookie value is `cookie` (None if no slot has it)."""
        return next((s["address"] for s in self.servers() if s["cookie"] == cookie), None)
