"""Link the records in the store: read them, run the model, write Person rows, Record.person_id, a LinkRun.

Clerical decisions (MatchDecision rows) are read on every run and passed to the clustering as must-link
('same') and cannot-link ('different') constraints, so a re-run never undoes a human answer. Each run
replaces the previous persons of the records it links: their person_id is reset and Person rows that
no record points to any more are deleted. The uncertain pairs worth a human look are kept in the run's
summary (`review_queue`), with their per-comparison weights, for `hisab review`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import delete, select, update

from hisab.link.engine import LinkResult, link_records
from hisab.link.errors import LinkInputError
from hisab.store import Store
from hisab.store.models import LinkRun, MatchDecision, Person, Record, Source

__all__ = ["REVIEW_QUEUE_SIZE", "link_store", "load_records", "store_decisions"]

REVIEW_QUEUE_SIZE = 200
_FIELDS = ("name", "name_ar", "name_en", "sex", "age", "age_group", "birth_year", "date_earliest", "date_latest",
           "place", "governorate", "place_pcode", "cause")


def load_records(store: Store, sources: Sequence[str] | None = None) -> pd.DataFrame:
    """The store's records as a linkage input frame (unique_id = Record.id, source_dataset = source name)."""
    with store.session() as s:
        names = dict(s.execute(select(Source.id, Source.name)).all())
        if sources:
            unknown = sorted(set(sources) - set(names.values()))
            if unknown:
                raise LinkInputError(f"unknown source(s) {unknown}; the store holds {sorted(names.values())}")
        wanted = [i for i, n in names.items() if not sources or n in sources]
        cols = [Record.id, Record.source_id, *(getattr(Record, f) for f in _FIELDS)]
        rows = s.execute(select(*cols).where(Record.source_id.in_(wanted))).all()
    frame = pd.DataFrame(rows, columns=["unique_id", "source_id", *_FIELDS])
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame["source_dataset"] = frame.pop("source_id").map(names).astype(str)
    return frame


Pairs = list[tuple[str, str]]


def store_decisions(store: Store, record_ids: set[str] | None = None) -> tuple[Pairs, Pairs]:
    """Must-link and cannot-link pairs from MatchDecision rows; the latest decision on a pair wins."""
    with store.session() as s:
        rows = s.execute(select(MatchDecision.record_a_id, MatchDecision.record_b_id, MatchDecision.decision)
                         .order_by(MatchDecision.decided_at, MatchDecision.id)).all()
    latest: dict[tuple[str, str], str] = {}
    for a, b, decision in rows:
        key = tuple(sorted((str(a), str(b))))
        latest[key] = decision  # type: ignore[index]
    must, cannot = [], []
    for (a, b), decision in latest.items():
        if record_ids is not None and (a not in record_ids or b not in record_ids):
            continue
        (must if decision == "same" else cannot).append((a, b))
    return must, cannot


def link_store(
    store: Store, sources: Sequence[str] | None = None, *, seed: int = 1, threshold: float | None = None,
    one_to_one: bool | None = None, max_block_pairs: float | None = None, backend: str = "duckdb",
) -> LinkRun:
    """Link the records of `sources` (all when None) and save the persons; returns the LinkRun.
    `backend` is where the model runs: "duckdb" or "spark" (see `link.backends`)."""
    records = load_records(store, sources)
    if records.empty:
        raise LinkInputError("there are no records to link: import some lists first (hisab records import)")
    must, cannot = store_decisions(store, set(records["unique_id"]))
    if one_to_one is None:
        one_to_one = False  # lists in the store may hold duplicates: dedupe and link together
    result = link_records(records, one_to_one=one_to_one, threshold=threshold, seed=seed,
                          must_link=must, cannot_link=cannot, max_block_pairs=max_block_pairs,
                          backend=backend)
    return _save(store, records, result, sources, must, cannot)


def _save(store: Store, records: pd.DataFrame, result: LinkResult, sources: Sequence[str] | None,
          must: list[tuple[str, str]], cannot: list[tuple[str, str]]) -> LinkRun:
    ids = [int(i) for i in records["unique_id"]]
    clusters = result.clusters
    with store.session() as s:
        run = LinkRun(settings=result.settings, model=result.model, threshold=result.threshold,
                      summary=_summary(result, sources, must, cannot))
        s.add(run)
        s.flush()
        s.execute(update(Record).where(Record.id.in_(ids)).values(person_id=None))
        labels = sorted(set(clusters.tolist()))
        persons = [Person(link_run_id=run.id) for _ in labels]
        s.add_all(persons)
        s.flush()
        person_of = {label: p.id for label, p in zip(labels, persons, strict=True)}
        mapping = [{"id": int(rid), "person_id": person_of[label]} for rid, label in clusters.items()]
        s.execute(update(Record), mapping)
        live = select(Record.person_id).where(Record.person_id.is_not(None))
        s.execute(delete(Person).where(Person.id.not_in(live)))
        run.summary = {**run.summary, "persons": len(persons)}
        s.flush()
        s.expunge(run)
    return run


def _summary(result: LinkResult, sources: Sequence[str] | None, must: list, cannot: list) -> dict[str, Any]:
    stats = {k: v for k, v in result.stats.items() if isinstance(v, int | float | str | bool) or v is None}
    return {"sources": list(sources) if sources else None, "records": int(len(result.clusters)),
            "pairs_scored": int(len(result.pairs)), "matches": int(len(result.matches())),
            "must_link": len(must), "cannot_link": len(cannot), "stats": stats,
            "review_queue": review_queue(result)}


def review_queue(result: LinkResult, size: int = REVIEW_QUEUE_SIZE) -> list[dict[str, Any]]:
    """The pairs nearest the threshold (the model is least sure of them), with their explanation."""
    pairs = result.pairs
    if pairs.empty:
        return []
    finite = pairs[pairs["match_weight"].abs() < float("inf")]
    near = finite.assign(_d=(finite["match_weight"] - result.threshold).abs()).nsmallest(size, "_d")
    out = []
    for row in near.itertuples(index=False):
        row_d = row._asdict()
        out.append({
            "record_a": int(row_d["unique_id_l"]), "record_b": int(row_d["unique_id_r"]),
            "match_weight": round(float(row_d["match_weight"]), 3),
            "match_probability": float(row_d["match_probability"]),
            "weights": {c: round(float(row_d[f"w_{c}"]), 3) for c in result.comparisons},
        })
    return out
