"""Benchmark: `make_report` (shares over linked persons, charts, HTML and PDF) for 1,000,000 records and
20,000 incidents; target <= 60 s. The store is built with bulk inserts (synthetic rows, no names of real
people) and is not part of the timed figure; the anchor is a plain `SELECT` of the record columns the
report reads, measured in the same run."""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert, text

from hisab.actors import load_seed
from hisab.report import make_report
from hisab.store import open_store
from hisab.store.models import Attribution, Incident, Person, Record, Source, SourceVersion, attribution_actor

GOVS = ["Aleppo", "Idleb", "Homs", "Hama", "Rural Damascus", "Dar'a", "Damascus", "Ar-Raqqa"]
PARTIES = ["hisab-sy-gov", "hisab-ru-vks", "hisab-isis", "hisab-opposition", "hisab-coalition"]


def build(url: str, n_records: int, n_incidents: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    store = open_store(url)
    load_seed(store)
    start = date(2011, 3, 15)
    with store.session() as s:
        src = Source(name="bench_list")
        s.add(src)
        s.flush()
        ver = SourceVersion(source_id=src.id, version=1, sha256="0" * 64, filename="bench.csv", file_size=0,
                            file_format="csv", mapping={}, record_count=n_records)
        s.add(ver)
        s.flush()
        actor_id = dict(s.execute(text("SELECT ftm_id, id FROM actor")).all())
        n_persons = int(n_records * 0.7)
        s.execute(insert(Person), [{"id": i} for i in range(1, n_persons + 1)])
        s.execute(insert(Incident), [{"id": i, "code": f"BENCH-{i}", "date_earliest": start + timedelta(days=int(d)),
                                      "killed_min": 1, "killed_max": 3}
                                     for i, d in enumerate(rng.integers(0, 2800, n_incidents), start=1)])
        person = rng.integers(1, n_persons + 1, n_records)
        days = rng.integers(0, 2800, n_records)
        gov = rng.integers(0, len(GOVS), n_records)
        incident = np.where(rng.random(n_records) < 0.1, rng.integers(1, n_incidents + 1, n_records), 0)
        party = rng.integers(0, len(PARTIES), n_records)
        attributed = rng.random(n_records) < 0.8
        step = 100_000
        for lo in range(0, n_records, step):
            hi = min(n_records, lo + step)
            s.execute(insert(Record), [{
                "id": i + 1, "source_id": src.id, "source_version_id": ver.id, "row_number": i + 2, "raw": "{}",
                "person_id": int(person[i]), "date_earliest": start + timedelta(days=int(days[i])),
                "date_latest": start + timedelta(days=int(days[i])), "date_precision": "day",
                "governorate": GOVS[gov[i]], "status": "civilian", "sex": "male", "age_group": "adult",
                "incident_id": int(incident[i]) or None} for i in range(lo, hi)])
            rows = [i for i in range(lo, hi) if attributed[i]]
            s.execute(insert(Attribution), [{"id": i + 1, "record_id": i + 1, "role": "carried_out",
                                             "confidence": "probable", "origin": "source_claim",
                                             "status": "current"} for i in rows])
            s.execute(insert(attribution_actor), [{"attribution_id": i + 1,
                                                   "actor_id": actor_id[PARTIES[party[i]]]} for i in rows])


def run(quick: bool) -> list[dict]:
    n_records, n_incidents = (20_000, 400) if quick else (1_000_000, 20_000)
    work = Path(tempfile.mkdtemp(prefix="bench_report_"))
    try:
        url = f"sqlite:///{work}/bench.db"
        t0 = time.perf_counter()
        build(url, n_records, n_incidents)
        build_s = time.perf_counter() - t0
        store = open_store(url)
        t0 = time.perf_counter()
        with store.engine.connect() as conn:
            conn.execute(text("SELECT id, person_id, date_earliest, governorate, sex, age_group, status, "
                              "incident_id FROM record")).fetchall()
        anchor = time.perf_counter() - t0
        t0 = time.perf_counter()
        files = make_report(store, work / "out")
        elapsed = time.perf_counter() - t0
        pages = files.pdf.stat().st_size if files.pdf else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = f"{n_records:,} records, {n_incidents:,} incidents"
    return [
        {"benchmark": "report", "metric": "make_report seconds", "value": round(elapsed, 2), "unit": "s",
         "target": "<= 60" if not quick else None, "anchor": round(anchor, 2),
         "ratio": round(elapsed / anchor, 1) if anchor else None,
         "ok": (elapsed <= 60) if not quick else None,
         "note": f"{size}; HTML+PDF ({pages:,} bytes); anchor = SELECT of the record columns; "
                 f"store built in {build_s:.0f} s (not timed)"},
    ]


if __name__ == "__main__":
    for row in run(quick=True):
        print(row)
