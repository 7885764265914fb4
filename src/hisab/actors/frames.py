"""The store's victims and attributions as tables, one row per person and per (person, attribution, party).

Everything the share statistics count is read here in a few set-based queries (1,000,000 records in
seconds), so that `shares.py` only does arithmetic. A record without a `person_id` is its own person (key
`-record_id`); a person with several records is counted once, with the union of their attributions and of
the attributions of the incidents they died in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import select

from hisab.actors.confidence import LADDER
from hisab.actors.registry import party_map
from hisab.store import Store
from hisab.store.models import Actor, Attribution, Incident, IncidentRecordLink, Record, attribution_actor

HEALTH_ORIGIN = "who-ssa"
HEALTH_WORDS = ("health", "hospital", "medical", "clinic", "ambulance")


def is_health_care(origin: str | None, attack_types: object, targets: object) -> bool:
    """An attack on health care: a WHO SSA row, any incident with WHO attack types, or a health target."""
    if origin == HEALTH_ORIGIN or attack_types:
        return True
    text = json.dumps(targets or [], ensure_ascii=False).casefold()
    return any(w in text for w in HEALTH_WORDS)


@dataclass
class Frames:
    persons: pd.DataFrame  # index person key: date, day, governorate, child, woman, status
    claims: pd.DataFrame  # person, attribution, party, rank, contested
    parties: dict[int, tuple[str, str | None]]  # party actor id -> (name, Arabic name)
    digest: str
    # attacks on health care: index incident id -> date, killed; claims keyed by incident in column "person"
    health: pd.DataFrame | None = None
    health_claims: pd.DataFrame | None = None


@lru_cache(maxsize=1)
def _governorate_lookup() -> dict[str, str]:
    """Normalised governorate name -> P-code, from the incidents module's admin table where present."""
    try:
        from hisab.incidents.admin import governorates
        from hisab.incidents.textnorm import place_key
    except ImportError:  # pragma: no cover - the incidents module is optional for this one
        return {}
    out: dict[str, str] = {}
    for g in governorates().values():
        for name in (g.name_en, g.name_ar, *g.aliases):
            out.setdefault(place_key(name), g.pcode)
        out[place_key(g.name_en)] = g.pcode
        out[place_key(g.name_ar)] = g.pcode
    return out


def governorate_code(text: str | None) -> str | None:
    if text is None or not str(text).strip():
        return None
    try:
        from hisab.incidents.textnorm import place_key
    except ImportError:  # pragma: no cover
        return str(text).strip()
    return _governorate_lookup().get(place_key(str(text)), str(text).strip())


def _read(store: Store, query) -> pd.DataFrame:
    with store.engine.connect() as conn:
        res = conn.execute(query)
        return pd.DataFrame(res.fetchall(), columns=list(res.keys()))


