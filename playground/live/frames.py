"""What one frame of the live view shows: the big map (the decision boundary, or the selected node's own map), the
loss curve and the network view, as the raw figure dicts the feed packs (`feed.Feed`)."""
from playground.figures.boundary import boundary_figure
from playground.figures.loss import loss_figure
from playground.figures.network.figure import network_figure
from playground.figures.neuronmap import neuron_map_figure

NETVIEW_WIDTH = 900


def main_figure(pg, view, grid, raw=False):
    """The big map: the decision boundary, or the selected node's own map."""
    c = pg.config
    if view.selected is None:
        return boundary_figure(grid, pg.task, pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                               n_classes=pg.n_classes, show_test=c.show_test, discretize=c.discretize, head=c.head,
                               class_names=pg.class_names, raw=raw)
    layer, unit = view.selected
    return neuron_map_figure(grid, layer, unit, activation=c.activation, head=c.head, feature_names=c.features,
                             task=pg.task, n_classes=pg.n_classes, X_train=pg.X_train, y_train=pg.y_train,
                             X_test=pg.X_test, y_test=pg.y_test, show_test=c.show_test, raw=raw)


def live_figures(pg, view, grid, net=None):
    """The live view's three charts for this tick: ``{"main", "loss", "net"}`` (``net`` None when hidden).
    ``net``: a network figure to show again instead of building one (a frame that leaves the network view as it
    is; the browser then redraws only the boundary and the loss)."""
    c = pg.config
    h = pg.trainer.history
    figures = {"main": main_figure(pg, view, grid, raw=True),
               "loss": loss_figure(h.column("epoch"), h.column("train_loss"), h.column("test_loss"),
                                   log_y=c.log_loss, marker=view.epoch, height=300, zoom=True, raw=True),
               "net": None}
    figures["main"]["layout"]["meta"] = {"draw": view.draw is not None}   # a click on the map draws (live.js)
    shown = c.netview and "network" not in c.hide
    if shown and net is not None:
        figures["net"] = net
    elif shown:
        with pg.showing(view.epoch):
            figures["net"] = network_figure(pg.model, grid, c.features, selected=view.selected,
                                            width=NETVIEW_WIDTH, activation=c.activation, head=c.head, compact=True,
                                            raw=True)
    return figures
