"""Tests for playground/figures/inside_step.py's pure helpers (the page itself is tested in test_inside_step.py)."""
from playground.figures.inside_step import WIDE, table_rows


def test_table_rows_three_narrow_two_medium_wide_alone():
    assert table_rows({"a": 1, "b": 2, "c": 3, "d": 1}) == [["a", "b", "c"], ["d"]]
    assert table_rows({"a": 1, "b": 4, "c": 1}) == [["a", "b"], ["c"]]           # a 4-5 column table: 2 a row
    assert table_rows({"a": 1, "w": WIDE + 1, "b": 2}) == [["a"], ["w"], ["b"]]   # a wide one: a row of its own
    assert table_rows({"w": 9}) == [["w"]] and table_rows({}) == []
    assert table_rows({"a": 1, "b": 5, "c": 5}) == [["a", "b"], ["c"]]
