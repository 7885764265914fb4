"""Screening against the current list snapshots, with every screening written to the log.

The index is built from the current snapshots and cached per set of snapshot hashes, so a batch or a
long session builds it once. Each logged screening records the query, its normalised forms, the hashes
of the snapshots used, the algorithm version and the hits; the reviewer's decision is added later.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from hisab.screen.errors import ScreenInputError
from hisab.screen.index import DEFAULT_THRESHOLD, ScreenIndex
from hisab.screen.index import QueryResult as QueryResult
from hisab.screen.lists import current_snapshots, snapshot_entities
from hisab.screen.models import ScreenLog
from hisab.screen.readers.common import decode_text
from hisab.screen.score import ALGORITHM
from hisab.store import Store

BATCH_COLUMNS = ["id", "query", "rank", "list", "list_id", "name", "score", "match", "explanation"]
_CACHE: dict[tuple, ScreenIndex] = {}


def current_index(store: Store, snapshot_ids: list[int] | None = None) -> tuple[ScreenIndex, dict[str, str]]:
    snaps = current_snapshots(store) if snapshot_ids is None else [s for s in _all(store) if s.id in snapshot_ids]
    if not snaps:
        raise ScreenInputError("no sanctions list loaded; run `hisab screen lists load KIND PATH` first")
    key = (store.url, tuple(sorted(s.sha256 for s in snaps)))
    if key not in _CACHE:
        entities = [e for s in snaps for e in snapshot_entities(store, s.id)]
        _CACHE.clear()
        _CACHE[key] = ScreenIndex(entities)
    return _CACHE[key], {s.kind: s.sha256 for s in snaps}


def _all(store: Store):
    from hisab.screen.lists import list_snapshots

    return list_snapshots(store)


def log_result(store: Store, result: QueryResult, snapshots: dict[str, str]) -> int:
    with store.session() as s:
        row = ScreenLog(query=result.query, params=result.params, normalised=result.normalised,
                        snapshots=snapshots, algorithm=ALGORITHM,
                        hits={"hits": [h.to_dict() for h in result.hits], "warnings": result.warnings})
        s.add(row)
        s.flush()
        return row.id


def screen_query(store: Store, query: str, *, schema: str | None = None, birth_date: str | None = None,
                 limit: int = 5, threshold: float = DEFAULT_THRESHOLD, **quals: str | None) -> tuple[QueryResult, int]:
    """Screen one name against the current lists and log it; returns the result and the log id."""
    index, snaps = current_index(store)
    result = index.search(query, schema=schema, birth_date=_check_date(birth_date), limit=limit,
                          threshold=threshold, **quals)
    return result, log_result(store, result, snaps)


def _check_date(value: str | None, where: str = "--birth-date") -> str | None:
    if not value:
        return None
    from hisab.screen.readers.common import parse_date

    parsed = parse_date(value)
    if not parsed or len(parsed) != 1:
        raise ScreenInputError(f"{where}: expected a date such as 1965-09-11 or 1965, found {value!r}")
    return parsed[0]


@dataclass
class BatchSummary:
    queries: int
    rows: int
    matches: int
    errors: list[str]


def screen_batch(store: Store, in_path: Path, out_path: Path, limit: int = 5,
                 threshold: float = DEFAULT_THRESHOLD) -> BatchSummary:
    """Screen every row of a CSV (`id`, `name`, optional `schema`, `birth_date`) and write one row per hit."""
    in_path = Path(in_path)
    if not in_path.is_file():
        raise ScreenInputError(f"{in_path}: no such file")
    text = decode_text(in_path.read_bytes(), in_path)
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("id", "name") if c not in (reader.fieldnames or [])]
    if missing:
        raise ScreenInputError(f"{in_path}: missing column(s) {', '.join(missing)}; found {reader.fieldnames}")
    index, snaps = current_index(store)
    rows, errors, matches, n = [], [], 0, 0
    for n, rec in enumerate(reader, start=1):
        line = n + 1
        try:
            result = index.search(rec["name"] or "", schema=(rec.get("schema") or None),
                                  birth_date=_check_date(rec.get("birth_date"), f"{in_path}: line {line}: birth_date"),
                                  limit=limit, threshold=threshold)
        except ScreenInputError as exc:
            errors.append(f"{in_path}: line {line} (id {rec.get('id')}): {exc}")
            continue
        log_result(store, result, snaps)
        for rank, h in enumerate(result.hits, start=1):
            matches += h.match
            rows.append({"id": rec["id"], "query": rec["name"], "rank": rank, "list": h.entity.list_kind,
                         "list_id": h.entity.list_id, "name": h.entity.caption, "score": f"{h.score:.4f}",
                         "match": "true" if h.match else "false",
                         "explanation": " | ".join([h.explanation, *result.warnings])})
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=BATCH_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return BatchSummary(n, len(rows), matches, errors)


DECISIONS = ("match", "no-match", "unsure")


def record_decision(store: Store, log_id: int, decision: str, reviewer: str) -> None:
    """Add a reviewer's decision to a logged screening (the hits themselves are never changed)."""
    if decision not in DECISIONS:
        raise ScreenInputError(f"decision must be one of {', '.join(DECISIONS)}, found {decision!r}")
    if not reviewer.strip():
        raise ScreenInputError("give the reviewer's name")
    with store.session() as s:
        row = s.get(ScreenLog, log_id)
        if row is None:
            raise ScreenInputError(f"no screening log entry {log_id}")
        row.decision, row.reviewer = decision, reviewer.strip()
