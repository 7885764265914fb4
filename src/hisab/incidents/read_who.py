"""Reader for the WHO Surveillance System for Attacks on Health Care (SSA) dashboard export (CSV).

Attack types are matched whole against the WHO label list (labels contain commas). Certainty levels map
to hisab's confidence scale (Confirmed/Probable/Possible). The export has no sub-national location and no
perpetrator. Rows of other countries are left aside and counted (the gazetteer is Syria's).
"""

from __future__ import annotations

import csv
from pathlib import Path

from hisab.errors import RowProblem
from hisab.incidents.drafts import IncidentDraft, ReadResult
from hisab.incidents.errors import UnknownTerm
from hisab.incidents.taxonomy import Taxonomy
from hisab.records.dates import DateError, parse_date

WHO_COLUMNS = ("Attack ID", "Attack Date", "Country / Territory", "Certainty Level", "Attack Type",
               "Total Injured", "Total Death")
CERTAINTY = {"confirmed": "confirmed", "probable": "probable", "possible": "possible"}
FACILITY_TARGET = {"primary": "health_facility", "secondary": "hospital", "tertiary": "hospital",
                   "mobile clinic": "health_facility", "pharmacy": "health_facility", "warehouse": "warehouse",
                   "other": "health_facility"}
SYRIA = "Syrian Arab Republic"


def _count(value: str, line: int, column: str, file: str, problems: list[RowProblem]) -> int | None:
    v = (value or "").strip()
    if v == "":
        return None
    try:
        f = float(v)
    except ValueError:
        f = -1.0
    if f < 0 or f != int(f):
        problems.append(RowProblem(file, line, column, f"expected a whole number >= 0, found {value!r}"))
        return None
    return int(f)


def read_who_ssa(path: Path, taxonomy: Taxonomy, country: str | None = SYRIA) -> ReadResult:
    """Read a WHO SSA CSV; `country=None` keeps every country."""
    file = str(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    problems: list[RowProblem] = []
    drafts: list[IncidentDraft] = []
    skipped: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        where = row.get("Country / Territory", "").strip()
        if country and where != country:
            skipped[where] = skipped.get(where, 0) + 1
            continue
        drafts.append(_who_draft(row, line, file, taxonomy, problems))
    return ReadResult("who-ssa", drafts, problems, skipped)


def _who_draft(row: dict, line: int, file: str, taxonomy: Taxonomy, problems: list[RowProblem]) -> IncidentDraft:
    attack_id = row["Attack ID"].strip()
    d = IncidentDraft(code=f"WHO-{attack_id}", origin="who-ssa", row=line, raw=row)
    try:
        fd = parse_date(row["Attack Date"])
        d.date_earliest, d.date_latest, d.date_precision = fd.earliest, fd.latest, fd.precision
    except DateError as exc:
        problems.append(RowProblem(file, line, "Attack Date", str(exc)))
    t = (row.get("Attack Time") or "").strip()
    d.time_of_day = None if t.lower() in ("", "time unknown") else t
    try:
        d.attack_types = [term.id for term in taxonomy["who_attack_types"].split_labels(row["Attack Type"])]
    except UnknownTerm as exc:
        problems.append(RowProblem(file, line, "Attack Type", str(exc)))
    raw_certainty = (row.get("Certainty Level") or "").strip()
    d.confidence_raw = raw_certainty or None
    d.confidence = CERTAINTY.get(raw_certainty.lower())
    if raw_certainty and d.confidence is None:
        problems.append(RowProblem(file, line, "Certainty Level",
                                   f"expected Confirmed, Probable or Possible, found {raw_certainty!r}"))
    killed = _count(row.get("Total Death", ""), line, "Total Death", file, problems)
    injured = _count(row.get("Total Injured", ""), line, "Total Injured", file, problems)
    d.killed_min = d.killed_max = killed
    d.injured_min = d.injured_max = injured
    # Health workers and patients are protected civilians: the WHO toll counts as a civilian toll.
    d.civilians_killed_min = d.civilians_killed_max = killed
    d.targets = _targets(row)
    d.external_ids = {"who_ssa": attack_id}
    return d


def _targets(row: dict) -> list[str]:
    out = []
    if (row.get("HC Facilities") or "").strip().upper() == "YES":
        out.append(FACILITY_TARGET.get((row.get("Type of Facility") or "").strip().lower(), "health_facility"))
    if (row.get("HC Transport") or "").strip().upper() == "YES":
        out.append("health_transport")
    if (row.get("HC Warehouse Storage") or "").strip().upper() == "YES":
        out.append("warehouse")
    return list(dict.fromkeys(out))
