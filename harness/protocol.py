"""Streamlit's browser protocol, without a browser: what a load client (bench/load.py) or a test needs to play one
session.

The browser opens a websocket at /_stcore/stream (subprotocol "streamlit") and sends `BackMsg` protobufs; the server
answers with `ForwardMsg` protobufs. A run is asked for with `BackMsg.rerun_script` (a `ClientState`: query_string,
widget_states, page_script_hash, fragment_id, is_auto_rerun, cached_message_hashes) and ends with
`ForwardMsg.script_finished`. A button press is a rerun whose widget_states hold `trigger_value=True` for the button's
id. A `run_every` fragment sends `ForwardMsg.auto_rerun` (interval, fragment_id); the browser then sends a rerun with
that fragment_id every interval (`stop_auto_rerun` ends it). Large messages are `cacheable`: the browser lists the
hashes it holds, and the server then sends only a `ref_hash` in their place.
"""
import ipaddress
import struct
import time
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FRAGMENT_DONE = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # the next run started before this one's messages were sent
CACHE_AGE = 2  # finished runs a cached message outlives its last use (server option global.maxCachedMessageAge)


def is_loopback(host):
    """localhost, or an address in 127.0.0.0/8 or ::1."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def stream_url(url):
    """The websocket URL for an http(s) base URL; anything but a loopback host is refused."""
    parts = urlsplit(url)
    if not is_loopback(parts.hostname or ""):
        raise ValueError(f"refusing {url!r}: only loopback (127.0.0.0/8, localhost, ::1) may be loaded")
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


def rerun(query_string="", page_hash="", fragment_id="", triggers=(), cached=(), auto=False):
    """A serialized `BackMsg.rerun_script`, as the browser's sendRerunBackMsg builds it."""
    msg = BackMsg()
    cs = msg.rerun_script
    cs.query_string, cs.page_script_hash, cs.fragment_id, cs.is_auto_rerun = query_string, page_hash, fragment_id, auto
    for wid in triggers:
        w = cs.widget_states.widgets.add()
        w.id, w.trigger_value = wid, True
    cs.cached_message_hashes.extend(cached)
    return msg.SerializeToString()


class PageState:
    """What one session has seen so far: fed every ForwardMsg by `feed`, which returns the message."""

    def __init__(self):
        self.page_hash = ""
        self.buttons = {}          # widget id -> label
        self.epoch = None          # the Epoch metric's value
        self.frames = 0            # frames the live view was sent (a payload holds one or a batch)
        self.live_fragment = ""    # the fragment that draws the Epoch metric
        self.auto_reruns = {}      # fragment id -> interval in seconds
        self.errors = []
        self.bytes = 0
        self.cache = {}            # hash -> [ForwardMsg, run last used in, fragment id], for ref_hash messages
        self.runs = 0              # finished runs, for the cache's age

    def feed(self, data):
        self.bytes += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            entry = self.cache.get(msg.ref_hash)
            if entry is None:
                self.errors.append(f"ref_hash {msg.ref_hash} not in cache")
                return msg
            entry[1] = self.runs
            msg, kind = entry[0], entry[0].WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            if msg.hash in self.cache:
                self.cache[msg.hash][1] = self.runs
            else:
                self.cache[msg.hash] = [msg, self.runs, msg.delta.fragment_id if kind == "delta" else ""]
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind in ("new_session", "navigation"):
            self.page_hash = getattr(msg, kind).page_script_hash or self.page_hash
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.errors.append(f"compile error: {msg.session_event.script_compilation_exception.message}")
        elif kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.errors.append("script finished with a compile error")
        return msg

    def prune(self, fragment_ids=(), status=None):
        """After a finished run, as the browser's ForwardMsgCache does: unless the run ended early for the next one,
        count it and forget cached messages not used in the last CACHE_AGE runs, of the run's own fragments only
        (a full run: all of them)."""
        if status == EARLY:
            return
        self.runs += 1
        self.cache = {h: e for h, e in self.cache.items()
                      if self.runs - e[1] <= CACHE_AGE or (fragment_ids and e[2] not in fragment_ids)}

    def finished(self, msg):
        """`prune` after the `script_finished` message `msg`, with its run's fragments and status (as the browser's
        ForwardMsgCache: a fragment's run ages only that fragment's cached messages)."""
        self.prune(list(msg.metadata.run.fragment_ids), msg.script_finished)

    def _element(self, el, fragment_id):
        kind = el.WhichOneof("type")
        if kind == "button":
            self.buttons[el.button.id] = el.button.label
        elif kind == "metric" and el.metric.label == "Epoch":
            self.epoch = int(el.metric.body.replace(",", "").strip() or 0)
            self.live_fragment = fragment_id or self.live_fragment
        elif kind == "bidi_component" and el.bidi_component.component_name == "nn_live_view":
            data = el.bidi_component.bytes
            self.frames += struct.unpack_from("<I", data, 4)[0] if data[:4] == b"NNLB" else 1
        elif kind == "exception":
            self.errors.append(f"exception: {el.exception.type}: {el.exception.message}"[:300])

    def button_id(self, key):
        """The id of the button created with `key=key` (Streamlit puts the key at the end of the id)."""
        ids = [wid for wid in self.buttons if wid.endswith(f"-{key}") or key in wid]
        return ids[0] if ids else None


def warm_up(url, timeout=60):
    """One session that runs the page once and leaves."""
    ws = websocket.create_connection(stream_url(url), subprotocols=["streamlit"], timeout=timeout,
                                     suppress_origin=True)
    try:
        ws.send_binary(rerun())
        page, end = PageState(), time.monotonic() + timeout
        while time.monotonic() < end and page.feed(ws.recv()).WhichOneof("type") != "script_finished":
            pass
    finally:
        ws.close()
