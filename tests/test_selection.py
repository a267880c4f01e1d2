"""Tests for playground/selection.py: reading Streamlit's on_select payloads (the network diagram's nodes, a
scatter's data points)."""
from types import SimpleNamespace

from test_netview import make_net

from playground import netview as NV
from playground.selection import node_at, point_at


def test_node_at_reads_streamlit_selections():
    model, grid, feats = make_net([2, 4, 2, 1])
    fig = NV.network_figure(model, grid, feats)
    curve = [t.name for t in fig.data].index(NV.NODE_TRACE)
    point = {"curve_number": curve, "point_number": 3, "point_index": 3, "x": 1.0, "y": 2.0, "customdata": [1, 1]}
    assert node_at({"selection": {"points": [point]}}, fig) == (1, 1)
    assert node_at(SimpleNamespace(selection=SimpleNamespace(points=[point])), fig) == (1, 1)
    assert node_at({"points": [point]}) == (1, 1)
    assert node_at([point]) == (1, 1) and node_at(point) == (1, 1)
    assert node_at({"points": [dict(point, customdata={"0": 2, "1": 0})]}) == (2, 0)   # a typed array in JSON
    link = {"curve_number": 0, "customdata": [1, 2, 3, 0.5]}
    assert node_at({"points": [link]}) is None
    assert node_at({"points": [dict(point, curve_number=curve + 1)]}, fig) is None     # another trace
    assert node_at({"points": [link, point]}, fig) == (1, 1)
    assert node_at(None) is None and node_at({"selection": {"points": []}}) is None


def test_point_at_reads_a_click_on_the_data_plot():
    point = {"curve_number": 0, "point_number": 7, "point_index": 7, "x": 0.5, "y": -1.0, "customdata": 7}
    assert point_at({"selection": {"points": [point]}}, 10) == 7
    assert point_at(SimpleNamespace(selection=SimpleNamespace(points=[point])), 10) == 7
    assert point_at({"selection": {"points": [dict(point, customdata=[3])]}}, 10) == 3      # customdata as a list
    no_data = {k: v for k, v in point.items() if k != "customdata"}
    assert point_at({"selection": {"points": [no_data]}}, 10) == 7                         # its index on curve 0
    assert point_at({"selection": {"points": [dict(no_data, curve_number=1)]}}, 10) is None
    assert point_at({"selection": {"points": [dict(point, customdata=12), point]}}, 10) == 7   # out of range: next
    assert point_at({"selection": {"points": []}}, 10) is None
    assert point_at(None, 10) is None and point_at({}, 10) is None
