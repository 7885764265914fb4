"""Capture histories built from the store (persons x sources, strata) and Estimate rows saved back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hisab.estimate.api import estimate_source
from hisab.estimate.errors import CaptureDataError
from hisab.estimate.store_io import histories_from_store
from hisab.store import open_store
from hisab.store.models import Estimate, Person, Record, Source, SourceVersion

# (person key or None, sources, governorate, year): synthetic records only
PEOPLE = [
    ("p1", ["A", "B"], "Idlib", 2013), ("p2", ["A"], "Idlib", 2013), ("p3", ["B", "C"], "Homs", 2014),
    ("p4", ["A", "B", "C"], "Homs", 2014), ("p5", ["C"], "Homs", 2014), (None, ["A"], "Idlib", 2013),
    (None, ["B"], "Homs", 2014), ("p6", ["A", "C"], "Idlib", 2013),
]


@pytest.fixture
def store(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    with st.session() as s:
        src = {}
        for name in ("A", "B", "C"):
            so = Source(name=name)
            s.add(so)
            s.flush()
            v = SourceVersion(source_id=so.id, version=1, sha256=name * 64, filename=f"{name}.csv", file_size=1,
                              file_format="csv", mapping={})
            s.add(v)
            s.flush()
            src[name] = (so.id, v.id)
        row = 0
        for key, lists, gov, year in PEOPLE:
            pid = None
            if key:
                person = Person()
                s.add(person)
                s.flush()
                pid = person.id
            for name in lists:
                row += 1
                s.add(Record(source_id=src[name][0], source_version_id=src[name][1], row_number=row, raw="{}",
                             name=f"Synthetic Person {row}", governorate=gov, person_id=pid,
                             date_earliest=date(year, 1, 1), date_latest=date(year, 12, 31),
                             date_precision="year"))
    return st


def test_persons_by_sources(store):
    lists, tables = histories_from_store(store)
    h = tables[None]
    assert lists == ("A", "B", "C") and h.observed == 8
    got = {tuple(p): int(c) for p, c in zip(h.patterns.tolist(), h.counts, strict=True)}
    assert got == {(1, 1, 0): 1, (1, 0, 0): 2, (0, 1, 1): 1, (1, 1, 1): 1, (0, 0, 1): 1, (0, 1, 0): 1,
                   (1, 0, 1): 1}


def test_strata_by_governorate_and_year(store):
    _, tables = histories_from_store(store, "governorate")
    assert sorted(tables) == ["Homs", "Idlib"]
    assert tables["Homs"].observed == 4 and tables["Idlib"].observed == 4
    _, by_year = histories_from_store(store, "year")
    assert sorted(by_year) == ["2013", "2014"]


def test_bad_strata_column(store):
    with pytest.raises(CaptureDataError, match="not a stratum column"):
        histories_from_store(store, "name")


def test_empty_store(tmp_path):
    with pytest.raises(CaptureDataError, match="no records"):
        histories_from_store(open_store(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_estimates_are_saved_with_parameters(store):
    report = estimate_source(csv=None, store=store, method="sparse", seed=3)
    assert report.saved and report.observed == 8
    with store.session() as s:
        rows = s.execute(select(Estimate)).scalars().all()
        assert len(rows) == 1
        row = rows[0]
        assert row.method == "sparse" and row.observed == 8 and row.params["pthresh"] == 0.02
        assert row.seed == 3 and row.input_digest and len(row.input_digest) == 64
        assert row.status == report.results[0].status
