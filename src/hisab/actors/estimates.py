"""Estimated totals per responsible party, read from estimates stratified by the lists' perpetrator column.

`hisab estimate --strata perpetrator` stores (`hisab.estimate.store_io.save_results`) one Estimate row per
method with `stratum="all"` whose `params["strata"]` lists the stratum labels, followed by one row per
stratum whose `stratum` is the label itself (the most frequent `Record.perpetrator` value of the person, or
"unknown"). The column name is not stored, so a run is taken as a perpetrator run when every label is
"unknown" or a perpetrator value found in the records. Each label is mapped to a party through the same
label mapping that turns list claims into attributions (a list may spell one party several ways, e.g.
in Arabic and in English). Where several strata map to one party, their sum is added as one more row
(`hisab.estimate.strata.combine`: sum of points, normal approximation of the interval). Estimates are
shown beside documented counts, never added to them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hisab.actors.labels import label_key, load_labels
from hisab.actors.registry import party_map
from hisab.estimate.result import EstimateResult
from hisab.estimate.store_io import UNKNOWN
from hisab.estimate.strata import combine
from hisab.store import Store
from hisab.store.models import Actor, Estimate, Record

TOTAL = "all"


@dataclass
class PartyEstimate:
    """One stored estimate of one perpetrator stratum (or of their total, `stratum == "all"`)."""

    party: str | None  # None: the stratum is the lists' "unknown" or a label the mapping does not know
    stratum: str
    method: str
    model: str | None
    observed: int | None
    estimate: float | None
    lower: float | None
    upper: float | None
    status: str
    estimate_id: int
    note: str = ""
    # the same party's documented counts from the share table, shown beside and never added
    documented_lower_n: int | None = None
    documented_point_n: float | None = None
    documented_upper_n: int | None = None


def _perpetrator_keys(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        values = conn.execute(select(Record.perpetrator).distinct().where(Record.perpetrator.is_not(None))).scalars()
        return {label_key(v) for v in values if str(v).strip()}


def _runs(rows: list[Any], keys: set[str]) -> dict[str, list[Any]]:
    """method -> [total row, stratum rows…] of its latest perpetrator-stratified run."""
    latest: dict[str, list[Any]] = {}
    for i, row in enumerate(rows):
        strata = (row.params or {}).get("strata")
        if row.stratum != TOTAL or not isinstance(strata, list) or not strata:
            continue
        labels = [str(x) for x in strata]
        if all(x == UNKNOWN for x in labels) or not all(x == UNKNOWN or label_key(x) in keys for x in labels):
            continue
        members = []
        for nxt in rows[i + 1:i + 1 + len(labels)]:
            if nxt.method != row.method or nxt.stratum not in labels:
                break
            members.append(nxt)
        latest[row.method] = [row, *members]
    return latest


def _party_names(store: Store) -> Any:
    """A function: stratum label -> its party names (empty: the list's "unknown"; None: not mapped)."""
    labels = load_labels()
    with store.session() as s:
        actors = list(s.scalars(select(Actor)))
        roots = party_map(actors)
        by_id = {a.id: a for a in actors}
        by_ref = {a.ftm_id: a.id for a in actors if a.ftm_id}

    def parties(label: str) -> list[str] | None:
        refs = labels.get(label_key(label))
        if refs is None:
            return None
        ids = [by_ref.get(r, by_ref.get("hisab-" + r)) for r in refs]
        if any(i is None for i in ids):
            return None
        return sorted({by_id[roots[i]].name for i in ids if i is not None})

    return parties


def _party_totals(rows: list[PartyEstimate]) -> list[PartyEstimate]:
    """One summed row per party that several strata of one method map to."""
    by_party: dict[str, list[PartyEstimate]] = {}
    for e in rows:
        if e.party is not None and e.stratum != TOTAL:
            by_party.setdefault(e.party, []).append(e)
    out = []
    for party, members in sorted(by_party.items()):
        if len(members) < 2:
            continue
        parts = [EstimateResult(e.method, e.model or "-", e.observed or 0, e.estimate, e.lower, e.upper,
                                status=e.status, stratum=e.stratum) for e in members]
        total = combine(parts)
        labels = [e.stratum for e in members]
        out.append(PartyEstimate(party, " + ".join(labels), members[0].method, total.model, total.observed,
                                 total.estimate, total.lower, total.upper, total.status, members[0].estimate_id,
                                 f"sum of the {len(labels)} strata naming this party (normal approximation)"))
    return out


def party_estimates(store: Store) -> tuple[list[PartyEstimate], str | None]:
    """The latest perpetrator-stratified estimates, per method, mapped to parties; and a digest of them."""
    with store.session() as s:
        rows = list(s.execute(select(Estimate.id, Estimate.method, Estimate.model, Estimate.stratum,
                                     Estimate.observed, Estimate.estimate, Estimate.lower, Estimate.upper,
                                     Estimate.status, Estimate.params).order_by(Estimate.id)))
    if not rows:
        return [], None
    runs = _runs(rows, _perpetrator_keys(store))
    if not runs:
        return [], None
    parties = _party_names(store)
    out = []
    for method in sorted(runs):
        for row in runs[method]:
            party, note = None, ""
            if row.stratum == TOTAL:
                note = "total over all perpetrator strata"
            elif row.stratum == UNKNOWN:
                note = "persons whose lists name no perpetrator"
            else:
                names = parties(row.stratum)
                if names is None:
                    note = "label not in the perpetrator label mapping"
                elif not names:
                    note = "the list's own 'unknown'"
                else:
                    party = " or ".join(names)
                    if len(names) > 1:
                        note = "joint label: the parties are not separated"
            out.append(PartyEstimate(party, row.stratum, row.method, row.model, row.observed, row.estimate,
                                     row.lower, row.upper, row.status, row.id, note))
        out.extend(_party_totals([e for e in out if e.method == method]))
    # per method: the total first, then each party's strata and their sum together, unmapped strata last
    out.sort(key=lambda e: (e.method, e.stratum != TOTAL, e.party is None, e.party or "", " + " in e.stratum))
    digest = hashlib.sha256(json.dumps(
        [[e.estimate_id, e.stratum, e.method, e.estimate, e.lower, e.upper, e.status, e.party] for e in out],
        default=str).encode()).hexdigest()
    return out, digest
