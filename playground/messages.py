"""The words the app says about what training did: read-out numbers, divergence, the stop epoch."""
import math


def number(value, digits=4):
    """A loss or metric as the read-outs show it: fixed point when readable, scientific when huge or tiny."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value != 0 and (abs(value) >= 1e5 or abs(value) < 10 ** -digits):
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}f}"


def counted(n, noun, plural=None):
    """``n`` and the noun, singular or plural as ``n`` asks: "1 point", "10 points", "2 weights"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def divergence_message(div, clipping=False):
    """The error shown when training diverged, from a `nn_core.Divergence`; it advises only controls the app has."""
    lr = "" if div.lr is None else f" (learning rate {div.lr:g} is too large for this setup)"
    text = (f"Training diverged in epoch {div.epoch:,}: the {div.quantity} became infinite or NaN{lr}. Training "
            f"stopped and the model was rolled back to epoch {div.rolled_back_to:,}, its last finite state. Try a "
            "learning rate 10× smaller")
    return text + (", or turn on Gradient clipping (under Training)." if not clipping else ".")


def stop_message(epoch):
    return (f"Paused at epoch {epoch:,}, as “Stop at epoch” asks. Press Play to go on: it will not stop here "
            "again (set a later epoch to stop there).")
