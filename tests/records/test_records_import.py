"""Import: formats, versions, raw rows kept, and one test per bad input (nothing written on failure)."""

from __future__ import annotations

import csv
import json
import os
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter
from sqlalchemy import func, select

from hisab.errors import ImportRejected, InputFileError, MappingError, UserError
from hisab.records import import_file
from hisab.records.query import list_sources
from hisab.store.models import Record, Source, SourceVersion

HEADER = ["ID", "Name", "Sex", "Age", "Date_of_Death", "Province"]
ROWS = [
    ["A1", "سامر خالد أحمد الحلبي", "Adult - Male", "34", "2013-07-26", "Aleppo"],
    ["A2", "Rima Yasser al-Homsi", "Child - Female", "", "2013-07-00", "Homs"],
    ["A3", "نور عبد الرحمن الشامي", "Adult - Female", "٤٥", "0000-00-00", "Damascus"],
    ["A3", "نور عبد الرحمن الشامي", "Adult - Female", "٤٥", "0000-00-00", "Damascus"],
]
MAPPING = """
columns:
  record_id: ID
  name: Name
  sex_age: Sex
  age: Age
  date: Date_of_Death
  governorate: Province
constants: {fate: killed}
"""


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def mapping(tmp_path) -> Path:
    path = tmp_path / "list.mapping.yaml"
    path.write_text(MAPPING, "utf-8")
    return path


def count(store, model=Record) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_csv_import_normalises_and_keeps_raw_rows(store, tmp_path, mapping):
    path = write_csv(tmp_path / "list.csv", ROWS)
    result = import_file(store, path, "list-a", mapping)
    assert (result.records, result.version, result.unchanged) == (4, 1, False)
    with store.session() as s:
        records = s.scalars(select(Record).order_by(Record.row_number)).all()
        first, second, third, fourth = records
        assert first.name_ar == ROWS[0][1] and first.name_en is None
        assert (first.sex, first.age_group, first.age, first.date_precision) == ("male", "adult", 34, "day")
        assert second.name_en == "Rima Yasser al-Homsi"
        assert (second.date_earliest, second.date_latest, second.date_precision) == (
            date(2013, 7, 1), date(2013, 7, 31), "month")
        assert (third.age, third.date_precision, third.date_earliest) == (45, "unknown", None)
        assert third.fate == "killed" and third.status == "unknown"
        for record, row in zip(records, ROWS, strict=True):
            assert json.loads(record.raw) == dict(zip(HEADER, row, strict=True))
        assert fourth.raw == third.raw  # an exact duplicate row is kept, not dropped


def test_same_file_twice_changes_nothing_and_a_changed_file_is_a_new_version(store, tmp_path, mapping):
    path = write_csv(tmp_path / "list.csv", ROWS)
    import_file(store, path, "list-a", mapping)
    again = import_file(store, path, "list-a", mapping)
    assert again.unchanged and count(store) == 4 and count(store, SourceVersion) == 1
    write_csv(path, ROWS[:2])
    changed = import_file(store, path, "list-a", mapping)
    assert (changed.version, changed.records, changed.unchanged) == (2, 2, False)
    sources = list_sources(store)
    assert [(s.name, s.version, s.records) for s in sources] == [("list-a", 2, 2)]
    assert count(store) == 6


def test_xlsx_and_parquet(sqlite_store, tmp_path, mapping):
    book_path = tmp_path / "list.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["B1", "Omar Hasan", "Adult - Male", 30, "2014-01-02", "Idleb"])
    sheet.write_row(2, 0, ["B2", "سارة محمود", "Child - Female", 9, "2014-01-00", "Idleb"])
    book.close()
    assert import_file(sqlite_store, book_path, "book", mapping).records == 2
    parquet_path = tmp_path / "list.parquet"
    pq.write_table(pa.table({h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}), parquet_path)
    assert import_file(sqlite_store, parquet_path, "parquet", mapping).records == 4
    with sqlite_store.session() as s:
        ages = s.scalars(select(Record.age).order_by(Record.id)).all()
    assert ages[:2] == [30, 9]


def test_format_is_told_by_content_not_extension(sqlite_store, tmp_path, mapping):
    book_path = tmp_path / "really-a-workbook.csv"
    book = xlsxwriter.Workbook(str(book_path))
    book.add_worksheet().write_row(0, 0, HEADER)
    book.worksheets()[0].write_row(1, 0, ROWS[0])
    book.close()
    assert import_file(sqlite_store, book_path, "renamed", mapping).records == 1