def load_frames(store: Store) -> Frames:
    """Read persons and their (filtered later) party claims from the store."""
    rec = _read(store, select(Record.id, Record.person_id, Record.date_earliest, Record.date_latest, Record.governorate,
                              Record.sex, Record.age_group, Record.status, Record.incident_id))
    rec["person"] = np.where(rec["person_id"].isna(), -rec["id"], rec["person_id"].fillna(0)).astype("int64")
    gov_codes = {g: governorate_code(g) for g in rec["governorate"].dropna().unique()}
    rec["gov"] = rec["governorate"].map(gov_codes)
    rec["date"] = pd.to_datetime(rec["date_earliest"], errors="coerce")
    # a day series may only place a record on a day when the record knows the day (earliest == latest)
    latest = pd.to_datetime(rec["date_latest"], errors="coerce")
    rec["day"] = rec["date"].where(latest.isna() | (latest == rec["date"]))
    rec["child"] = rec["age_group"].eq("child")
    rec["female"] = rec["sex"].eq("female")
    rec["status_known"] = rec["status"].where(rec["status"].isin(["civilian", "combatant"]))
    grouped = rec.sort_values("id").groupby("person", sort=True)
    persons = pd.DataFrame({
        "date": grouped["date"].min(),
        "day": grouped["day"].min(),
        "governorate": grouped["gov"].first(),
        "child": grouped["child"].any(),
        "female": grouped["female"].any(),
        "status": grouped["status_known"].first(),
    })
    persons["status"] = persons["status"].fillna("unknown")
    persons["woman"] = persons["female"] & ~persons["child"]

    att = _read(store, select(Attribution.id, Attribution.record_id, Attribution.incident_id,
                              Attribution.confidence, attribution_actor.c.actor_id)
                .join(attribution_actor, attribution_actor.c.attribution_id == Attribution.id)
                .where(Attribution.status == "current"))
    with store.session() as s:
        actors = list(s.scalars(select(Actor)))
        roots = party_map(actors)
        by_id = {a.id: a for a in actors}
        parties = {}
        for aid in set(roots.values()):
            a = by_id[aid]
            parties[aid] = (a.name, next((x["name"] for x in a.aliases or [] if x.get("lang") == "ar"), None))
    att["party"] = att["actor_id"].map(roots).astype("int64") if len(att) else pd.Series(dtype="int64")
    by_record = att.dropna(subset=["record_id"]).merge(
        rec[["id", "person"]], left_on="record_id", right_on="id", suffixes=("", "_r"))
    inc_att = att.dropna(subset=["incident_id"])
    parts = [by_record[["person", "id", "party", "confidence"]]]
    if len(inc_att):
        victims = rec.dropna(subset=["incident_id"])[["incident_id", "person"]]
        links = _read(store, select(IncidentRecordLink.incident_id, IncidentRecordLink.record_id,
                                    IncidentRecordLink.status).order_by(IncidentRecordLink.id))
        if len(links):
            latest = links.groupby(["incident_id", "record_id"]).last().reset_index()
            ok = latest[latest["status"] == "confirmed"].merge(rec[["id", "person"]], left_on="record_id",
                                                               right_on="id")
            victims = pd.concat([victims, ok[["incident_id", "person"]]])
        parts.append(inc_att.merge(victims.drop_duplicates(), on="incident_id")[["person", "id", "party",
                                                                               "confidence"]])
    claims = pd.concat(parts, ignore_index=True).rename(columns={"id": "attribution"})
    claims = claims.drop_duplicates(["person", "attribution", "party"])
    claims["rank"] = claims["confidence"].map(LADDER).fillna(-1).astype("int64")
    claims["person"] = claims["person"].astype("int64")
    health, health_claims = _health(store, att)
    digest = _digest(rec[["id", "person", "date_earliest", "date_latest", "gov", "sex", "age_group", "status"]],
                     claims[["person", "attribution", "party", "confidence"]],
                     health.reset_index()[["id", "date", "killed_min", "killed_max"]],
                     health_claims[["person", "attribution", "party", "confidence"]])
    return Frames(persons, claims.reset_index(drop=True), parties, digest, health, health_claims)


def _health(store: Store, att: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attacks on health care (`is_health_care`) and their party claims.

    WHO SSA exports carry no perpetrator, so an attack is unattributed until an Attribution row names
    a party for its incident; those claims are keyed by incident id in the column "person" so that the
    same classification and bounds as for persons apply, one attack counted once.
    """
    inc = _read(store, select(Incident.id, Incident.origin, Incident.attack_types, Incident.targets,
                              Incident.date_earliest, Incident.killed_min, Incident.killed_max))
    is_health = [is_health_care(o, a, t) for o, a, t in zip(inc["origin"], inc["attack_types"], inc["targets"],
                                                           strict=True)]
    inc = inc[pd.Series(is_health, index=inc.index, dtype=bool)].set_index("id")
    health = pd.DataFrame({"date": pd.to_datetime(inc["date_earliest"], errors="coerce"),
                           "killed_min": inc["killed_min"], "killed_max": inc["killed_max"]}, index=inc.index)
    cols = ["person", "attribution", "party", "confidence", "rank"]
    if health.empty or att.empty:
        return health, pd.DataFrame({k: pd.Series(dtype="int64" if k != "confidence" else object) for k in cols})
    h = att.dropna(subset=["incident_id"])
    h = h[h["incident_id"].isin(health.index)]
    h = pd.DataFrame({"person": h["incident_id"].astype("int64"), "attribution": h["id"].astype("int64"),
                      "party": h["party"].astype("int64"), "confidence": h["confidence"]})
    h = h.drop_duplicates(["person", "attribution", "party"])
    h["rank"] = h["confidence"].map(LADDER).fillna(-1).astype("int64")
    return health, h.reset_index(drop=True)


def _digest(*frames: pd.DataFrame) -> str:
    """A fingerprint of exactly the inputs the shares are computed from (order-independent)."""
    h = hashlib.sha256()
    for df in frames:
        hashed = pd.util.hash_pandas_object(df.astype(str), index=False).to_numpy()
        h.update(np.sort(hashed).tobytes())
        h.update(str(len(df)).encode())
    return h.hexdigest()
