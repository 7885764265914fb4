"""Date tags and the capture-time rule: every date kept with its tag and raw text, one derived value.

Media carry several clocks that disagree (a camera's EXIF clock and its maker-note clock, QuickTime's UTC
creation time, a container's day/month-ambiguous string). hisab keeps every date tag verbatim and derives
one capture time by a fixed, shown rule, so a reader can always see which tag gave the value and check it
against the others.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

CAPTURE_RULE = (
    "first of: 1. EXIF DateTimeOriginal (time zone from EXIF OffsetTimeOriginal); "
    "2. any other DateTimeOriginal (XMP, RIFF, maker notes…; not Composite); "
    "3. QuickTime CreateDate (UTC by the QuickTime spec, though some cameras write local time); "
    "4. any other CreateDate in the media (not the file system's dates); "
    "5. exiftool's Composite DateTimeOriginal (IPTC or RIFF date and time joined, for files with nothing above)"
)

_DATE_WORDS = ("date", "time")
_NOT_DATES = ("exposuretime", "timezone", "timescale", "duration", "timecode", "timestamp_ms")
_DATETIME = re.compile(
    r"^(\d{4})[:\-](\d{2})[:\-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)


@dataclass(frozen=True)
class DateTag:
    """One date-like tag as the file carries it: full tag name (group:...:name) and raw text."""

    tag: str
    raw: str


@dataclass(frozen=True)
class CaptureTime:
    """The derived capture time, the tag it came from, the rule step used and the time zone if known."""

    value: str | None
    tag: str | None
    step: int | None
    time_zone: str | None
    rule: str = CAPTURE_RULE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def date_tags(tags: dict[str, Any]) -> list[DateTag]:
    """Every tag whose name says date or time, except the file system's (they describe our copy)."""
    found = []
    for key, value in tags.items():
        if key.startswith(("File:System:", "SourceFile", "ExifTool:")):
            continue
        name = key.rsplit(":", 1)[-1].lower()
        if any(w in name for w in _DATE_WORDS) and not any(w in name for w in _NOT_DATES):
            found.append(DateTag(key, str(value)))
    return found


def derive_capture_time(tags: dict[str, Any]) -> CaptureTime:
    """Apply CAPTURE_RULE to tags named `Group0:Group1:Name` (exiftool's -G0:1 keys)."""
    steps: list[tuple[int, list[str]]] = [
        (1, [k for k in tags if k.startswith("EXIF:") and k.endswith(":DateTimeOriginal")]),
        (2, [k for k in tags if k.endswith("DateTimeOriginal") and _name(k) == "DateTimeOriginal"
             and not k.startswith(("EXIF:", "Composite:"))]),
        (3, [k for k in tags if k in ("QuickTime:CreateDate", "QuickTime:QuickTime:CreateDate")]),
        (4, [k for k in tags if _name(k) == "CreateDate" and not k.startswith(("File:", "Composite:"))
             and not k.startswith("QuickTime:Track")]),
        (5, [k for k in tags if k.startswith("Composite:") and _name(k) == "DateTimeOriginal"]),
    ]
    for step, keys in steps:
        for key in keys:
            value = normalise_datetime(str(tags[key]))
            if value is None:
                continue
            zone = _zone_for(key, tags, value)
            return CaptureTime(value, key, step, zone)
    return CaptureTime(None, None, None, None)


def normalise_datetime(raw: str) -> str | None:
    """`2002:07:13 15:58:28` -> `2002-07-13T15:58:28`; None for zero dates or text that is not a date."""
    match = _DATETIME.match(raw.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, _zone = match.groups()
    if year == "0000" or month == "00" or day == "00":
        return None
    text = f"{year}-{month}-{day}"
    if hour is not None:
        text += f"T{hour}:{minute}:{second or '00'}{fraction or ''}"
    return text


def _name(key: str) -> str:
    return key.rsplit(":", 1)[-1]


def _zone_for(key: str, tags: dict[str, Any], value: str) -> str | None:
    match = _DATETIME.match(str(tags[key]).strip())
    if match and match.group(8):
        return match.group(8)
    if key.startswith("EXIF:"):
        for k, v in tags.items():
            if _name(k) == "OffsetTimeOriginal" and k.startswith("EXIF:"):
                return str(v)
        return None
    if key.startswith("QuickTime:"):
        return "UTC (QuickTime spec)"
    return None
