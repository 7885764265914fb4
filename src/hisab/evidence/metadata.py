"""Metadata extraction without touching the file: exiftool when present, else a partial pure-Python read.

exiftool is driven as one long-lived `-stay_open` process (a new process per file is 15x slower) and asked
for `-G0:1 -a -n -json`: every tag, duplicates kept, each named by its family-0 and family-1 groups, numbers
unformatted (signed decimal GPS). Without exiftool, Pillow and exifread read photo EXIF only; the result
says so in `missing`.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hisab.evidence.dates import CaptureTime, DateTag, date_tags, derive_capture_time
from hisab.evidence.exiftool_process import ExifToolProcess

log = logging.getLogger(__name__)

EXIFTOOL_ARGS = ["-G0:1", "-a", "-n", "-charset", "filename=utf8"]
FALLBACK_MISSING = (
    "exiftool is not installed (Debian: apt install libimage-exiftool-perl): only photo EXIF was read "
    "with Pillow/exifread; video, audio, XMP sidecars and maker notes are missing"
)


@dataclass
class Metadata:
    """What one file says about itself, with the tool that read it."""

    tool: str
    complete: bool
    tags: dict[str, Any]
    dates: list[DateTag]
    capture: CaptureTime
    gps: tuple[float, float] | None
    device: dict[str, str] = field(default_factory=dict)
    mime_type: str | None = None
    missing: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": self.tool, "complete": self.complete, "missing": self.missing, "error": self.error,
            "capture_time": self.capture.to_dict(),
            "dates": [{"tag": d.tag, "raw": d.raw} for d in self.dates],
            "gps": None if self.gps is None else {"latitude": self.gps[0], "longitude": self.gps[1]},
            "device": self.device, "mime_type": self.mime_type, "tags": self.tags,
        }


def from_tags(tags: dict[str, Any], tool: str, *, complete: bool, missing: str | None = None) -> Metadata:
    """Build a Metadata from `Group0:Group1:Name` tags (exiftool's or the fallback's)."""
    tags = {k: v for k, v in tags.items() if k != "SourceFile"}
    error = tags.get("ExifTool:Error") or tags.get("ExifTool:ExifTool:Error")
    return Metadata(
        tool=tool, complete=complete, tags=tags, dates=date_tags(tags), capture=derive_capture_time(tags),
        gps=_gps(tags), device=_device(tags), mime_type=tags.get("File:MIMEType") or tags.get(
            "File:File:MIMEType"), missing=missing, error=str(error) if error else None,
    )


class MetadataReader:
    """Reads many files through one exiftool process (or the fallback). Use as a context manager."""

    def __init__(self, use_exiftool: bool = True):
        self.use_exiftool = use_exiftool and shutil.which("exiftool") is not None
        self._helper: ExifToolProcess | None = None

    def __enter__(self) -> MetadataReader:
        """Start exiftool (it warms up in the background while the caller carries on)."""
        if self.use_exiftool:
            try:
                self._helper = ExifToolProcess(EXIFTOOL_ARGS)
            except OSError as exc:
                log.warning("exiftool could not start (%s); using the pure-Python reader", exc)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._helper is not None:
            self._helper.close()
            self._helper = None

    @property
    def tool(self) -> str:
        return f"exiftool {self._helper.version}" if self._helper is not None else "pillow+exifread"

    def read_many(self, paths: list[Path]) -> list[Metadata]:
        """One batch call for all files; a file exiftool cannot parse gets its error, not an exception."""
        if not paths:
            return []
        if self._helper is None:
            from hisab.evidence.metadata_fallback import read_fallback

            return [from_tags(read_fallback(p), "pillow+exifread", complete=False,
                              missing=FALLBACK_MISSING) for p in paths]
        tool = self.tool
        by_source = {r.get("SourceFile"): r for r in self._helper.json(*[str(p) for p in paths])}
        return [from_tags(by_source.get(str(p), {"ExifTool:Error": "no output"}), tool, complete=True)
                for p in paths]


def _gps(tags: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = tags.get("Composite:GPSLatitude"), tags.get("Composite:GPSLongitude")
    if lat is None or lon is None:
        return None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        return None
    return (lat_f, lon_f)


def _device(tags: dict[str, Any]) -> dict[str, str]:
    device = {}
    for key, value in tags.items():
        name = key.rsplit(":", 1)[-1]
        if name in ("Make", "Model", "SerialNumber", "Software", "LensModel") and name not in device:
            device[name] = str(value)
    return device
