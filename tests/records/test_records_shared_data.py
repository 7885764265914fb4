"""The real formats in ../shared/data import as the issue requires (no names are printed or asserted)."""

from __future__ import annotations

import csv
import json

from sqlalchemy import func, select

from hisab.records import import_file
from hisab.store.models import Record


def test_vdc_regime_fatalities(sqlite_store, shared):
    path = shared("vdc-sy-2015/vdc_regime_fatalities_2015.csv")
    result = import_file(sqlite_store, path, "vdc", "vdc-2015")
    assert result.records == 19239 and result.rejected == 0
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    unknown_in_file = sum(1 for r in rows if r[4] == "0000-00-00")
    duplicate_rows = len(rows) - len({tuple(r) for r in rows})
    with sqlite_store.session() as s:
        unknown = s.scalar(select(func.count()).where(Record.date_precision == "unknown"))
        precision_of_zero_dates = set(s.scalars(select(Record.date_precision).where(
            Record.raw.like('%"Date_of_Death":"0000-00-00"%'))))
        distinct_raw = s.scalar(select(func.count(func.distinct(Record.raw))))
        children = s.scalar(select(func.count()).where(Record.age_group == "child"))
    assert unknown_in_file > 0 and unknown == unknown_in_file
    assert precision_of_zero_dates == {"unknown"}
    assert duplicate_rows > 0 and distinct_raw == 19239 - duplicate_rows  # exact duplicates kept as records
    assert children == sum(1 for r in rows if r[5].startswith("Child"))


def test_vdc_missing(sqlite_store, shared):
    result = import_file(sqlite_store, shared("vdc-sy-2015/vdc_missing_2015.csv"), "vdc-missing", "vdc-2015-missing")
    assert result.records == 2420


def test_gaza_releases_round_trip_raw_rows_and_keep_arabic_names(sqlite_store, shared):
    for version, release in enumerate(("20240413", "20240808"), start=1):
        path = shared(f"gaza-moh-arabic-names/moh_killed_{release}.csv")
        result = import_file(sqlite_store, path, "gaza-moh", "gaza-moh")
        assert result.version == version and result.rejected == 0
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            original = list(reader)
        assert result.records == len(original)
        with sqlite_store.session() as s:
            stored = s.execute(select(Record.raw, Record.name_ar).where(
                Record.source_version_id == s.scalar(select(func.max(Record.source_version_id))))
                .order_by(Record.row_number)).all()
        assert len(stored) == len(original)
        for (raw, name_ar), row in zip(stored, original, strict=True):
            assert json.loads(raw) == dict(zip(header, row, strict=True))  # verbatim, value for value
            assert name_ar == " ".join(row[1].split()) or not row[1].strip()
