"""Reading Streamlit's ``on_select`` payloads of Plotly charts: which node of the network diagram, which data
point of a scatter was clicked. Pure functions of the payload (no Streamlit import)."""
from .netview import NODE_TRACE


def points(selection):
    """The list of selected points in a Streamlit ``on_select`` event/state, a dict with "points", a list of
    points, or a single point."""
    if selection is None:
        return []
    sel = getattr(selection, "selection", None)
    if sel is None and isinstance(selection, dict) and "selection" in selection:
        sel = selection["selection"]
    if sel is not None:
        selection = sel
    pts = getattr(selection, "points", None)
    if pts is None and isinstance(selection, dict):
        pts = selection.get("points", [selection] if "customdata" in selection else [])
    if pts is None:
        pts = selection if isinstance(selection, (list, tuple)) else []
    return list(pts)


def values(customdata):
    """customdata as a list: plotly events give a list, a typed array may arrive as {"0": .., "1": ..}."""
    if isinstance(customdata, dict):
        return [customdata[k] for k in sorted(customdata, key=lambda s: int(s))]
    if customdata is None or isinstance(customdata, (str, bytes)):
        return []
    try:
        return list(customdata)
    except TypeError:
        return []


def _curve(fig, name):
    names = [getattr(t, "name", None) if not isinstance(t, dict) else t.get("name") for t in fig.data]
    return names.index(name) if name in names else None


def node_at(selection, fig=None):
    """``(layer, unit)`` of the first node in a Streamlit ``on_select`` selection (the event returned by
    ``st.plotly_chart(..., on_select=..., selection_mode="points")``, its ``selection``, a dict with "points",
    a list of points or one point), or ``None``. Node points carry customdata ``[layer, unit]``; with ``fig``
    (the figure that was shown) only points of its ``NODE_TRACE`` trace count."""
    curve = _curve(fig, NODE_TRACE) if fig is not None else None
    for pt in points(selection):
        if not isinstance(pt, dict):
            continue
        number = pt.get("curve_number", pt.get("curveNumber"))
        if curve is not None and number is not None and int(number) != curve:
            continue
        cd = values(pt.get("customdata"))
        if len(cd) == 2:
            return int(cd[0]), int(cd[1])
    return None


def point_at(selection, n):
    """Index (0..n-1) of the first clicked data point in a Streamlit ``on_select`` selection of a scatter whose
    points carry their index as customdata (or, without it, the ``point_index`` of curve 0), or ``None``."""
    for pt in points(selection):
        if not isinstance(pt, dict):
            continue
        index = pt.get("customdata")
        if isinstance(index, (list, tuple)):
            index = index[0] if index else None
        if index is None and pt.get("curve_number") == 0:
            index = pt.get("point_index")
        if index is not None and 0 <= int(index) < n:
            return int(index)
    return None
