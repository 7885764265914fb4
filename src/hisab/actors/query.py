"""Stored share queries: every published figure can be recomputed from its parameters and checked.

`shares()` computes and stores the parameters, a digest of exactly the inputs used and the result;
`replay()` recomputes a stored query against the store as it is now and says whether inputs and figures
are unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from hisab.actors.errors import UserError
from hisab.actors.estimates import party_estimates
from hisab.actors.frames import load_frames
from hisab.actors.shares import ShareParams, ShareResult, compute_shares
from hisab.store import Store
from hisab.store.models import ShareQuery


def _jsonable(result: ShareResult) -> dict:
    return json.loads(json.dumps(result.to_dict(), default=str))


def shares(store: Store, params: ShareParams | None = None, *, save: bool = True) -> ShareResult:
    """Each party's share with bounds for `params`; stored as a ShareQuery when `save`."""
    params = (params or ShareParams()).check()
    result = _compute(store, params)
    if save:
        with store.session() as s:
            row = ShareQuery(kind="shares", params=params.to_dict(), input_digest=result.input_digest,
                             result=_jsonable(result))
            s.add(row)
            s.flush()
            result.query_id = row.id
    return result


def _compute(store: Store, params: ShareParams) -> ShareResult:
    """Documented shares, with the stored per-perpetrator estimates beside them (their digest joins the
    input digest, so a replay notices a new estimate as a change of inputs)."""
    result = compute_shares(load_frames(store), params)
    estimates, est_digest = party_estimates(store)
    if estimates:
        for e in estimates:
            p = result.overall.party(e.party) if e.party else None
            if p is not None:
                e.documented_lower_n, e.documented_point_n, e.documented_upper_n = p.lower_n, p.point_n, p.upper_n
        result.estimates = estimates
        result.input_digest = hashlib.sha256(f"{result.input_digest}:{est_digest}".encode()).hexdigest()
    return result


@dataclass(frozen=True)
class Replay:
    query_id: int
    same_inputs: bool
    same_figures: bool
    stored_digest: str
    current_digest: str


def replay(store: Store, query_id: int) -> Replay:
    """Recompute stored query `query_id` and compare inputs and figures with what was stored."""
    with store.session() as s:
        row = s.get(ShareQuery, query_id)
        if row is None:
            raise UserError(f"no stored share query with id {query_id}")
        params, digest, stored = ShareParams.from_dict(row.params), row.input_digest, row.result
    now = _compute(store, params)
    fresh = _jsonable(now)
    fresh["query_id"] = stored.get("query_id")
    stored = dict(stored, query_id=stored.get("query_id"))
    return Replay(query_id, now.input_digest == digest, fresh == stored, digest, now.input_digest)