def test_utf8_with_bom_is_read_without_the_bom(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "bom.csv", ROWS, encoding="utf-8-sig")
    assert import_file(sqlite_store, path, "bom", mapping).records == 4
    with sqlite_store.session() as s:
        raw = json.loads(s.scalars(select(Record.raw)).first())
    assert "ID" in raw and "\ufeffID" not in raw


def test_windows_1256_arabic_is_refused_with_the_line_then_read_with_encoding(sqlite_store, tmp_path, mapping):
    rows = [[cell.replace("٤٥", "45") for cell in row] for row in ROWS]  # cp1256 has no Arabic-Indic digits
    path = write_csv(tmp_path / "win.csv", rows, encoding="cp1256")
    with pytest.raises(InputFileError, match=r"win.csv, line 2: not valid utf-8.*--encoding cp1256"):
        import_file(sqlite_store, path, "win", mapping)
    assert count(sqlite_store) == 0 and count(sqlite_store, Source) == 0
    assert import_file(sqlite_store, path, "win", mapping, encoding="cp1256").records == 4
    with sqlite_store.session() as s:
        assert s.scalars(select(Record.name_ar)).first() == ROWS[0][1]


def test_unknown_encoding_name(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "list.csv", ROWS)
    with pytest.raises(InputFileError, match="unknown encoding 'klingon'"):
        import_file(sqlite_store, path, "x", mapping, encoding="klingon")


def test_missing_file(sqlite_store, tmp_path, mapping):
    with pytest.raises(InputFileError, match="no such file"):
        import_file(sqlite_store, tmp_path / "absent.csv", "x", mapping)


def test_folder_instead_of_file(sqlite_store, tmp_path, mapping):
    with pytest.raises(InputFileError, match="is a folder"):
        import_file(sqlite_store, tmp_path, "x", mapping)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "locked.csv", ROWS)
    path.chmod(0)
    with pytest.raises(InputFileError, match="permission denied"):
        import_file(sqlite_store, path, "x", mapping)


def test_unreadable_file_even_as_root(sqlite_store, tmp_path, mapping, monkeypatch):
    """CI runs as root, who can read any mode: simulate the refusal the operating system gives a user."""
    path = write_csv(tmp_path / "locked.csv", ROWS)
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputFileError, match="locked.csv: permission denied"):
        import_file(sqlite_store, path, "x", mapping)


def test_corrupt_parquet(sqlite_store, tmp_path, mapping):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\x01" * 64)
    with pytest.raises(InputFileError, match="cannot read the Parquet file"):
        import_file(sqlite_store, path, "x", mapping)


def test_corrupt_workbook(sqlite_store, tmp_path, mapping):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(InputFileError, match="cannot read the workbook"):
        import_file(sqlite_store, path, "x", mapping)
    assert count(sqlite_store, Source) == 0


def test_empty_file(sqlite_store, tmp_path, mapping):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty.csv: the file is empty"):
        import_file(sqlite_store, path, "x", mapping)


def test_header_without_rows(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "header.csv", [])
    with pytest.raises(InputFileError, match="header but no data rows"):
        import_file(sqlite_store, path, "x", mapping)
    assert count(sqlite_store, Source) == 0 and count(sqlite_store, SourceVersion) == 0


def test_missing_mapped_column_names_file_and_column(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "nodate.csv", [r[:4] + r[5:] for r in ROWS],
                     header=[h for h in HEADER if h != "Date_of_Death"])
    with pytest.raises(MappingError, match=r"nodate.csv: mapped column\(s\) not in the file: date -> 'Date_of_Death'"):
        import_file(sqlite_store, path, "x", mapping)
    assert count(sqlite_store, Source) == 0


def test_malformed_dates_are_all_reported_and_nothing_is_written(store, tmp_path, mapping):
    rows = [*ROWS, ["A5", "X", "Adult - Male", "20", "2013-13-01", "Homs"],
            ["A6", "Y", "Adult - Male", "20", "31/02/2014", "Homs"]]
    path = write_csv(tmp_path / "dates.csv", rows)
    with pytest.raises(ImportRejected) as info:
        import_file(store, path, "x", mapping)
    message = str(info.value)
    assert "2 bad row(s); nothing was imported" in message
    assert "dates.csv, line 6, column 'Date_of_Death': date '2013-13-01': month 13 does not exist" in message
    assert "line 7, column 'Date_of_Death'" in message
    assert count(store) == 0 and count(store, Source) == 0 and count(store, SourceVersion) == 0


