"""Capture histories from the store, and estimates back into it.

After linkage a person is a `Record.person_id`; a record not linked to anyone is its own person. A
list is a `Record.source_id`. A person's stratum is the most frequent non-empty value of the chosen
Record column among that person's records (ties: the first in sorted order; none: "unknown").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np
from sqlalchemy import select

from hisab.estimate.errors import CaptureDataError
from hisab.estimate.histories import CaptureHistories
from hisab.estimate.result import EstimateResult
from hisab.store import Store
from hisab.store.models import Estimate, Record, Source
from hisab.store.sensitivity import Sensitivity, column_levels

UNKNOWN = "unknown"
DERIVED = {"year"}


def strata_columns() -> list[str]:
    """Record columns that may define strata: the public ones (never names or contacts), plus year."""
    levels = column_levels(Record)
    skip = {"id", "source_id", "source_version_id", "row_number", "person_id", "incident_id", "raw"}
    public = [c for c, lvl in levels.items() if lvl == Sensitivity.PUBLIC and c not in skip]
    return sorted([*public, *DERIVED])


def _stratum_value(rec: Any, column: str) -> str | None:
    if column == "year":
        a, b = rec.date_earliest, rec.date_latest
        return str(a.year) if a is not None and (b is None or b.year == a.year) else None
    value = getattr(rec, column)
    return None if value is None or str(value).strip() == "" else str(value)


Tables = dict[str | None, CaptureHistories | CaptureDataError]


def histories_from_store(store: Store, strata: str | None = None) -> tuple[tuple[str, ...], Tables]:
    """Persons x sources from the store, whole (key None) or split by stratum."""
    if strata is not None and strata not in strata_columns():
        raise CaptureDataError(f"--strata {strata!r}: not a stratum column; choose one of {strata_columns()}")
    with store.session() as s:
        sources = {sid: name for sid, name in s.execute(select(Source.id, Source.name))}
        cols = [Record.id, Record.person_id, Record.source_id]
        if strata == "year":
            cols += [Record.date_earliest, Record.date_latest]
        elif strata:
            cols.append(getattr(Record, strata))
        rows = s.execute(select(*cols)).all()
    if not rows:
        raise CaptureDataError(f"{store.url}: the store has no records to estimate from")
    used = sorted({r.source_id for r in rows})
    names = tuple(sources[sid] for sid in used)
    col_of = {sid: j for j, sid in enumerate(used)}
    persons: dict[tuple[str, int], int] = defaultdict(int)
    votes: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for r in rows:
        key = ("p", r.person_id) if r.person_id is not None else ("r", r.id)
        persons[key] |= 1 << col_of[r.source_id]
        if strata:
            v = _stratum_value(r, strata)
            if v is not None:
                votes[key][v] += 1
    groups: dict[str | None, list[int]] = defaultdict(list)
    for key, code in persons.items():
        if strata:
            c = votes.get(key)
            label = UNKNOWN if not c else sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        else:
            label = None
        groups[label].append(code)
    origin = f"store {store.url}"
    out = {}
    for label, codes in sorted(groups.items(), key=lambda kv: str(kv[0])):
        arr = np.array(codes, dtype=np.int64)
        pats = ((arr[:, None] >> np.arange(len(names))) & 1).astype(np.uint8)
        where = origin if label is None else f"{origin}, stratum {strata}={label}"
        out[label] = _tolerant(pats, names, where) if label is not None else \
            CaptureHistories.from_arrays(pats, np.ones(len(arr), dtype=np.int64), names, origin=where)
    return names, out


def _tolerant(pats: np.ndarray, names: tuple[str, ...], origin: str) -> CaptureHistories | CaptureDataError:
    """A stratum's table without the lists that caught no one in it; the error itself if < 2 lists remain."""
    keep = pats.sum(axis=0) > 0
    if keep.sum() < 2:
        return CaptureDataError(f"{origin}: only {int(keep.sum())} list(s) record anyone here; need 2 or more")
    return CaptureHistories.from_arrays(pats[:, keep], np.ones(len(pats), dtype=np.int64),
                                        [n for n, k in zip(names, keep, strict=True) if k], origin=origin)


def save_results(store: Store, results: list[EstimateResult], digest: str | None) -> list[int]:
    """Write one Estimate row per result, with every parameter needed to reproduce it."""
    ids = []
    with store.session() as s:
        for r in results:
            row = Estimate(
                method=r.method, model=r.model[:10000], stratum=r.stratum, observed=r.observed,
                estimate=r.estimate, lower=r.lower, upper=r.upper, status=r.status[:200],
                seed=r.params.get("seed") if isinstance(r.params.get("seed"), int) else None,
                params=_jsonable(r.params), result=_jsonable({**r.details, "warnings": list(r.warnings),
                                                              "status": r.status}),
                input_digest=digest,
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
    return ids


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
