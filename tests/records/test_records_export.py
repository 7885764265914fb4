"""Exports honour sensitivity: a public export carries only public fields, never the raw row."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from hisab.errors import NotFound, UserError
from hisab.records import import_file
from hisab.records.export import export_records

ROWS = "ID,Name,Sex,Date_of_Death,Province,Phone\nA1,سامر خالد,Adult - Male,2013-07-26,Aleppo,+963 000\n" \
       "A2,Rima Yasser,Child - Female,2013-07-00,Homs,\n"
MAPPING = """
columns: {record_id: ID, name: Name, sex_age: Sex, date: Date_of_Death, governorate: Province,
          witness_contact: Phone}
sensitivity: {governorate: restricted}
"""


@pytest.fixture
def loaded(sqlite_store, tmp_path):
    (tmp_path / "a.csv").write_text(ROWS, "utf-8")
    (tmp_path / "a.yaml").write_text(MAPPING, "utf-8")
    (tmp_path / "b.csv").write_text(ROWS, "utf-8")
    (tmp_path / "b.yaml").write_text(MAPPING.replace("sensitivity: {governorate: restricted}", ""), "utf-8")
    import_file(sqlite_store, tmp_path / "a.csv", "a", tmp_path / "a.yaml")
    import_file(sqlite_store, tmp_path / "b.csv", "b", tmp_path / "b.yaml")
    return sqlite_store


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_full_export_has_names_and_no_raw_unless_asked(loaded, tmp_path):
    out = tmp_path / "all.csv"
    assert export_records(loaded, out) == 4
    rows = read(out)
    assert rows[0]["name"] == "سامر خالد" and rows[0]["witness_contact"] == "+963 000"
    assert "raw" not in rows[0]
    export_records(loaded, out, include_raw=True)
    assert '"Phone"' in read(out)[0]["raw"]


def test_public_export_leaves_out_everything_not_public(loaded, tmp_path):
    out = tmp_path / "public.csv"
    export_records(loaded, out, public=True)
    rows = read(out)
    for banned in ("name", "name_ar", "name_en", "witness_contact", "raw", "source_record_id", "rank"):
        assert banned not in rows[0]
    assert {"sex", "age_group", "date_earliest", "date_precision", "status"} <= set(rows[0])
    assert "سامر" not in out.read_text("utf-8") and "+963" not in out.read_text("utf-8")
    by_source = {(r["source"], r["sex"]): r["governorate"] for r in rows}
    assert by_source[("a", "male")] == ""  # source a marked governorate restricted
    assert by_source[("b", "male")] == "Aleppo"


def test_parquet_export_and_source_filter(loaded, tmp_path):
    out = tmp_path / "b.parquet"
    assert export_records(loaded, out, sources=["b"], public=True) == 2
    table = pq.read_table(out)
    assert set(table.column("source").to_pylist()) == {"b"}
    assert "name" not in table.column_names


def test_bad_export_requests(loaded, tmp_path):
    with pytest.raises(UserError, match="csv or parquet"):
        export_records(loaded, tmp_path / "x.json")
    with pytest.raises(UserError, match="raw row is protected"):
        export_records(loaded, tmp_path / "x.csv", public=True, include_raw=True)
    with pytest.raises(NotFound, match="no source named 'zz'"):
        export_records(loaded, tmp_path / "x.csv", sources=["zz"])
    assert not (tmp_path / "x.csv").exists()
