"""Words for what training reports in numbers."""


def divergence_message(div):
    """The error shown when training diverged, from a `nn_core.Divergence`."""
    lr = "" if div.lr is None else f" (learning rate {div.lr:g} is too large for this setup)"
    return (f"Training diverged in epoch {div.epoch}: the {div.quantity} became infinite or NaN{lr}. Training "
            f"stopped and the model was rolled back to epoch {div.rolled_back_to}, its last finite state. Try a "
            "learning rate 10× smaller.")
