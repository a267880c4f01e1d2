"""How long a closed tab's session lives on the server, and how its memory goes back.

When a browser's websocket closes, Streamlit (1.67) keeps the session, with its session state (our `Playground`:
data, trainer, timeline), in a TTL cache for ``server.disconnectedSessionTTL`` seconds (.streamlit/config.toml), so
that a browser that reconnects after a network blip finds its model again. It drops an expired entry only when it
next writes to that cache, i.e. when another session disconnects, and then without shutting the session down: on a
server that goes quiet, every session of the last class stays in memory. `start` runs a daemon thread that every
``REAP_EVERY`` seconds asks the server's event loop to drop the expired entries and shut their sessions down (as
Streamlit's own `close_session` does for a stored session), collect the cycles they leave and give the freed heap
back to the system (glibc's ``malloc_trim``).

`start` also caps glibc's malloc arenas at ``ARENAS``. Each session's runs are threads, and glibc gives threads up
to 8 arenas per core, each keeping the fragments of what it held; with two, about 40 MB less stays behind after a
class left (see the bench). It costs no CPU a frame (a fixed mmap threshold, tried too, cost 18-25 %). The image
and `make run` also set MALLOC_ARENA_MAX=2 and PYTHONMALLOC=malloc in the server's environment (only the environment
can: the first arenas and Python's allocator exist before the app runs): with them a class's memory comes back to
within 5-7 % of the level before it.
Measured in bench/README.md ("Closed tabs give their memory back"). Streamlit internals and glibc are used with
care: where they are missing (AppTest, another Streamlit version, another libc) nothing happens.
"""
import ctypes
import gc
import logging
import os
import threading
import time

REAP_EVERY = 5.0
"""Seconds between two looks for expired sessions: a closed tab is freed at most this long after its TTL."""
ARENAS = 2
"""glibc malloc arenas, at most (mallopt M_ARENA_MAX; the environment's MALLOC_ARENA_MAX, when set, is kept).
Arenas that exist already when the first session starts stay, and threads share them past the cap."""
_M_ARENA_MAX = -8   # mallopt's parameter number (glibc's malloc.h)

_started = threading.Lock()
_thread = None
_log = logging.getLogger(__name__)


def _libc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None


def cap_arenas():
    """At most ARENAS malloc arenas from now on; False where glibc is not, or MALLOC_ARENA_MAX decides."""
    libc = _libc()
    if libc is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return bool(libc.mallopt(_M_ARENA_MAX, ARENAS))


def _trim():
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def _manager():
    """The runtime's session manager, or None outside a Streamlit server."""
    try:
        from streamlit.runtime import Runtime

        return Runtime.instance()._session_mgr if Runtime.exists() else None
    except Exception:   # noqa: BLE001 - another Streamlit version: nothing to reap
        return None


def reap(manager=None):
    """Drop the disconnected sessions whose TTL has passed, shut them down and free their memory; returns how many.
    Runs on the server's event loop (where Streamlit connects and disconnects sessions)."""
    mgr = manager or _manager()
    try:
        with mgr._storage_lock:
            expired = mgr._session_storage._cache.expire()
    except Exception:   # noqa: BLE001 - not the storage we know: leave it to Streamlit
        return 0
    n = len(expired)
    while expired:
        _shut_down(expired.pop()[1])   # (no local name keeps a session alive past the collection below)
    if n:
        gc.collect()   # a session's objects hold reference cycles: without a collection they wait for the next one
        _trim()
    return n


def _shut_down(info):
    """Shut an expired session down and empty its session state and fragments: Streamlit's event loop may keep the
    last session it sent messages for (a local variable of its loop) until it sends to another one; emptied, that
    session holds next to nothing."""
    try:
        info.session.shutdown()
        state = info.session.session_state
        state.clear()
        state._new_widget_state.widget_metadata.clear()   # (clear() keeps the widgets' callbacks: pg.play...)
        info.session._fragment_storage.clear()   # the fragments' functions, whose globals hold the page's `pg`
    except Exception:   # noqa: BLE001 - one session's shutdown must not stop the others'
        _log.exception("shutting down an expired session failed")


def _loop(manager, loop):
    while not loop.is_closed():
        time.sleep(REAP_EVERY)
        try:
            loop.call_soon_threadsafe(reap, manager)
        except RuntimeError:   # the loop closed: the server stopped
            return


def start():
    """Start the reaper once per server process (a no-op when it runs, or outside a Streamlit server)."""
    global _thread
    with _started:
        if _thread is not None:
            return
        mgr = _manager()
        try:
            from streamlit.runtime import Runtime

            loop = Runtime.instance()._get_async_objs().eventloop
        except Exception:   # noqa: BLE001 - no server event loop (AppTest)
            return
        if mgr is None:
            return
        cap_arenas()
        _thread = threading.Thread(target=_loop, args=(mgr, loop), name="session-reaper", daemon=True)
        _thread.start()
