"""Reading exiftool's reference outputs (expected_out/*.out) into capture times and GPS fixes.

Each line is `[Group0, Group1, Group2] TagID - Description: value`. The same capture-time rule as
hisab.evidence.dates is applied to the descriptions, so the test compares extraction, not rules. Step 4
(any other CreateDate) is left out: those tags are mostly Unix times that the reference outputs show in
the local time of the machine that wrote them (-04:00/-05:00), which a comparison cannot undo.
"""

from __future__ import annotations

import re
from pathlib import Path

LINE = re.compile(r"^\[([^,\]]+), ([^,\]]+), ([^\]]+)\] (.*?) - ([^:]+): (.*)$")
DMS = re.compile(r"([\d.]+) deg(?:rees)?\s*(?:([\d.]+)(?:'| minutes))?\s*(?:([\d.]+)\")?\s*([NSEW])?")
NO_FILE_NAME = {"Apple_2.out": "Apple.jpg", "GoPro_2.out": "GoPro.jpg"}


def parse_out(path: Path) -> tuple[str | None, list[tuple[str, str, str, str]]]:
    name, rows = NO_FILE_NAME.get(path.name), []
    for line in path.read_text(errors="replace").splitlines():
        m = LINE.match(line)
        if not m:
            continue
        g0, g1, _g2, _tag, desc, value = m.groups()
        if desc == "File Name" and g0 == "File":
            name = value
        rows.append((g0, g1, desc, value))
    return name, rows


def capture(rows: list[tuple[str, str, str, str]]) -> str | None:
    def first(pred):
        for g0, g1, desc, value in rows:
            if pred(g0, g1, desc) and re.match(r"\d{4}:\d{2}:\d{2}", value) and not value.startswith("0000"):
                return value[:19].replace(":", "-", 2).replace(" ", "T")
        return None

    return (first(lambda g0, g1, d: g0 == "EXIF" and d == "Date/Time Original")
            or first(lambda g0, g1, d: g0 not in ("EXIF", "Composite") and d == "Date/Time Original")
            or first(lambda g0, g1, d: g0 == "QuickTime" and g1 == "QuickTime" and d == "Create Date")
            or first(lambda g0, g1, d: g0 == "Composite" and d == "Date/Time Original"))


def degrees(text: str) -> float | None:
    m = DMS.match(text.strip())
    if not m:
        return None
    d, mi, s, hemi = m.groups()
    value = float(d) + float(mi or 0) / 60 + float(s or 0) / 3600
    return -value if hemi in ("S", "W") else value


def gps(rows: list[tuple[str, str, str, str]]) -> tuple[float, float] | None:
    lat = next((v for g0, _g1, d, v in rows if g0 == "Composite" and d == "GPS Latitude"), None)
    lon = next((v for g0, _g1, d, v in rows if g0 == "Composite" and d == "GPS Longitude"), None)
    position = next((v for g0, _g1, d, v in rows if g0 == "Composite" and d == "GPS Position"), None)
    if (lat is None or lon is None) and position and ", " in position:
        lat, lon = position.split(", ", 1)
    if lat is None or lon is None:  # only the EXIF GPS tags and their N/S, E/W references
        exif = {d: v for g0, g1, d, v in rows if g0 == "EXIF" and g1 == "GPS"}
        if "GPS Latitude" not in exif or "GPS Longitude" not in exif:
            return None
        lat = f"{exif['GPS Latitude']} {exif.get('GPS Latitude Ref', 'N')[:1]}"
        lon = f"{exif['GPS Longitude']} {exif.get('GPS Longitude Ref', 'E')[:1]}"
    a, b = degrees(lat), degrees(lon)
    return (a, b) if a is not None and b is not None else None


def expected(folder: Path) -> dict[str, dict]:
    """File name -> {"capture": str|None, "gps": (lat, lon)|None} from every reference output."""
    out: dict[str, dict] = {}
    for path in sorted(folder.glob("*.out")):
        name, rows = parse_out(path)
        if not name:
            continue
        entry = out.setdefault(name, {"capture": None, "gps": None})
        entry["capture"] = entry["capture"] or capture(rows)
        entry["gps"] = entry["gps"] or gps(rows)
    return out
