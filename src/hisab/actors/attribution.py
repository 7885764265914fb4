"""Attribution rows: an incident or a victim record -> an actor or a set of actors, graded and sourced.

Two kinds of row are kept apart (`origin`): a `source_claim` is what a list says (its "responsible party"
column), an `assessment` is the documenting group's own judgement. Conflicting rows are all kept: the
share statistics count a victim whose sources disagree at the high end for every party named, never
silently for one of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, insert, select

from hisab.actors.confidence import grade
from hisab.actors.errors import AttributionError, ConfidenceError, UnknownActor
from hisab.actors.labels import label_key, load_labels
from hisab.store import Store
from hisab.store.models import Actor, Attribution, Incident, Record, Source, attribution_actor

ROLES = ("carried_out", "ordered", "planned", "suspected", "passive_accomplice", "failed_to_prevent")
BASES = ("witness", "video", "photo", "munition_remnants", "flight_observation", "source_claim",
         "official_claim", "medical_report", "satellite_imagery", "document")
CLAIM_TYPES = ("denies", "acknowledges", "claims_responsibility", "alternative_explanation")
DEFAULT_LIST_CONFIDENCE = "possible"  # one list's say-so, ungraded: Airwars "weak (single source)"


@dataclass
class RecordAttributionResult:
    created: int = 0
    already: int = 0
    unknown_label: int = 0  # the list said "unknown": left unattributed
    joint: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)
    confidence_by_source: dict[str, str] = field(default_factory=dict)


def _actor_ids(s: Any, refs: list[str]) -> list[int]:
    if not refs:
        raise AttributionError("an attribution needs at least one actor")
    ids = []
    for ref in refs:
        aid = s.scalar(select(Actor.id).where(Actor.ftm_id.in_([ref, "hisab-" + ref])))
        if aid is None:
            raise UnknownActor(f"attribution names unknown actor {ref!r}; add it to the registry first "
                               "(`hisab actors seed`, `hisab actors import`)")
        ids.append(aid)
    return sorted(set(ids))


def add_attribution(store: Store, *, actors: list[str], incident_id: int | None = None,
                    record_id: int | None = None, role: str = "carried_out", confidence: str | None = None,
                    scale: str | None = None, basis: list[str] | None = None, source: str | None = None,
                    claims: list[dict[str, str]] | None = None, assessor: str | None = None,
                    origin: str = "assessment") -> int:
    """Add one attribution (never updates an old one) and return its id."""
    if (incident_id is None) == (record_id is None):
        raise AttributionError("an attribution is about exactly one incident or one record; "
                               f"got incident={incident_id!r}, record={record_id!r}")
    if role not in ROLES:
        raise AttributionError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    bad = [b for b in basis or [] if b not in BASES]
    if bad:
        raise AttributionError(f"basis must be from {', '.join(BASES)}; got {', '.join(bad)}")
    for c in claims or []:
        if c.get("type") not in CLAIM_TYPES or not c.get("by"):
            raise AttributionError(f"a claim needs 'by' (an actor) and 'type' in {', '.join(CLAIM_TYPES)}; "
                                   f"got {c!r}")
    hisab_grade = grade(confidence, scale)
    with store.session() as s:
        ids = _actor_ids(s, actors)
        if incident_id is not None and s.get(Incident, incident_id) is None:
            raise AttributionError(f"no incident with id {incident_id}")
        if record_id is not None and s.get(Record, record_id) is None:
            raise AttributionError(f"no record with id {record_id}")
        for c in claims or []:
            _actor_ids(s, [c["by"]])
        source_id = None
        if source is not None:
            source_id = s.scalar(select(Source.id).where(Source.name == source))
            if source_id is None:
                raise AttributionError(f"no source named {source!r}")
        row = Attribution(incident_id=incident_id, record_id=record_id, role=role, confidence=hisab_grade,
                          confidence_raw=confidence, basis=basis or [], source_id=source_id,
                          claims={"claims": claims or []}, assessor=assessor, origin=origin)
        s.add(row)
        s.flush()
        s.execute(insert(attribution_actor), [{"attribution_id": row.id, "actor_id": a} for a in ids])
        return row.id


def _list_grade(src: Source, override: str | None) -> str:
    if override is not None:
        return grade(override)
    if src.reliability:
        try:
            return grade(src.reliability)
        except ConfidenceError:
            return DEFAULT_LIST_CONFIDENCE
    return DEFAULT_LIST_CONFIDENCE


def attribute_records(store: Store, *, source: str | None = None, confidence: str | None = None,
                      labels_path: str | None = None, batch: int = 50_000) -> RecordAttributionResult:
    """Turn each record's claimed perpetrator into a `source_claim` attribution at its list's confidence.

    Records that already have a source claim are left alone (running twice adds nothing). Labels missing
    from the mapping are counted in `unmapped` and the records stay unattributed.
    """
    labels = load_labels(labels_path)
    result = RecordAttributionResult()
    with store.session() as s:
        actor_ids = {}
        for ref in {r for refs in labels.values() for r in refs}:
            aid = s.scalar(select(Actor.id).where(Actor.ftm_id.in_([ref, "hisab-" + ref])))
            if aid is None:
                raise UnknownActor(f"label mapping names unknown actor {ref!r}; load the seed registry first "
                                   "(`hisab actors seed`)")
            actor_ids[ref] = aid
        q = select(Source)
        if source is not None:
            q = q.where(Source.name == source)
        sources = list(s.scalars(q))
        if source is not None and not sources:
            raise AttributionError(f"no source named {source!r}")
        claimed = exists().where(Attribution.record_id == Record.id, Attribution.origin == "source_claim")
        unmapped: Counter[str] = Counter()
        for src in sources:
            level = _list_grade(src, confidence)
            result.confidence_by_source[src.name] = level
            rows = s.execute(select(Record.id, Record.perpetrator).where(
                Record.source_id == src.id, Record.perpetrator.is_not(None), Record.perpetrator != "")
                .where(~claimed)).all()
            result.already += s.scalar(select(func.count()).select_from(Record)
                                       .where(Record.source_id == src.id, claimed)) or 0
            pending: list[tuple[int, str, list[int]]] = []
            for rid, text in rows:
                refs = labels.get(label_key(text))
                if refs is None:
                    unmapped[text] += 1
                elif not refs:
                    result.unknown_label += 1
                else:
                    pending.append((rid, text, sorted({actor_ids[r] for r in refs})))
            for i in range(0, len(pending), batch):
                chunk = pending[i:i + batch]
                ids = s.scalars(insert(Attribution).returning(Attribution.id, sort_by_parameter_order=True), [
                    {"record_id": rid, "role": "carried_out", "confidence": level, "confidence_raw": src.reliability,
                     "basis": ["source_claim"], "source_id": src.id, "claims": None, "origin": "source_claim",
                     "label": text, "status": "current"} for rid, text, _ in chunk]).all()
                links = [{"attribution_id": aid, "actor_id": act}
                         for aid, (_, _, acts) in zip(ids, chunk, strict=True) for act in acts]
                s.execute(insert(attribution_actor), links)
                result.created += len(chunk)
                result.joint += sum(len(a) > 1 for _, _, a in chunk)
        result.unmapped = dict(unmapped.most_common())
    return result