def test_row_of_the_wrong_width(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "wide.csv", [*ROWS[:2], [*ROWS[2], "extra"]])
    with pytest.raises(ImportRejected, match="wide.csv, line 4: the row has 7 field"):
        import_file(sqlite_store, path, "x", mapping)
    assert count(sqlite_store) == 0


def test_malformed_csv_quoting(sqlite_store, tmp_path, mapping):
    path = tmp_path / "quotes.csv"
    path.write_text(",".join(HEADER) + '\nA1,"unterminated,Adult - Male,3,2013-01-01,Homs\n', "utf-8")
    with pytest.raises(InputFileError, match="malformed CSV"):
        import_file(sqlite_store, path, "x", mapping)


def test_duplicate_column_names(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "dup.csv", [r + ["x"] for r in ROWS], header=[*HEADER, "Name"])
    with pytest.raises(InputFileError, match="column name 'Name' appears twice"):
        import_file(sqlite_store, path, "x", mapping)


def test_skip_bad_rows_imports_good_ones_and_writes_rejects(store, tmp_path, mapping):
    rows = [*ROWS, ["A5", "X", "Robot", "20", "2013-01-01", "Homs"], ["A6", "Y", "Adult - Male", "200", "", "Homs"]]
    path = write_csv(tmp_path / "mixed.csv", rows)
    result = import_file(store, path, "mixed", mapping, skip_bad_rows=True)
    assert (result.records, result.rejected) == (4, 2)
    assert result.rejects_path == tmp_path / "mixed.csv.rejects.csv"
    with result.rejects_path.open(encoding="utf-8", newline="") as fh:
        rejects = list(csv.DictReader(fh))
    assert [r["_row"] for r in rejects] == ["6", "7"]
    assert "cannot read sex and age group" in rejects[0]["_reason"]
    assert "outside 0-130" in rejects[1]["_reason"]
    assert rejects[0]["Name"] == "X"
    assert oct(result.rejects_path.stat().st_mode & 0o777) == "0o600"
    assert list_sources(store)[0].rejected == 2


def test_skip_bad_rows_with_no_good_row_writes_nothing(sqlite_store, tmp_path, mapping):
    path = write_csv(tmp_path / "bad.csv", [["A5", "X", "Robot", "20", "2013-01-01", "Homs"]])
    with pytest.raises(InputFileError, match="none of its 1 rows could be imported"):
        import_file(sqlite_store, path, "bad", mapping, skip_bad_rows=True)
    assert count(sqlite_store, Source) == 0


@pytest.mark.parametrize("name", ["", "   ", "../etc", "a" * 201, "bad\nname", "-flag"])
def test_bad_source_names(sqlite_store, tmp_path, mapping, name):
    path = write_csv(tmp_path / "list.csv", ROWS)
    with pytest.raises(UserError, match="invalid source name"):
        import_file(sqlite_store, path, name, mapping)


def test_without_mapping_columns_named_like_fields_are_used(sqlite_store, tmp_path):
    path = write_csv(tmp_path / "plain.csv", [["Omar", "male", "30", "2015-05-05"]],
                     header=["name", "sex", "age", "date"])
    assert import_file(sqlite_store, path, "plain").records == 1
    other = write_csv(tmp_path / "other.csv", [["x"]], header=["something"])
    with pytest.raises(MappingError, match="no column is named like a field"):
        import_file(sqlite_store, other, "other")


@pytest.mark.parametrize(("text", "message"), [
    ("columns: {nonsense: X}", "unknown field 'nonsense'"),
    ("columns: [a, b]", "'columns' must map field names"),
    ("colums: {name: X}", "unknown key"),
    ("columns: {name: X}\nconstants: {fate: vanished}", "constant fate='vanished'"),
    ("columns: {name: X}\ndate_order: ymd", "date_order must be dmy or mdy"),
    ("columns: {name: X}\nsensitivity: {name: secret}", "unknown sensitivity"),
    ("columns: {name: X}\nsensitivity: {password: public}", "sensitivity for unknown field"),
    ("- just a list", "must be a YAML mapping"),
    ("columns: {name: [unclosed", "cannot read mapping"),
])
def test_bad_mappings(sqlite_store, tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    data = write_csv(tmp_path / "list.csv", ROWS)
    with pytest.raises(MappingError, match=message):
        import_file(sqlite_store, data, "x", path)


def test_unknown_mapping_name(sqlite_store, tmp_path):
    data = write_csv(tmp_path / "list.csv", ROWS)
    with pytest.raises(MappingError, match="neither a built-in mapping"):
        import_file(sqlite_store, data, "x", "no-such-mapping")
