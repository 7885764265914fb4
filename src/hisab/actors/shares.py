"""Each party's share of deaths as a lower bound, a point value and an upper bound, unattributed shown.

Rules (documentation-practice.md 4.8), counted over persons (each person once):

* a claim is an attribution at or above `min_confidence` (`contested` ones always kept, `discounted` ones
  never counted);
* a person is *sole* to party X when every claim about them names X alone and none is contested; *joint*
  when one claim names several parties that could not be separated; *conflicting* when sources name
  different parties; *unattributed* when no claim remains;
* lower bound of X: persons sole to X with a claim graded at least `probable` (and at least the threshold);
* point value of X: persons sole to X, plus each joint or conflicting person split equally among the
  parties named;
* upper bound of X: persons sole to X, plus every joint or conflicting person naming X, plus every
  unattributed person (any of them could be X's);
* the unattributed share and the denominator are always reported. Documented counts only: estimates are
  reported beside them, never mixed in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from hisab.actors.confidence import LADDER, LOWER_BOUND_MIN, check_threshold
from hisab.actors.errors import EmptyPeriod, UserError
from hisab.actors.frames import Frames

CATEGORIES = ("child", "woman", "civilian", "combatant", "status unknown")
SERIES = ("month", "day")
NOT_TO_THE_DAY = "not known to the day"


@dataclass(frozen=True)
class ShareParams:
    date_from: date | None = None
    date_to: date | None = None
    governorate: str | None = None
    min_confidence: str = "possible"
    by: str = "month"  # time series: "month" always; "day" adds a series by day

    def check(self) -> ShareParams:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(f"--from {self.date_from} is after --to {self.date_to}")
        if self.by not in SERIES:
            raise UserError(f"--by must be one of {', '.join(SERIES)}; got {self.by!r}")
        check_threshold(self.min_confidence)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "governorate": self.governorate, "min_confidence": self.min_confidence, "by": self.by}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ShareParams:
        return cls(date.fromisoformat(d["date_from"]) if d.get("date_from") else None,
                   date.fromisoformat(d["date_to"]) if d.get("date_to") else None,
                   d.get("governorate"), d.get("min_confidence", "possible"), d.get("by", "month"))


@dataclass
class PartyShare:
    party: str
    party_ar: str | None
    lower_n: int
    point_n: float
    upper_n: int
    lower: float
    point: float
    upper: float
    sole_n: int
    shared_n: int  # joint or conflicting persons naming this party
    by_threshold: dict[str, int]  # sole persons with a claim at least this grade


@dataclass
class ShareTable:
    """Shares over one set of persons (the whole selection, one month, one governorate, one category)."""

    label: str
    persons: int
    unattributed_n: int
    joint_n: int
    conflicting_n: int
    unattributed: float
    parties: list[PartyShare] = field(default_factory=list)

    def party(self, name: str) -> PartyShare | None:
        return next((p for p in self.parties if p.party == name), None)


@dataclass
class HealthCare:
    """Attacks on health care by responsible party: the same bounds, over attacks instead of persons
    (`ShareTable.persons` counts attacks here). Not filtered by governorate: WHO SSA rows have no
    sub-national location."""

    attacks: ShareTable
    by_year: list[ShareTable]
    killed_min: int
    killed_max: int
    undated_excluded: int
    note: str


@dataclass
class ShareResult:
    params: dict[str, Any]
    rule: str
    overall: ShareTable
    by_month: list[ShareTable]
    by_governorate: list[ShareTable]
    by_category: list[ShareTable]
    undated_excluded: int
    input_digest: str
    query_id: int | None = None
    by_day: list[ShareTable] = field(default_factory=list)  # filled when params.by == "day"
    health_care: HealthCare | None = None  # None: no attacks on health care in the store (or the period)
    estimates: list[Any] = field(default_factory=list)  # hisab.actors.estimates.PartyEstimate, never added in

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def classify(frames: Frames, min_confidence: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per person: class (sole/joint/conflicting/none); per (person, party): the contribution columns."""
    return classify_units(frames.persons, frames.claims, min_confidence)


