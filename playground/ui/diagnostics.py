"""The diagnostics panel: the gradient norms over time, the dead or saturated units, the weight histograms (the numbers
from `nn_core.diagnostics`, the figures from `figures.diagnostics`)."""
import numpy as np

from nn_core.diagnostics import layer_names, unit_health, weight_histograms
from playground.figures import diagnostics as diagfigs
from playground.figures.style import CHART_CONFIG as CHART
from playground.state.view import PANELS

PANEL_HELP = ("Diagnostics. Gradients: the gradient norm of each layer's weights over the epochs (vanishing "
              "gradients fall by decades in the early layers, exploding ones climb). Units: the share of dead "
              "ReLU / saturated sigmoid or tanh units per layer, now. Weights: a histogram of each layer's "
              "weights, now. Click the chosen one again to hide the diagnostics.")


def panel_or_none(value):
    """The diagnostics chart `value` names, None for none (or a name the control does not offer)."""
    return value if value in PANELS else None


def diagnostics(pg, container, panel):
    """One of the diagnostics charts (nothing for `panel` None), at most half the page wide."""
    if panel is None:
        return
    container, _ = container.columns(2)
    t = pg.trainer
    if panel == "Gradients":
        g = t.grad_norms
        container.plotly_chart(diagfigs.gradient_norm_figure(g.epochs(), g.weights(),
                                                             names=layer_names(pg.model.n_layers)),
                               config=CHART, key="grad_norms")
        container.caption("‖∂loss/∂W‖ of each layer's weights on the epoch's last mini-batch, before clipping, "
                          "on a log scale.")
    elif panel == "Units":
        with np.errstate(all="ignore"):
            health = unit_health(pg.model, t.X_train)
        container.plotly_chart(diagfigs.unit_health_figure(health), config=CHART, key="unit_health")
        rules = "; ".join(dict.fromkeys(diagfigs.rule_text(h) for h in health)) or "No hidden layers."
        container.caption(f"Over the {len(t.X_train)} training points. {rules}")
    elif panel == "Weights":
        container.plotly_chart(diagfigs.weight_histogram_figure(weight_histograms(pg.model), columns=3),
                               config=CHART, key="weight_hist")
        container.caption("Histogram of each layer's weights (biases not included); H1 is the first hidden "
                          "layer's incoming weights.")
