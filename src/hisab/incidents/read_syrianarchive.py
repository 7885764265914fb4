"""Readers for the Syrian Archive files: the CW incident database (JSON), its unit hashes, and chemweap.csv.

The two CW JSON snapshots (2018-08-21: 209 incidents; the earlier backup: 207) carry the same
`incident_code`s, so the importer merges them into one incident each. `chemweap.csv` lists one video per
row; rows are grouped into incidents by `unique_event_ID` (or by place and day), with the archived video
URL and the YouTube id found in its file name or channel link.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from hisab.errors import RowProblem
from hisab.incidents.drafts import IncidentDraft, ReadResult
from hisab.incidents.taxonomy import Taxonomy
from hisab.records.dates import DateError, parse_date

CW_BOOL_COLUMNS = (
    "Arbitrary_and_forcible_displacement", "Arbitrary_arrest_and_unlawful_detention", "Enforced_disappearance",
    "Hostage_taking", "Massacres_and_other_unlawful_killing", "Sexual_and_gender_based_violence",
    "Sieges_and_violations_of_economic_social_and_cultural_rights", "Torture_and_ill_treatment_of_detainees",
    "Unlawful_attacks", "Use_of_illegal_weapons", "Violations_against_specifically_protected_persons_and_objects",
    "Violations_of_childrens_rights",
)
_YOUTUBE_FILE = re.compile(r"-([A-Za-z0-9_-]{11})\.(?:mp4|webm|mkv|flv)$")
_YOUTUBE_URL = re.compile(r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/)|youtu\.be/)([A-Za-z0-9_-]{11})")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _coord(value: Any, where: str, column: str, problems: list[RowProblem], file: str, row: int) -> float | None:
    if _text(value) == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        problems.append(RowProblem(file, row, column, f"expected a decimal coordinate, found {value!r}", where))
        return None


def _date(value: str, draft: IncidentDraft, problems: list[RowProblem], file: str, column: str, unit: str) -> None:
    try:
        fd = parse_date(value, order="dmy")
    except DateError as exc:
        problems.append(RowProblem(file, draft.row, column, str(exc), unit))
        return
    if fd.latest is not None and fd.latest > date.today():
        problems.append(RowProblem(file, draft.row, column, f"date {value!r} is in the future", unit))
        return
    draft.date_earliest, draft.date_latest, draft.date_precision = fd.earliest, fd.latest, fd.precision


def read_cw_incidents(rows: list[dict], path: Path, taxonomy: Taxonomy) -> ReadResult:
    """Read the Syrian Archive CW incident database (a JSON list of incidents)."""
    file, unit = str(path), "item"
    problems: list[RowProblem] = []
    drafts: list[IncidentDraft] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        code = _text(row.get("incident_code"))
        if not code:
            problems.append(RowProblem(file, n, "incident_code", "missing incident code", unit))
            continue
        if code in seen:
            problems.append(RowProblem(file, n, "incident_code", f"{code!r} appears twice in the file", unit))
            continue
        seen.add(code)
        d = IncidentDraft(code=code, origin="syrianarchive-cw", row=n, raw=row)
        d.title_en, d.title_ar = _text(row.get("title_en")) or None, _text(row.get("title_ar")) or None
        d.summary_en, d.summary_ar = _text(row.get("summary_en")) or None, _text(row.get("summary_ar")) or None
        _date(_text(row.get("incident_date")), d, problems, file, "incident_date", unit)
        d.time_of_day = _text(row.get("incident_time")) or None
        d.location_text = _text(row.get("location")) or None
        d.latitude = _coord(row.get("latitude"), unit, "latitude", problems, file, n)
        d.longitude = _coord(row.get("longitude"), unit, "longitude", problems, file, n)
        if d.latitude is not None:
            d.location_accuracy = "reported coordinates"
        d.check_coordinates()
        for col in CW_BOOL_COLUMNS:
            if _text(row.get(col)).upper() == "TRUE":
                d.violation_types.append(taxonomy["violation_types"].require(col, f"{file}, item {n}").id)
        for key in sorted(k for k in row if k.startswith("weapons_used")):
            value = _text(row[key])
            if value:
                term = taxonomy["weapons"].match(value)
                if term is None:
                    problems.append(RowProblem(file, n, key, f"{value!r} is not a known weapon term", unit))
                elif term.id not in d.weapons:
                    d.weapons.append(term.id)
        d.collections = list(dict.fromkeys(_text(row[k]) for k in sorted(row) if k.startswith("collections")
                                           and _text(row[k])))
        d.external_ids = {"syrianarchive": code}
        for key, system in (("un_title", "un"), ("fr_title", "fr")):
            if _text(row.get(key)):
                d.external_ids[system] = _text(row[key])
        conf = _text(row.get("confidence"))
        d.confidence_raw = conf or None
        d.confidence = "unknown" if conf else None  # the 0-3 scale is undocumented: kept raw, not mapped
        drafts.append(d)
    return ReadResult("syrianarchive-cw", drafts, problems)


def read_cw_unit_hashes(rows: list[dict], path: Path) -> ReadResult:
    """Read `incidentrelations.json`: incident code -> comma-separated SHA-256 ids of preserved media units."""
    problems: list[RowProblem] = []
    hashes: dict[str, list[str]] = {}
    for n, row in enumerate(rows, start=1):
        code = _text(row.get("incident_code"))
        values = [h.strip() for h in _text(row.get("_sc_id_hash")).split(",") if h.strip()]
        bad = [h for h in values if not re.fullmatch(r"[0-9a-f]{64}", h)]
        if not code or bad:
            problems.append(RowProblem(str(path), n, "_sc_id_hash" if bad else "incident_code",
                                       f"expected a code and SHA-256 hex ids, found {bad or code!r}", "item"))
            continue
        hashes.setdefault(code, []).extend(values)
    return ReadResult("syrianarchive-cw-units", [], problems, unit_hashes=hashes)


def youtube_id(*texts: str) -> str | None:
    """The YouTube video id in an archived file name ("…-e5Ss14Q0MwY.mp4") or a watch/youtu.be URL."""
    for text in texts:
        t = unquote(text or "").strip()
        if m := _YOUTUBE_FILE.search(t) or _YOUTUBE_URL.search(t):
            return m.group(1)
    return None


def _chemweap_date(value: str) -> tuple[date | None, str | None]:
    """`08/21/13 12:00 AM` (month/day/two-digit year; midnight is the sheet's placeholder for no time)."""
    v = value.strip()
    if not v:
        return None, None
    for fmt in ("%m/%d/%y %I:%M %p", "%m/%d/%Y %I:%M %p", "%m/%d/%y", "%m/%d/%Y"):
        try:
            dt = datetime.strptime(v, fmt)
        except ValueError:
            continue
        time = dt.strftime("%H:%M") if (dt.hour, dt.minute) != (0, 0) else None
        return dt.date(), time
    raise DateError(f"cannot read date {value!r}; expected month/day/year such as 08/21/13 12:00 AM")


def read_chemweap(path: Path, taxonomy: Taxonomy, group_by: str = "event") -> ReadResult:
    """Read `chemweap.csv`: videos grouped into incidents by `unique_event_ID` ("event") or place+day."""
    file = str(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    problems: list[RowProblem] = []
    groups: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for line, row in enumerate(rows, start=2):
        event = _text(row.get("unique_event_ID"))
        if not event:
            problems.append(RowProblem(file, line, "unique_event_ID", "missing event id"))
            continue
        key = event if group_by == "event" else f"{_text(row.get('location_name'))}|{_text(row.get('date_time'))[:8]}"
        groups[key].append((line, row))
    drafts = []
    for key, members in groups.items():
        drafts.append(_chemweap_incident(key, members, file, problems, group_by, taxonomy))
    return ReadResult("syrianarchive-chemweap", drafts, problems)


def _chemweap_incident(key: str, members: list[tuple[int, dict]], file: str, problems: list[RowProblem],
                       group_by: str, taxonomy: Taxonomy) -> IncidentDraft:
    line0, first = members[0]
    ids = [_text(r.get("unique_event_ID")) for _, r in members]
    code = ids[0] if group_by == "event" else "CWV-" + "-".join(sorted(ids))[:90]
    d = IncidentDraft(code=code, origin="syrianarchive-chemweap", row=line0, raw={"rows": [r for _, r in members]})
    days, times = [], set()
    for line, r in members:
        try:
            day, time = _chemweap_date(_text(r.get("date_time")))
        except DateError as exc:
            problems.append(RowProblem(file, line, "date_time", str(exc)))
            continue
        if day:
            days.append(day)
        if time:
            times.add(time)
        d.media.append({"kind": "video", "url": _text(r.get("embedded_videos")) or None,
                        "youtube_id": _text(r.get("youtube_id_video")) or youtube_id(
                            _text(r.get("embedded_videos")), _text(r.get("url_links"))),
                        "channel": _text(r.get("url_links")) or None, "source_en": _text(r.get("sources")) or None,
                        "source_ar": _text(r.get("sources_ar")) or None, "row": line})
    if days:
        d.date_earliest, d.date_latest = min(days), max(days)
        d.date_precision = "day" if d.date_earliest == d.date_latest else "range"
    d.time_of_day = times.pop() if len(times) == 1 else None
    d.location_text = _text(first.get("location_name_ar")) or _text(first.get("location_name")) or None
    d.latitude = _coord(first.get("geo_latitude"), "row", "geo_latitude", problems, file, line0)
    d.longitude = _coord(first.get("geo_longitude"), "row", "geo_longitude", problems, file, line0)
    d.location_accuracy = _text(first.get("geo_accuracy")).lower() or None
    d.check_coordinates()
    d.summary_en = " / ".join(dict.fromkeys(_text(r.get("event_summary")) for _, r in members
                                            if _text(r.get("event_summary")))) or None
    d.summary_ar = " / ".join(dict.fromkeys(_text(r.get("event_summary_ar")) for _, r in members
                                            if _text(r.get("event_summary_ar")))) or None
    for line, r in members:
        value = _text(r.get("type_of_violation"))
        term = taxonomy["violation_types"].match(value) if value else None
        if value and term is None:
            problems.append(RowProblem(file, line, "type_of_violation", f"{value!r} is not a known violation type"))
        elif term and term.id not in d.violation_types:
            d.violation_types.append(term.id)
    d.weapons = ["chemical"]  # the sheet is the chemical-weapons collection; its weapons_used column is empty
    d.external_ids = {"syrianarchive_2015": ids}
    return d
