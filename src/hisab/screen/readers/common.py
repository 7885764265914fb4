"""Helpers every reader shares: strict decoding, dates, countries, the parsed-list container."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


@dataclass
class ListData:
    """A parsed list file: its entities, hash of the bytes read, and the date the publisher stamped."""

    kind: str
    path: str
    sha256: str
    entities: list[ListEntity]
    generated: str | None = None
    warnings: list[str] = field(default_factory=list)


def xml_error(path: Path | str, exc: ET.ParseError | LookupError | ValueError) -> ScreenInputError:
    """The error for an XML list file that does not parse (naming line and column, and saying when it
    looks truncated) or does not decode: one wording for every XML reader, whole-file or streamed."""
    if not isinstance(exc, ET.ParseError):
        return ScreenInputError(f"{path}: cannot decode XML: {exc}")
    line, col = exc.position
    truncated = "no element found" in str(exc) or "unclosed" in str(exc)
    hint = " (file truncated mid-record?)" if truncated else ""
    return ScreenInputError(f"{path}: malformed XML at line {line}, column {col}: {exc}{hint}")


def read_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256; a missing or empty file is the user's to fix."""
    path = Path(path)
    if not path.is_file():
        raise ScreenInputError(f"{path}: no such list file")
    data = path.read_bytes()
    if not data.strip(b" \r\n\x1a"):
        raise ScreenInputError(f"{path}: the file is empty")
    return data, hashlib.sha256(data).hexdigest()


def decode_text(data: bytes, path: Path | str, fallback: str | None = "cp1252") -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; else the publisher's legacy `fallback`.

    A text that still does not decode, or that holds NUL bytes (a binary or UTF-16 file without BOM),
    is refused rather than read as mojibake.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ScreenInputError(f"{path}: bad UTF-16 at byte {exc.start}") from None
    if b"\x00" in data:
        raise ScreenInputError(f"{path}: NUL bytes found; expected a UTF-8 text file (binary or UTF-16?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise ScreenInputError(
                f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save as UTF-8"
            ) from None
        try:
            return data.decode(fallback)
        except UnicodeDecodeError as exc2:
            raise ScreenInputError(
                f"{path}: unknown encoding: neither UTF-8 nor {fallback} (byte 0x{data[exc2.start]:02x} "
                f"at offset {exc2.start})"
            ) from None


_DAY_MON_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$")
_MON_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]* (\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(text: str) -> list[str]:
    """ISO dates (YYYY, YYYY-MM or YYYY-MM-DD) from list wording: '11 Sep 1965', 'circa 1960',
    '1960 to 1962' (every year of the range), '1965-09-11'. Unreadable text gives []."""
    text = text.strip().strip(".").replace("circa ", "").replace("approximately ", "").strip()
    if " to " in text:
        left, right = text.split(" to ", 1)
        a, b = parse_date(left), parse_date(right)
        if a and b and a[0][:4].isdigit() and b[0][:4].isdigit():
            y0, y1 = int(a[0][:4]), int(b[0][:4])
            if 0 <= y1 - y0 <= 20:
                return [str(y) for y in range(y0, y1 + 1)]
        return a + b
    if m := _DAY_MON_YEAR.match(text):
        mon = MONTHS.get(m.group(2).lower())
        if mon:
            try:
                return [date(int(m.group(3)), mon, int(m.group(1))).isoformat()]
            except ValueError:
                return [m.group(3)]
    if m := _MON_YEAR.match(text):
        mon = MONTHS.get(m.group(1).lower())
        return [f"{m.group(2)}-{mon:02d}"] if mon else [m.group(2)]
    if m := _ISO.match(text):
        return [m.group(0)]
    return []


def country_code(text: str) -> str | None:
    """ISO 3166 alpha-2 code (lower case) for a country name or code, via followthemoney; None if unknown."""
    from followthemoney.types import registry

    text = text.strip().strip(".")
    if not text:
        return None
    return registry.country.clean(text) or registry.country.clean(text.split("(")[0].strip())
