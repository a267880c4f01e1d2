"""Parameters as views into one flat buffer, so that an elementwise operation over all of them (plain SGD's
update, a finiteness check) is one NumPy call instead of one per array; at the playground's sizes NumPy's cost
per call is most of the work.

`flat_views(arrays)` copies arrays into one new buffer and returns views of it, one per array, in order.
`flat_buffer(arrays)` finds that buffer again (or None when the arrays are not such views), and `FlatLayout`
remembers the answer for the last list of arrays it was asked about. `Scratch` keeps one such set of views shaped
as a list of arrays (a training step writes its gradients there instead of into new arrays).
"""
from operator import is_

import numpy as np


def flat_views(arrays):
    """Copies of `arrays` as views into one new contiguous 1-D buffer, in order (the buffer is their `.base`)."""
    flat = np.concatenate([np.ravel(a) for a in arrays]) if len(arrays) else np.zeros(0)
    views, start = [], 0
    for a in arrays:
        size = np.size(a)
        views.append(flat[start:start + size].reshape(np.shape(a)))
        start += size
    return views


def _address(a):
    return a.__array_interface__["data"][0]


def flat_buffer(arrays):
    """The buffer that `arrays` tile exactly: each a C-contiguous view of it, one after the other in order,
    covering all of it. None if they do not."""
    if not len(arrays) or not isinstance(arrays[0], np.ndarray):
        return None
    flat = arrays[0].base
    if not isinstance(flat, np.ndarray) or flat.ndim != 1 or not flat.flags.c_contiguous:
        return None
    at = _address(flat)
    for a in arrays:
        if (not isinstance(a, np.ndarray) or a.base is not flat or a.dtype != flat.dtype
                or not a.flags.c_contiguous or _address(a) != at):
            return None
        at += a.nbytes
    return flat if at == _address(flat) + flat.nbytes else None


class FlatLayout:
    """`flat_buffer` of the last list of arrays asked about, remembered while the list holds the same arrays.

    Copies and pickles start empty (a deep copy of views is separate arrays, no longer views of a buffer)."""

    __slots__ = ("arrays", "flat")

    def __init__(self):
        self.arrays, self.flat = (), None

    def of(self, arrays):
        """`flat_buffer(arrays)`, looked up again only when `arrays` holds other arrays than last time."""
        known = self.arrays
        if len(arrays) != len(known) or not all(map(is_, arrays, known)):   # an array's base never changes
            self.arrays, self.flat = tuple(arrays), flat_buffer(arrays)
        return self.flat

    def __reduce__(self):
        return FlatLayout, ()

    def __repr__(self):      # a cache: its content is no part of its owner's state
        return "FlatLayout()"


class Scratch:
    """Views of one buffer shaped as the last list of arrays asked about (`like`), made again only when that list
    holds other arrays. Its content is whatever was last written there.

    Copies and pickles start empty: what it holds is no part of its owner's state."""

    __slots__ = ("arrays", "views")

    def __init__(self):
        self.arrays, self.views = (), None

    def like(self, arrays):
        """Views of one buffer, one per array of `arrays`, of the same shapes."""
        known = self.arrays
        if len(arrays) != len(known) or not all(map(is_, arrays, known)):
            self.arrays, self.views = tuple(arrays), flat_views([np.zeros(np.shape(a)) for a in arrays])
        return self.views

    def __reduce__(self):
        return Scratch, ()

    def __repr__(self):
        return "Scratch()"
