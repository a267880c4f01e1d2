"""What the whole server process needs, set up by the first run of any page (`app.py`)."""
import threading

from playground.server import lifetime, playing

_once = threading.Lock()
_set_up = False


def set_up_server():
    """Closed tabs' sessions are freed (`lifetime`), NumPy's BLAS computes on the calling thread (`playing`); later
    runs return at once."""
    global _set_up
    with _once:
        if not _set_up:
            lifetime.start()
            playing.one_blas_thread()
            _set_up = True