def classify_units(units: pd.DataFrame, claims: pd.DataFrame,
                   min_confidence: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`classify` for any counted unit (persons, or attacks keyed in the claims' "person" column)."""
    floor = LADDER[min_confidence]
    strong = max(floor, LADDER[LOWER_BOUND_MIN])
    c = claims
    c = c[(c["confidence"] == "contested") | ((c["confidence"] != "discounted") & (c["rank"] >= floor))].copy()
    c["contested"] = c["confidence"].eq("contested")
    if c.empty:
        persons = units.assign(cls="none")
        cols = ["person", "party", "cls", "n_parties", "rank", "sole", "strong", "at_confirmed", "at_probable",
                "at_possible", "shared", "point"]
        return persons, pd.DataFrame({k: pd.Series(dtype="int64") for k in cols})
    per_att = c.groupby(["person", "attribution"])["party"].agg(["nunique", lambda s: tuple(sorted(set(s)))])
    per_att.columns = ["n", "set"]
    per_person = per_att.reset_index().groupby("person").agg(
        sets=("set", "nunique"), joint=("n", "max"))
    pp = c.groupby("person").agg(n_parties=("party", "nunique"), rank=("rank", "max"),
                                 contested=("contested", "max"))
    pp = pp.join(per_person)
    pp["cls"] = "sole"
    multi = (pp["n_parties"] > 1) | pp["contested"]
    pp.loc[multi & (pp["sets"] == 1), "cls"] = "joint"
    pp.loc[multi & ((pp["sets"] > 1) | pp["contested"]), "cls"] = "conflicting"
    contrib = c[["person", "party"]].drop_duplicates().merge(pp[["cls", "n_parties", "rank"]],
                                                             left_on="person", right_index=True)
    sole = contrib["cls"] == "sole"
    contrib["sole"] = sole.astype("int64")
    contrib["strong"] = (sole & (contrib["rank"] >= strong)).astype("int64")
    for name, rank in LADDER.items():
        if name != "unknown":
            contrib[f"at_{name}"] = (sole & (contrib["rank"] >= rank)).astype("int64")
    contrib["shared"] = (~sole).astype("int64")
    contrib["point"] = sole.astype(float) + (~sole) / contrib["n_parties"]
    persons = units.join(pp[["cls"]], how="left")
    persons["cls"] = persons["cls"].fillna("none")
    return persons, contrib


def _table(label: str, persons: pd.DataFrame, contrib: pd.DataFrame,
           parties: dict[int, tuple[str, str | None]]) -> ShareTable:
    n = len(persons)
    cls = persons["cls"].value_counts()
    un = int(cls.get("none", 0))
    table = ShareTable(label, n, un, int(cls.get("joint", 0)), int(cls.get("conflicting", 0)),
                       un / n if n else 0.0)
    sums = contrib.groupby("party")[["sole", "strong", "shared", "point", "at_confirmed", "at_probable",
                                     "at_possible"]].sum()
    for party, row in sums.sort_values("point", ascending=False).iterrows():
        name, name_ar = parties.get(int(party), (str(party), None))
        upper = int(row["sole"] + row["shared"]) + un
        table.parties.append(PartyShare(
            name, name_ar, int(row["strong"]), float(row["point"]), upper,
            row["strong"] / n, row["point"] / n, upper / n, int(row["sole"]), int(row["shared"]),
            {"confirmed": int(row["at_confirmed"]), "probable": int(row["at_probable"]),
             "possible": int(row["at_possible"])}))
    return table


def _series(key: pd.Series, persons: pd.DataFrame, contrib: pd.DataFrame, parties) -> list[ShareTable]:
    out = []
    keyed = contrib.merge(key.rename("_k"), left_on="person", right_index=True)
    groups = dict(tuple(keyed.groupby("_k")))
    empty = contrib.iloc[0:0]
    for value, members in persons.groupby(key.reindex(persons.index)):
        out.append(_table(str(value), members, groups.get(value, empty), parties))
    return out


def _in_period(frame: pd.DataFrame, params: ShareParams) -> tuple[pd.DataFrame, int]:
    """Rows whose `date` lies in the asked period, and how many were left out for having no date."""
    if not (params.date_from or params.date_to):
        return frame, 0
    mask = frame["date"].notna()
    if params.date_from:
        mask &= frame["date"] >= pd.Timestamp(params.date_from)
    if params.date_to:
        mask &= frame["date"] <= pd.Timestamp(params.date_to)
    return frame[mask], int(frame["date"].isna().sum())


def compute_shares(frames: Frames, params: ShareParams) -> ShareResult:
    """The share tables for `params` over `frames` (pure: the same inputs give the same result)."""
    params.check()
    persons, contrib = classify(frames, params.min_confidence)
    persons, undated = _in_period(persons, params)
    if params.governorate:
        from hisab.actors.frames import governorate_code

        code = governorate_code(params.governorate)
        persons = persons[persons["governorate"] == code]
    if persons.empty:
        raise EmptyPeriod(f"no victims in the selection ({_describe(params)}); shares of nothing are not "
                          "zero but undefined: widen the period or area")
    contrib = contrib[contrib["person"].isin(persons.index)]
    overall = _table("all", persons, contrib, frames.parties)
    month = persons["date"].dt.strftime("%Y-%m").astype(object).where(persons["date"].notna(), "undated")
    by_day = []
    if params.by == "day":
        day = persons["day"].dt.strftime("%Y-%m-%d").astype(object).where(persons["day"].notna(), NOT_TO_THE_DAY)
        by_day = _series(day, persons, contrib, frames.parties)
    gov = persons["governorate"].astype(object).where(persons["governorate"].notna(), "unknown")
    by_category = []
    for cat in CATEGORIES:
        mask = {"child": persons["child"], "woman": persons["woman"],
                "civilian": persons["status"] == "civilian", "combatant": persons["status"] == "combatant",
                "status unknown": persons["status"] == "unknown"}[cat]
        if mask.any():
            sel = persons[mask]
            by_category.append(_table(cat, sel, contrib[contrib["person"].isin(sel.index)], frames.parties))
    return ShareResult(
        params=params.to_dict(), rule=RULE, overall=overall,
        by_month=_series(month, persons, contrib, frames.parties),
        by_governorate=_series(gov, persons, contrib, frames.parties),
        by_category=by_category, undated_excluded=undated, input_digest=frames.digest, by_day=by_day,
        health_care=health_care(frames, params))


def health_care(frames: Frames, params: ShareParams) -> HealthCare | None:
    """Attacks on health care per party with lower, point and upper bounds; unattributed always shown."""
    if frames.health is None or frames.health.empty:
        return None
    attacks = frames.health
    attacks, undated = _in_period(attacks, params)
    if attacks.empty:
        return None
    units, contrib = classify_units(attacks, frames.health_claims, params.min_confidence)
    contrib = contrib[contrib["person"].isin(units.index)]
    year = units["date"].dt.year.astype("Int64").astype(str).astype(object).where(units["date"].notna(), "undated")
    note = ("Counts attacks (each once), not deaths. The WHO SSA export names no perpetrator: an attack is "
            "unattributed unless an attribution names a party for its incident.")
    if params.governorate:
        note += " Not filtered by governorate: WHO SSA rows have no sub-national location."
    return HealthCare(_table("attacks on health care", units, contrib, frames.parties),
                      _series(year, units, contrib, frames.parties),
                      int(attacks["killed_min"].fillna(0).sum()), int(attacks["killed_max"].fillna(0).sum()),
                      undated, note)


def _describe(p: ShareParams) -> str:
    bits = [f"from {p.date_from}" if p.date_from else "", f"to {p.date_to}" if p.date_to else "",
            f"governorate {p.governorate!r}" if p.governorate else "", f"min confidence {p.min_confidence}"]
    return ", ".join(b for b in bits if b)


RULE = ("lower = persons attributed to the party alone at probable or better; point = persons attributed to "
        "it alone plus joint or conflicting persons split equally among the parties named; upper = persons "
        "attributed to it alone or jointly or in conflict, plus all unattributed persons; each over all "
        "persons in the selection (one person counted once)")
