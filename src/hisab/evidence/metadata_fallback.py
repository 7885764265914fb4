"""The pure-Python metadata reader used where exiftool is absent: photo EXIF via Pillow, then exifread.

Tags are named as exiftool names them (`EXIF:ExifIFD:DateTimeOriginal`, `Composite:GPSLatitude` with a
signed decimal) so that the capture-time rule and GPS reading work the same on either path.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, UnidentifiedImageError

EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def read_fallback(path: Path) -> dict[str, Any]:
    """Tags of one file, or {} where neither Pillow nor exifread can read it."""
    logging.getLogger("exifread").setLevel(logging.CRITICAL)  # it logs every unknown format
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tags = _read_pillow(path)
        if not tags:
            tags = _read_exifread(path)
    return tags


def _read_pillow(path: Path) -> dict[str, Any]:
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            tags: dict[str, Any] = {"File:MIMEType": Image.MIME.get(image.format or "", None)}
            for tag_id, value in exif.items():
                tags[f"EXIF:IFD0:{ExifTags.TAGS.get(tag_id, tag_id)}"] = _plain(value)
            for tag_id, value in exif.get_ifd(EXIF_IFD).items():
                tags[f"EXIF:ExifIFD:{ExifTags.TAGS.get(tag_id, tag_id)}"] = _plain(value)
            gps = exif.get_ifd(GPS_IFD)
            for tag_id, value in gps.items():
                tags[f"EXIF:GPS:{ExifTags.GPSTAGS.get(tag_id, tag_id)}"] = _plain(value)
            _composite_gps(tags, gps.get(2), gps.get(1), gps.get(4), gps.get(3))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return {}
    return {k: v for k, v in tags.items() if v is not None}


def _read_exifread(path: Path) -> dict[str, Any]:
    import exifread

    try:
        with open(path, "rb") as handle:
            raw = exifread.process_file(handle, details=False)
    except Exception:  # exifread raises many unrelated types on odd files
        return {}
    tags: dict[str, Any] = {}
    groups = {"Image": "EXIF:IFD0", "EXIF": "EXIF:ExifIFD", "GPS": "EXIF:GPS"}
    for key, value in raw.items():
        group, _, name = key.partition(" ")
        if group in groups:
            tags[f"{groups[group]}:{name}"] = str(value)
    lat, lat_ref = raw.get("GPS GPSLatitude"), raw.get("GPS GPSLatitudeRef")
    lon, lon_ref = raw.get("GPS GPSLongitude"), raw.get("GPS GPSLongitudeRef")
    if lat and lon:
        _composite_gps(tags, [float(r) for r in lat.values], str(lat_ref),
                       [float(r) for r in lon.values], str(lon_ref))
    return tags


def _composite_gps(tags: dict[str, Any], lat: Any, lat_ref: Any, lon: Any, lon_ref: Any) -> None:
    try:
        lat_deg = _degrees(lat) * (-1 if str(lat_ref).upper().startswith("S") else 1)
        lon_deg = _degrees(lon) * (-1 if str(lon_ref).upper().startswith("W") else 1)
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return
    tags["Composite:GPSLatitude"] = lat_deg
    tags["Composite:GPSLongitude"] = lon_deg


def _degrees(dms: Any) -> float:
    d, m, s = (float(x) for x in dms)
    return d + m / 60 + s / 3600


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex() if len(value) <= 64 else f"<{len(value)} bytes>"
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, int | str) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)
