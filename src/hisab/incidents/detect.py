"""Recognising an incidents file by its content, not its name."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hisab.incidents.drafts import ReadResult
from hisab.incidents.errors import UnknownFormat
from hisab.incidents.read_syrianarchive import read_chemweap, read_cw_incidents, read_cw_unit_hashes
from hisab.incidents.read_who import WHO_COLUMNS, read_who_ssa
from hisab.incidents.taxonomy import Taxonomy

FORMATS = ("syrianarchive-cw", "syrianarchive-cw-units", "syrianarchive-chemweap", "who-ssa")


def detect_format(path: Path) -> str:
    """One of FORMATS, from the file's first bytes (JSON keys or CSV header)."""
    path = Path(path)
    try:
        head = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace").lstrip()
    except OSError as exc:
        raise UnknownFormat(f"{path}: cannot read: {exc}") from None
    if not head:
        raise UnknownFormat(f"{path}: the file is empty")
    if head[0] in "[{":
        rows = _json_rows(path)
        keys = set().union(*(r.keys() for r in rows[:5] if isinstance(r, dict))) if rows else set()
        if {"incident_code", "_sc_id_hash"} <= keys:
            return "syrianarchive-cw-units"
        if "incident_code" in keys and keys & {"summary_en", "location", "incident_date"}:
            return "syrianarchive-cw"
        raise UnknownFormat(f"{path}: a JSON file, but not the Syrian Archive CW incident database "
                            f"(expected items with incident_code, location, incident_date; found {sorted(keys)[:8]})")
    header = next(csv.reader([head.splitlines()[0]]), [])
    if "unique_event_ID" in header and "embedded_videos" in header:
        return "syrianarchive-chemweap"
    if all(c in header for c in WHO_COLUMNS):
        return "who-ssa"
    raise UnknownFormat(f"{path}: not a recognised incidents file (Syrian Archive CW JSON, chemweap.csv or a "
                        f"WHO SSA export); its first line is {head.splitlines()[0][:120]!r}")


def _json_rows(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise UnknownFormat(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise UnknownFormat(f"{path}: not UTF-8 text: {exc}") from None
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [data])
    if not isinstance(data, list):
        raise UnknownFormat(f"{path}: expected a JSON list of incidents, found {type(data).__name__}")
    return data


def read_incidents_file(path: Path, taxonomy: Taxonomy, *, group_by: str = "event",
                        country: str | None = "Syrian Arab Republic") -> ReadResult:
    """Detect the format of `path` and read it."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "syrianarchive-cw":
        return read_cw_incidents(_json_rows(path), path, taxonomy)
    if fmt == "syrianarchive-cw-units":
        return read_cw_unit_hashes(_json_rows(path), path)
    if fmt == "syrianarchive-chemweap":
        return read_chemweap(path, taxonomy, group_by)
    return read_who_ssa(path, taxonomy, country)
