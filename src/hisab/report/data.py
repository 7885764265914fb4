"""What the report shows, gathered from the store in set-based queries; each section says when it is empty.

Sections that depend on other modules (incidents, estimates, evidence) read their tables directly and are
marked absent, with a sentence saying so, when the store holds nothing for them, so the report never
implies "zero" where it means "not documented here".
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hisab.actors.errors import EmptyPeriod
from hisab.actors.frames import is_health_care
from hisab.actors.query import shares
from hisab.actors.shares import ShareParams, ShareResult
from hisab.store import Store
from hisab.store.models import (
    Attribution,
    CustodyEvent,
    EvidenceItem,
    Incident,
    Person,
    Record,
    Siege,
    Source,
    SourceVersion,
)


@dataclass
class ReportData:
    sources: list[dict[str, Any]]
    records: int
    persons_linked: int
    attributions: int
    shares: ShareResult | None
    shares_note: str | None
    incidents: dict[str, Any]
    estimates: list[dict[str, Any]]
    evidence: dict[str, Any]
    sieges: int
    truth: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def _sources(s: Any) -> list[dict[str, Any]]:
    rows = s.execute(select(Source.name, SourceVersion.version, SourceVersion.sha256, SourceVersion.record_count,
                            SourceVersion.imported_at, SourceVersion.file_format)
                     .join(SourceVersion, SourceVersion.source_id == Source.id)
                     .order_by(Source.name, SourceVersion.version)).all()
    return [{"name": r[0], "version": r[1], "sha256": r[2], "records": r[3], "imported_at": str(r[4])[:19],
             "format": r[5]} for r in rows]


def _incidents(s: Any) -> dict[str, Any]:
    n = s.scalar(select(func.count()).select_from(Incident)) or 0
    if not n:
        return {"present": False}
    by_year: dict[str, int] = {}
    for (d,) in s.execute(select(Incident.date_earliest)):
        key = str(d.year) if d else "undated"
        by_year[key] = by_year.get(key, 0) + 1
    killed = s.execute(select(func.sum(Incident.killed_min), func.sum(Incident.killed_max))).one()
    health = 0
    for origin, attack_types, targets in s.execute(select(Incident.origin, Incident.attack_types,
                                                          Incident.targets)):
        health += is_health_care(origin, attack_types, targets)  # the same test as the by-party table
    attributed = s.scalar(select(func.count(func.distinct(Attribution.incident_id)))
                          .where(Attribution.incident_id.is_not(None))) or 0
    located = s.scalar(select(func.count()).select_from(Incident).where(Incident.latitude.is_not(None))) or 0
    return {"present": True, "count": n, "by_year": dict(sorted(by_year.items())),
            "killed_min": int(killed[0] or 0), "killed_max": int(killed[1] or 0), "health_care": health,
            "attributed": attributed, "located": located}


def _estimates(s: Any) -> list[dict[str, Any]]:
    from hisab.store.models import Estimate

    rows = s.execute(select(Estimate.id, Estimate.method, Estimate.stratum, Estimate.observed, Estimate.estimate,
                            Estimate.lower, Estimate.upper, Estimate.status).order_by(Estimate.id)).all()
    return [dict(zip(("id", "method", "stratum", "observed", "estimate", "lower", "upper", "status"), r,
                     strict=True)) for r in rows]


def read_truth(path: str | Path) -> dict[str, Any]:
    """The simulator's truth: shares among documented persons (truth.csv) and among all victims (truth.json)."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    out: dict[str, Any] = {}
    tj = folder / "truth.json"
    if tj.is_file():
        doc = json.loads(tj.read_text("utf-8"))
        total = doc.get("total") or 1
        out["population"] = {k: v / total for k, v in doc.get("by_perpetrator", {}).items()}
        out["population_total"] = total
    tc = folder / "truth.csv"
    if tc.is_file():
        perps: dict[str, str] = {}
        with tc.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                perps.setdefault(row["person_id"], row["perpetrator"])
        counts: dict[str, int] = {}
        for v in perps.values():
            counts[v] = counts.get(v, 0) + 1
        out["documented"] = {k: v / len(perps) for k, v in counts.items()}
        out["documented_total"] = len(perps)
    return out


def gather(store: Store, params: ShareParams | None = None, truth: str | Path | None = None) -> ReportData:
    """Everything the report needs; the shares are computed (and stored) for `params`."""
    with store.session() as s:
        sources = _sources(s)
        records = s.scalar(select(func.count()).select_from(Record)) or 0
        persons = s.scalar(select(func.count()).select_from(Person)) or 0
        attributions = s.scalar(select(func.count()).select_from(Attribution)) or 0
        incidents = _incidents(s)
        estimates = _estimates(s)
        evidence = {"items": s.scalar(select(func.count()).select_from(EvidenceItem)) or 0,
                    "custody_events": s.scalar(select(func.count()).select_from(CustodyEvent)) or 0}
        sieges = s.scalar(select(func.count()).select_from(Siege)) or 0
    share_result, note = None, None
    if records:
        try:
            share_result = shares(store, params)
        except EmptyPeriod as exc:
            note = str(exc)
    else:
        note = "The store holds no victim records: no shares can be computed."
    data = ReportData(sources, records, persons, attributions, share_result, note, incidents, estimates,
                      evidence, sieges)
    if truth is not None:
        data.truth = read_truth(truth)
    return data
