"""What a reader hands the importer: an incident draft per source row or group, before it touches the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hisab.errors import RowProblem

# Syria's bounding box with a small margin: coordinates outside it are flagged, never silently kept.
SYRIA_LAT = (32.2, 37.5)
SYRIA_LON = (35.5, 42.5)


@dataclass
class IncidentDraft:
    """One incident as read from a file; `row` is where it starts in the file (for messages)."""

    code: str
    origin: str
    row: int
    title_en: str | None = None
    title_ar: str | None = None
    summary_en: str | None = None
    summary_ar: str | None = None
    date_earliest: date | None = None
    date_latest: date | None = None
    date_precision: str = "unknown"
    time_of_day: str | None = None
    location_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    location_accuracy: str | None = None
    violation_types: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    attack_types: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    media: list[dict[str, Any]] = field(default_factory=list)
    killed_min: int | None = None
    killed_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    civilians_killed_min: int | None = None
    civilians_killed_max: int | None = None
    external_ids: dict[str, Any] = field(default_factory=dict)
    confidence: str | None = None
    confidence_raw: str | None = None
    flags: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def check_coordinates(self) -> None:
        """Flag coordinates outside Syria (kept, but never used to place the incident)."""
        if self.latitude is None or self.longitude is None:
            return
        if not (SYRIA_LAT[0] <= self.latitude <= SYRIA_LAT[1] and SYRIA_LON[0] <= self.longitude <= SYRIA_LON[1]):
            self.flags.append(f"coordinates {self.latitude}, {self.longitude} lie outside Syria")


@dataclass
class ReadResult:
    """A reader's output: drafts, bad values found (the import is then refused), and rows left aside."""

    format: str
    drafts: list[IncidentDraft]
    problems: list[RowProblem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    unit_hashes: dict[str, list[str]] = field(default_factory=dict)


def massacre_flag(civilians_killed_min: int | None) -> bool | None:
    """SNHR's rule: at least 5 civilians killed. Unknown when the civilian toll is unknown."""
    if civilians_killed_min is None:
        return None
    return civilians_killed_min >= 5
