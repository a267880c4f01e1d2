"""Reading Streamlit's ``on_select`` payloads of Plotly charts: which data point of a scatter was clicked (the
Inside one step page). Pure functions of the payload."""


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
