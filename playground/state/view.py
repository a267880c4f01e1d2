"""View state: what one user has selected, previews or is told, kept apart from the configuration (which is
in the URL) and from the model (which trains). Widgets read it; callbacks write it."""
from dataclasses import dataclass, field

PANELS = ("Gradients", "Units", "Weights")


@dataclass
class View:
    selected: tuple | None = None   # (layer, unit) whose map replaces the decision boundary; None = the output
    epoch: int | None = None        # the timeline snapshot on show; None = the live model
    edit: tuple = ("weight", 1, 1, 1)   # the weight editor's target: (kind, layer, from unit, to unit), 1-based
    editor_open: bool = False       # the weight editor is expanded
    panel: str | None = PANELS[0]   # the diagnostics chart shown; None = hidden
    messages: list = field(default_factory=list)   # (kind, text) to show once: kind is "warning" or "toast"
    draw: object = None             # the class (or regression value) a click on the big map draws; None = off
    drawn_click: tuple | None = None   # the last map click drawn, [x1, x2, n] (a click is drawn once)

    def say(self, text, kind="toast"):
        if text:
            self.messages.append((kind, text))

    def take_messages(self):
        """The messages not shown yet, once: a message is shown on one run, not on every later one."""
        out, self.messages = self.messages, []
        return out

    def fit(self, sizes, epochs):
        """Drop a selection, a preview or an edit target that the network `sizes` or the kept snapshots'
        `epochs` no longer have (after a rebuild, say), or that no control could have made (a tampered request)."""
        if self.selected is not None and not (_ints(self.selected, 2) and 0 <= self.selected[0] < len(sizes)
                                              and 0 <= self.selected[1] < sizes[self.selected[0]]):
            self.selected = None
        if self.epoch is not None and (self.epoch not in epochs or self.epoch == epochs[-1]):
            self.epoch = None
        edit = self.edit if isinstance(self.edit, tuple) and len(self.edit) == 4 else ()
        kind, layer, i, j = edit if edit and _ints(edit[1:], 3) else ("weight", 1, 1, 1)
        kind = kind if kind in ("weight", "bias") else "weight"
        if not 1 <= layer < len(sizes):
            layer = 1
        i = i if 1 <= i <= sizes[layer - 1] else 1
        j = j if 1 <= j <= sizes[layer] else 1
        self.edit = (kind, layer, i, j)


def _ints(values, n):
    return isinstance(values, tuple) and len(values) == n and all(type(v) is int for v in values)
