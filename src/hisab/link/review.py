"""Clerical review: the uncertain pairs side by side, the answers stored as MatchDecision rows.

A decision is 'same' (must-link) or 'different' (cannot-link) and binds every later run. Decisions come
from `hisab review` one pair at a time, or in bulk from a CSV of labelled pairs (`import_decisions`),
which also lets a team measure the run's accuracy against its own labels (`decision_accuracy`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hisab.link.errors import LinkInputError
from hisab.store import Store
from hisab.store.models import LinkRun, MatchDecision, Record

__all__ = ["DECISIONS", "ReviewItem", "decision_accuracy", "import_decisions", "pending_reviews",
           "record_decision"]

DECISIONS = {"same": "same", "different": "different", "s": "same", "d": "different", "match": "same",
             "non-match": "different", "nonmatch": "different", "1": "same", "0": "different",
             "yes": "same", "no": "different", "true": "same", "false": "different"}
SHOWN_FIELDS = ("name", "name_ar", "name_en", "sex", "age", "birth_year", "date_earliest", "date_latest",
                "place", "governorate", "cause")


@dataclass(frozen=True)
class ReviewItem:
    """One pair to review: both records' fields, the match weight and each comparison's weight."""

    record_a: dict[str, Any]
    record_b: dict[str, Any]
    match_weight: float
    match_probability: float
    weights: dict[str, float]


def latest_run(store: Store) -> LinkRun:
    with store.session() as s:
        run = s.scalars(select(LinkRun).order_by(LinkRun.id.desc()).limit(1)).first()
        if run is None:
            raise LinkInputError("no link run yet: run 'hisab link run' first")
        s.expunge(run)
    return run


def pending_reviews(store: Store, limit: int = 20) -> list[ReviewItem]:
    """Pairs of the latest run nearest its threshold that nobody has decided yet, most uncertain first."""
    if limit < 1:
        raise LinkInputError(f"limit must be 1 or more, got {limit}")
    run = latest_run(store)
    queue = (run.summary or {}).get("review_queue", [])
    with store.session() as s:
        decided = {tuple(sorted(p)) for p in s.execute(select(MatchDecision.record_a_id, MatchDecision.record_b_id))}
        items = []
        for entry in queue:
            a, b = entry["record_a"], entry["record_b"]
            if tuple(sorted((a, b))) in decided:
                continue
            ra, rb = s.get(Record, a), s.get(Record, b)
            if ra is None or rb is None:
                continue
            items.append(ReviewItem(_fields(ra), _fields(rb), entry["match_weight"], entry["match_probability"],
                                    entry["weights"]))
            if len(items) == limit:
                break
    return items


def _fields(record: Record) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record.id, "source_id": record.source_id}
    out.update({f: getattr(record, f) for f in SHOWN_FIELDS})
    return out


def record_decision(store: Store, record_a: int, record_b: int, decision: str, *, decided_by: str | None = None,
                    note: str | None = None, origin: str = "review") -> MatchDecision:
    """Store one decision ('same' or 'different', or an accepted synonym such as s/d, yes/no, 1/0)."""
    value = _decision(decision)
    if record_a == record_b:
        raise LinkInputError(f"record {record_a} cannot be compared with itself")
    with store.session() as s:
        for rid in (record_a, record_b):
            if s.get(Record, rid) is None:
                raise LinkInputError(f"no record with id {rid} in the store")
        row = MatchDecision(record_a_id=min(record_a, record_b), record_b_id=max(record_a, record_b),
                            decision=value, decided_by=decided_by, origin=origin, note=note)
        s.add(row)
        s.flush()
        s.expunge(row)
    return row


def _decision(text: str) -> str:
    value = DECISIONS.get(str(text).strip().casefold())
    if value is None:
        raise LinkInputError(f"decision must be 'same' or 'different', got {text!r}")
    return value


def import_decisions(store: Store, path: str | Path, *, decided_by: str | None = None) -> int:
    """Import labelled pairs from a CSV with columns record_a, record_b, decision; returns how many.

    Every row is checked before any is stored: one bad row rejects the file, naming the row.
    """
    path = Path(path)
    if not path.is_file():
        raise LinkInputError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"record_a", "record_b", "decision"} - set(reader.fieldnames or [])
        if missing:
            raise LinkInputError(f"{path}: missing column(s) {sorted(missing)}; expected record_a,record_b,decision")
        rows = []
        for n, row in enumerate(reader, start=2):
            try:
                a, b = int(row["record_a"]), int(row["record_b"])
            except (TypeError, ValueError):
                raise LinkInputError(f"{path}, row {n}: record ids must be whole numbers, got "
                                     f"{row['record_a']!r} and {row['record_b']!r}") from None
            try:
                rows.append((a, b, _decision(row["decision"] or ""), row.get("note") or None))
            except LinkInputError as exc:
                raise LinkInputError(f"{path}, row {n}: {exc}") from None
    with store.session() as s:
        known = set(s.scalars(select(Record.id).where(Record.id.in_({x for r in rows for x in r[:2]}))))
        for n, (a, b, decision, note) in enumerate(rows, start=2):
            if a not in known or b not in known or a == b:
                raise LinkInputError(f"{path}, row {n}: records {a} and {b} must be two different records "
                                     "of the store")
            s.add(MatchDecision(record_a_id=min(a, b), record_b_id=max(a, b), decision=decision,
                                decided_by=decided_by, origin="import", note=note))
    return len(rows)


def decision_accuracy(store: Store) -> dict[str, float | int]:
    """How the current persons agree with the stored decisions (precision/recall over decided pairs)."""
    with store.session() as s:
        rows = s.execute(select(MatchDecision.record_a_id, MatchDecision.record_b_id, MatchDecision.decision)
                         .order_by(MatchDecision.decided_at, MatchDecision.id)).all()
        latest = {(min(a, b), max(a, b)): d for a, b, d in rows}
        ids = {x for pair in latest for x in pair}
        person = dict(s.execute(select(Record.id, Record.person_id).where(Record.id.in_(ids))).all())
    tp = fp = fn = tn = 0
    for (a, b), decision in latest.items():
        linked = person.get(a) is not None and person.get(a) == person.get(b)
        same = decision == "same"
        tp += linked and same
        fp += linked and not same
        fn += same and not linked
        tn += not same and not linked
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": len(latest), "true_positive": tp, "false_positive": fp, "false_negative": fn,
            "true_negative": tn, "precision": precision, "recall": recall, "f1": f1}
