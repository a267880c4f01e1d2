"""`streamlit run app.py` with a probe: on SIGUSR1 the server runs a full garbage collection and says what it holds.

For bench/sessions_freed.py and tests/server/test_lifetime.py (the app does not use it). The probe appends one JSON
line to the file named by PROBE_OUT: RSS before and after the collection (MB), glibc's heap, RSS by kind of mapping, the
objects the collection freed, Python's allocated blocks, and how many Streamlit sessions (active, and disconnected
but kept for reconnection) and `Playground` objects are alive. Python runs the handler in the main thread (the
server's event loop) between two bytecodes. SIGUSR2 starts tracemalloc: later probes list the biggest allocations
made since. PROBE_REFERRERS=1 adds what keeps the first Playground alive; PROBE_MAPS=1 lists the 1-8 MB mappings.
Usage: PROBE_OUT=/path/probe.jsonl python bench/probed_server.py <port> [streamlit run options...]
"""
import ctypes
import gc
import json
import os
import signal
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]


def malloc_mb():
    """glibc's heap: (MB taken from the system with brk/arenas, MB of it in use, MB in mmapped blocks)."""
    try:
        f = ctypes.CDLL("libc.so.6").mallinfo2
        f.restype = _Mallinfo2
        m = f()
        return m.arena / 2**20, m.uordblks / 2**20, m.hblkhd / 2**20
    except (OSError, AttributeError):
        return None


def rss_by_mapping():
    """RSS in MB by kind of mapping (/proc/self/smaps): the brk heap, anonymous mappings by size class (1 MiB: pymalloc
    arenas; 64 MiB: glibc thread arenas; 8 MiB: thread stacks; others), files."""
    out, size, name = {}, 0, ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
            lo, hi = (int(x, 16) for x in head[0].split("-"))
            size, name = hi - lo, head[5] if len(head) > 5 else ""
        elif head[0] == "Rss:":
            if name.startswith("/"):
                kind = "files"
            elif name:
                kind = name
            else:
                mb = size / 2**20
                kind = ("anon <1M" if mb < 1 else "anon 1M" if mb <= 1.01 else "anon 1-8M" if mb < 8 else
                        "anon 8M" if mb <= 8.01 else "anon 8-64M" if mb < 64 else "anon >=64M")
            out[kind] = round(out.get(kind, 0) + int(head[1]) / 1024, 1)
            if os.environ.get("PROBE_MAPS") and kind == "anon 1-8M":
                out.setdefault("maps 1-8M", []).append(f"{lo:x} {size / 2**20:.2f}MB rss {int(head[1]) // 1024}MB")
    return out


def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sessions():
    """(active sessions, sessions kept for reconnection); (-1, -1) before the runtime exists."""
    try:
        from streamlit.runtime import Runtime

        mgr = Runtime.instance()._session_mgr
        return len(mgr.list_active_sessions()), len(mgr._session_storage.list())
    except Exception:   # noqa: BLE001 - no runtime yet
        return -1, -1


def held_by(obj, skip, depth=8):
    """A chain of referrers up to `depth` (what keeps a Playground alive), ignoring the objects in `skip`."""
    chain, seen = [], {id(obj)} | {id(o) for o in skip}
    for _ in range(depth):
        candidates, nxt = gc.get_referrers(obj), None
        seen.add(id(candidates))
        for r in candidates:
            if id(r) in seen or (type(r).__name__ == "frame" and r.f_code.co_filename == __file__):
                continue
            nxt = r
            break
        del candidates
        if nxt is None:
            break
        obj = nxt
        seen.add(id(obj))
        desc = type(obj).__name__
        if desc == "frame":
            desc += f" {obj.f_code.co_filename.rsplit('/', 2)[-1]}:{obj.f_lineno} {obj.f_code.co_name}"
        elif desc == "method":
            desc += f" {obj.__func__.__qualname__}"
        elif desc == "function":
            desc += f" {obj.__qualname__}"
        elif isinstance(obj, dict):
            desc += f" keys {list(obj)[:5]}"
        elif isinstance(obj, (list, tuple)):
            desc += f" of {len(obj)}: {[type(x).__name__ for x in obj[:4]]}"
        else:
            desc += f" {str(obj)[:60]}"
        chain.append(desc)
    return chain


def probe(signum=None, frame=None):
    before = rss_mb()
    alive = sum(type(o).__name__ == "Playground" for o in gc.get_objects())   # before the collection
    t = time.monotonic()
    freed = gc.collect()
    trimmed = False
    try:   # give freed heap pages back to the OS (glibc), as a long-running server would in time
        trimmed = bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        pass
    active, kept = sessions()
    heap = malloc_mb()
    playgrounds = sum(type(o).__name__ == "Playground" for o in gc.get_objects())
    line = {"t": time.time(), "rss_before_gc": before, "rss": rss_mb(), "gc_freed": freed, "trimmed": trimmed,
            "gc_ms": 1000 * (time.monotonic() - t), "active_sessions": active, "kept_sessions": kept,
            "playgrounds": playgrounds, "playgrounds_before_gc": alive,
            "python_blocks": sys.getallocatedblocks(), "threads": threading.active_count(), "heap_mb": heap,
            "rss_by_mapping": rss_by_mapping()}
    if tracemalloc.is_tracing():
        top = tracemalloc.take_snapshot().statistics("lineno")[:15]
        line["traced"] = [f"{st.size / 1024:.0f} kB in {st.count} blocks: {st.traceback[0]}" for st in top]
    if os.environ.get("PROBE_REFERRERS"):
        found = [o for o in gc.get_objects() if type(o).__name__ == "Playground"]
        line["held_by"] = held_by(found[0], [found]) if found else []
        del found
    with open(os.environ.get("PROBE_OUT", "probe.jsonl"), "a") as f:
        f.write(json.dumps(line) + "\n")


def main():
    port, rest = sys.argv[1], sys.argv[2:]
    signal.signal(signal.SIGUSR1, probe)
    signal.signal(signal.SIGUSR2, lambda *_: tracemalloc.start())   # trace what is allocated from now on
    os.chdir(ROOT)
    sys.argv = ["streamlit", "run", "app.py", "--server.port", port, "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false", *rest]
    from streamlit.web.cli import main as streamlit_main

    streamlit_main()


if __name__ == "__main__":
    main()
