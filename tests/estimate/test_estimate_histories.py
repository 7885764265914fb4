"""Capture-history input: CSV formats of shared/data, and one test per bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hisab.errors import UserError
from hisab.estimate import CaptureHistories, capture_from_frame, read_capture_csv, read_capture_strata
from hisab.estimate.errors import CaptureDataError


def write(tmp_path, text, name="t.csv"):
    p = tmp_path / name
    p.write_text(text)
    return p


@pytest.mark.parametrize("name,lists,n", [
    ("kosovo/kosovo.csv", 4, 4400), ("mse-benchmarks/Rcapture_HIV.csv", 4, 1896),
    ("mse-benchmarks/SparseMSE_Ned.csv", 6, 8234), ("mse-benchmarks/SparseMSE_UKdat.csv", 6, 2744),
    ("mse-benchmarks/SparseMSE_Western.csv", 5, 345), ("mse-benchmarks/dga_madigan_york_3list.csv", 3, 626),
    ("mse-benchmarks/SparseMSE_Artificial_3.csv", 3, 96),
])
def test_reads_shared_formats(shared, name, lists, n):
    h = read_capture_csv(shared(name))
    assert h.n_lists == lists and h.observed == n
    assert issubclass(CaptureDataError, UserError)


def test_one_row_per_person_without_count(tmp_path):
    h = read_capture_csv(write(tmp_path, "A,B\n1,0\n1,1\n0,1\n1,1\n"))
    assert h.observed == 4 and sorted(h.counts.tolist()) == [1, 1, 2]


def test_duplicate_patterns_are_aggregated_and_zero_pattern_with_zero_count_dropped():
    h = CaptureHistories.from_arrays([[1, 0], [1, 0], [0, 1], [0, 0]], [2, 3, 4, 0], ["A", "B"])
    assert h.observed == 9 and len(h.counts) == 2


def test_too_few_lists(tmp_path):
    with pytest.raises(CaptureDataError, match="2 to 15 lists, found 1"):
        read_capture_csv(write(tmp_path, "A,count\n1,5\n"))


def test_too_many_lists():
    with pytest.raises(CaptureDataError, match="found 16"):
        CaptureHistories.from_arrays(np.eye(16, dtype=int), np.ones(16, dtype=int))


def test_negative_count(tmp_path):
    with pytest.raises(CaptureDataError, match=r"row 2, column 'count': expected a non-negative integer, found -3"):
        read_capture_csv(write(tmp_path, "A,B,count\n1,0,4\n0,1,-3\n1,1,2\n"))


def test_fractional_count(tmp_path):
    with pytest.raises(CaptureDataError, match="row 1, column 'count'"):
        read_capture_csv(write(tmp_path, "A,B,count\n1,0,4.5\n0,1,3\n1,1,2\n"))


def test_pattern_not_binary(tmp_path):
    with pytest.raises(CaptureDataError, match=r"row 2, column 'B': expected 0 or 1, found 2"):
        read_capture_csv(write(tmp_path, "A,B,count\n1,0,4\n0,2,3\n"))


def test_all_zero_pattern_with_people(tmp_path):
    with pytest.raises(CaptureDataError, match="all-zero pattern"):
        read_capture_csv(write(tmp_path, "A,B,count\n1,0,4\n0,1,3\n0,0,7\n"))


def test_list_that_captures_nobody(tmp_path):
    with pytest.raises(CaptureDataError, match=r"list\(s\) 'C' never capture anyone"):
        read_capture_csv(write(tmp_path, "A,B,C,count\n1,0,0,4\n0,1,0,3\n1,1,0,2\n0,0,1,0\n"))


def test_missing_cell(tmp_path):
    with pytest.raises(CaptureDataError, match="row 2: empty cell"):
        read_capture_csv(write(tmp_path, "A,B,count\n1,0,4\n,1,3\n"))


def test_missing_file(tmp_path):
    with pytest.raises(CaptureDataError, match="file not found"):
        read_capture_csv(tmp_path / "nope.csv")


def test_empty_table(tmp_path):
    with pytest.raises(CaptureDataError):
        read_capture_csv(write(tmp_path, "A,B,count\n"))


def test_unknown_count_column(tmp_path):
    import pandas as pd

    with pytest.raises(CaptureDataError, match="no count column 'k'"):
        capture_from_frame(pd.DataFrame({"A": [1], "B": [1], "n": [2]}), count_column="k")


def test_duplicate_list_names():
    with pytest.raises(CaptureDataError, match="distinct"):
        CaptureHistories.from_arrays([[1, 0]], [1], ["A", "A"])


def test_counts_shape():
    with pytest.raises(CaptureDataError, match="one per row"):
        CaptureHistories.from_arrays([[1, 0], [0, 1]], [1, 2, 3])


def test_strata_csv(tmp_path):
    text = "A,B,C,gov,count\n1,0,0,x,5\n0,1,0,x,4\n1,1,0,x,2\n0,0,1,x,3\n1,0,0,y,7\n0,1,0,y,1\n1,0,0,z,2\n"
    tables = read_capture_strata(write(tmp_path, text), "gov")
    assert tables["x"].n_lists == 3 and tables["x"].observed == 14
    assert tables["y"].lists == ("A", "B")  # C is empty in y: dropped there
    assert isinstance(tables["z"], CaptureDataError) and "only 1 list" in str(tables["z"])
    with pytest.raises(CaptureDataError, match="no stratum column 'region'"):
        read_capture_strata(write(tmp_path, text), "region")


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 50)), min_size=1, max_size=30))
def test_aggregation_preserves_totals(rows):
    pats = [[c >> j & 1 for j in range(3)] for c, _ in rows]
    counts = [k for _, k in rows]
    zero_people = sum(k for (c, k) in rows if c == 0)
    totals = np.array(pats).T @ np.array(counts)
    try:
        h = CaptureHistories.from_arrays(pats, counts, ["A", "B", "C"])
    except CaptureDataError:
        assert zero_people > 0 or (totals == 0).any() or not (np.array(pats).sum(axis=1) > 0).any()
        return
    assert h.observed == sum(counts) - zero_people
    assert (h.patterns.sum(axis=1) > 0).all()
    assert h.full_counts().sum() == h.observed
    assert h.digest() == CaptureHistories.from_arrays(pats[::-1], counts[::-1], ["A", "B", "C"]).digest()
