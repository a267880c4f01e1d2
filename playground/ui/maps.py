"""What the big map shows: the map picker (the decision boundary or one node's own map), and the live view's clicks
on a node (show its map) or a link (edit that weight), decoded from the browser's event."""
import streamlit as st

from playground.figures.neuronmap import neuron_title
from playground.ui.session import show

BOUNDARY = "boundary"


def _nodes(pg):
    return [BOUNDARY] + [(layer, unit) for layer, n in enumerate(pg.model.sizes) for unit in range(n)]


def _title(pg, node):
    if node == BOUNDARY:
        return "Network output (decision boundary)"
    c = pg.config
    return neuron_title(node[0], node[1], pg.model.n_layers, c.features, c.activation, c.head)


def select_node(view, node):
    """Show `node`'s map in place of the boundary (None or BOUNDARY: the boundary again); a neuron's bias
    becomes the weight editor's target. `View.fit` drops a node the network does not have."""
    ok = isinstance(node, tuple) and len(node) == 2 and all(type(v) is int for v in node)
    view.selected = node if ok else None
    if view.selected is not None and view.selected[0] > 0:
        view.edit = ("bias", view.selected[0], 1, view.selected[1] + 1)


def map_picker(pg, view, container):
    """A select box of what the big map shows: the decision boundary or one node's own map. Returns what it
    shows, so the live fragment can tell when a click in it changed the selection."""
    nodes = _nodes(pg)
    show("map_node", view.selected if view.selected in nodes else BOUNDARY)
    container.selectbox("Map shown", nodes, key="map_node", format_func=lambda n: _title(pg, n),
                        on_change=lambda: select_node(view, st.session_state["map_node"]),
                        help="The decision boundary, or any input's or neuron's output over the plane at full "
                             "size. Clicking a neuron in the network view does the same.")
    return view.selected


def _whole_numbers(value, n):
    """`value` as a tuple of `n` ints if it is a list of `n` whole numbers (a click's [layer, unit]...), else None."""
    if not (isinstance(value, list) and len(value) == n):
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() for v in value):
        return None
    return tuple(int(v) for v in value)


def clicked_node(view, value):
    """A click on a node of the network view: show its map (again: the boundary)."""
    node = _whole_numbers(value, 2)
    if node is not None:
        select_node(view, None if node == view.selected else node)


def clicked_link(view, value):
    """A click on a link of the network view: that weight becomes the editor's target (`View.fit` checks it)."""
    link = _whole_numbers(value, 3)
    if link is not None:
        view.edit = ("weight", *link)
        view.editor_open = True


def back_button(view):
    st.button("← Back to the network output", key="map_back", on_click=select_node, args=(view, None),
              help="Show the network's output (the decision boundary) again.")
