"""OFAC SDN legacy CSV (`sdn.csv`) with the alias, address and overflow-remarks files beside it.

OFAC names files `sdn.csv`, `alt.csv`, `add.csv`, `sdn_comments.csv`; hisab's shared copies are named
`ofac_sdn_2021.csv`, `ofac_alt_2021.csv`, …: the companion of a file is found by replacing `sdn` in its
name. Dates of birth, nationality, gender, documents and weak a.k.a.s sit in the free-text remarks, so
they are pulled out with regexes. The files end with a ^Z byte; a last row cut short is refused.
Given an XML file instead (decided by content, not name), the kind reads OFAC's advanced XML.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, country_code, decode_text, parse_date, read_bytes
from hisab.screen.readers.ofac_xml import looks_like_xml, read_ofac_sdn_xml

SDN_COLUMNS = 12
TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "LegalEntity"}
_REMARK_SPLIT = re.compile(r";\s+")
_WEAK = re.compile(r"a\.k\.a\.\s+'([^']+)'")
_ID_PREFIXES = (
    "Passport", "alt. Passport", "National ID No.", "Identification Number", "Cedula No.", "Tax ID No.",
    "IMO", "Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Tail Number", "Registration Number",
    "Vessel Registration Identification", "Business Registration Number", "Registration ID", "SSN",
    "Driver's License No.",
)


def _null(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _rows(path: Path, columns: int, required: bool) -> list[list[str]]:
    """Rows of one OFAC CSV, checked for column count; a row cut short names its line."""
    if not path.is_file():
        if required:
            raise ScreenInputError(f"{path}: no such file")
        return []
    data, _ = read_bytes(path) if required else (path.read_bytes(), "")
    return _parse_rows(decode_text(data, path), path, columns)


def _parse_rows(text: str, path: Path, columns: int) -> list[list[str]]:
    text = text.rstrip("\x1a\r\n ")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != columns:
                raise ScreenInputError(
                    f"{path}: line {reader.line_num}: expected {columns} columns, found {len(row)}"
                    + (" (file truncated mid-record?)" if reader.line_num >= text.count("\n") else "")
                )
            if not row[0].strip().isdigit():
                raise ScreenInputError(
                    f"{path}: line {reader.line_num}: ent_num must be a number, found {row[0][:30]!r}"
                )
            rows.append(row)
    except csv.Error as exc:
        raise ScreenInputError(
            f"{path}: line {reader.line_num}: malformed CSV ({exc}); file truncated mid-record?"
        ) from None
    return rows


def companion(path: Path, part: str) -> Path:
    """`alt.csv` beside `sdn.csv`, or `ofac_alt_2021.csv` beside `ofac_sdn_2021.csv`."""
    name = path.name
    if "sdn" in name.lower():
        i = name.lower().rfind("sdn")
        return path.with_name(name[:i] + part + name[i + 3:])
    return path.with_name(f"{part}.csv")


def read_ofac_sdn(path: Path) -> ListData:
    """`sdn.csv` with its companions, or `SDN_ADVANCED.XML` when the file is XML."""
    path = Path(path)
    if looks_like_xml(path):
        return read_ofac_sdn_xml(path)
    data, sha = read_bytes(path)
    rows = _parse_rows(decode_text(data, path), path, SDN_COLUMNS)
    if not rows:
        raise ScreenInputError(f"{path}: no SDN records found")
    comments = {r[0]: r[1] for r in _rows(companion(path, "sdn_comments"), 2, False)}
    aliases: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(companion(path, "alt"), 5, False):
        aliases.setdefault(r[0], []).append((_null(r[2]).lower(), _null(r[3])))
    addresses: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(companion(path, "add"), 6, False):
        addresses.setdefault(r[0], []).append((", ".join(p for p in map(_null, r[2:5]) if p), _null(r[4])))
    entities = [_entity(r, aliases, addresses, comments, path) for r in rows]
    return ListData("ofac-sdn", str(path), sha, entities)


def _entity(row, aliases, addresses, comments, path) -> ListEntity:
    ent_num = row[0].strip()
    name = _null(row[1])
    if not name:
        raise ScreenInputError(f"{path}: ent_num {ent_num}: empty SDN_Name")
    schema = TYPES.get(_null(row[2]).lower())
    if schema is None:
        raise ScreenInputError(f"{path}: ent_num {ent_num}: unknown SDN_Type {row[2]!r}")
    remarks = _null(row[11]) + comments.get(ent_num, "")
    names = [_display(name, schema)]
    for alt_type, alt in aliases.get(ent_num, []):
        if alt and alt_type in ("aka", "fka", "nka", ""):
            names.append(_display(alt, schema))
    ent = ListEntity("ofac-sdn", ent_num, schema, list(dict.fromkeys(names)))
    ent.programs = [p.strip() for p in _null(row[3]).split("] [") if p.strip()]
    ent.remarks = [remarks] if remarks else []
    for addr, country in addresses.get(ent_num, []):
        if addr:
            ent.addresses.append(addr)
        if code := country_code(country):
            ent.countries.append(code)
    _parse_remarks(ent, remarks)
    ent.countries = list(dict.fromkeys(ent.countries))
    return ent


def _display(name: str, schema: str) -> str:
    """'AL-ASSAD, Bashar' → 'Bashar AL-ASSAD' for people; organisations keep their commas."""
    if schema == "Person" and name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and last:
            return f"{first} {last}"
    return name


def _parse_remarks(ent: ListEntity, remarks: str) -> None:
    ent.weak_aliases = _WEAK.findall(remarks)
    for part in _REMARK_SPLIT.split(remarks.rstrip(".")):
        part = part.strip()
        low = part.lower()
        if low.startswith(("dob ", "alt. dob ")):
            ent.birth_dates.extend(parse_date(part.split("DOB", 1)[-1]))
        elif low.startswith(("nationality ", "alt. nationality ", "citizen ", "alt. citizen ")):
            if code := country_code(part.split(" ", 1)[1] if not low.startswith("alt.") else part.split(" ", 2)[2]):
                ent.nationalities.append(code)
        elif low.startswith("gender "):
            ent.gender = part.split(" ", 1)[1].strip().lower()
        elif part.startswith(_ID_PREFIXES):
            number = part.split("(")[0]
            for prefix in sorted(_ID_PREFIXES, key=len, reverse=True):
                if number.startswith(prefix):
                    number = number[len(prefix):]
                    break
            number = number.strip(" :.")
            if number:
                ent.identifiers.append(number)
    ent.birth_dates = list(dict.fromkeys(ent.birth_dates))
    ent.nationalities = list(dict.fromkeys(ent.nationalities))
