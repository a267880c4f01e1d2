"""Tests for playground/ui/selection.py: reading Streamlit's on_select payloads (a scatter's data points)."""
from types import SimpleNamespace

from playground.ui.selection import point_at


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
