"""UN Security Council consolidated list XML, keeping `NAME_ORIGINAL_SCRIPT` (mostly Arabic).

The original-script name is a matchable name in its own right: it is how the person is named in the
documents hisab holds. Alias quality `Low` is a weak alias (exact match only), as the UN itself advises.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, country_code, parse_date, read_bytes, xml_error


def _text(el: ET.Element | None, tag: str) -> str:
    if el is None:
        return ""
    child = el.find(tag)
    return (child.text or "").strip() if child is not None and child.text else ""


def parse_xml(data: bytes, path: Path) -> ET.Element:
    """Parse a whole XML document; a malformed or truncated file names the line and column."""
    try:
        return ET.parse(io.BytesIO(data)).getroot()
    except (ET.ParseError, LookupError, ValueError) as exc:
        raise xml_error(path, exc) from None


def read_un_sc(path: Path) -> ListData:
    path = Path(path)
    data, sha = read_bytes(path)
    root = parse_xml(data, path)
    if root.tag != "CONSOLIDATED_LIST":
        raise ScreenInputError(f"{path}: expected root element CONSOLIDATED_LIST, found {root.tag!r}")
    entities: list[ListEntity] = []
    for n, el in enumerate(root.iter("INDIVIDUAL"), start=1):
        entities.append(_individual(el, path, n))
    for n, el in enumerate(root.iter("ENTITY"), start=1):
        entities.append(_entity(el, path, n))
    if not entities:
        raise ScreenInputError(f"{path}: no INDIVIDUAL or ENTITY records found")
    return ListData("un-sc", str(path), sha, entities, generated=root.get("dateGenerated"))


_ORIGINAL = re.compile(r"\(?([^();]+?)\s*\(original script\)\)?")


def split_alias(raw: str) -> tuple[list[str], list[str], list[str]]:
    """UN aliases pack variants into one string: "HTS (هيئة تحرير الشام (original script); Hay'at …)".
    Returns the variants, the original-script names and the abbreviations (exact match only), apart."""
    scripts = [m.group(1).strip() for m in _ORIGINAL.finditer(raw)]
    rest = _ORIGINAL.sub(";", raw)
    names, abbreviations = [], []
    for part in re.split(r"[;()]", rest):
        part = part.strip(" ,.")
        if part.isupper() and len(part) <= 5 and names:
            abbreviations.append(part)
        elif len(part) > 1:
            names.append(part)
    return list(dict.fromkeys(names)) or [raw], scripts, abbreviations


def _ref(el: ET.Element, path: Path, n: int, what: str) -> str:
    ref = _text(el, "REFERENCE_NUMBER") or _text(el, "DATAID")
    if not ref:
        raise ScreenInputError(f"{path}: {what} #{n}: no REFERENCE_NUMBER or DATAID")
    return ref


def _common(ent: ListEntity, el: ET.Element, alias_tag: str) -> None:
    script = _text(el, "NAME_ORIGINAL_SCRIPT")
    if script:
        ent.original_script.append(script)
    for alias in el.findall(alias_tag):
        raw = _text(alias, "ALIAS_NAME")
        if not raw:
            continue
        names, scripts, abbreviations = split_alias(raw)
        ent.original_script.extend(scripts)
        ent.weak_aliases.extend(abbreviations)
        if _text(alias, "QUALITY").lower() == "low":
            ent.weak_aliases.extend(names)
        else:
            ent.names.extend(names)
    ent.original_script = list(dict.fromkeys(ent.original_script))
    ent.names = list(dict.fromkeys(ent.names))
    ent.programs = [_text(el, "UN_LIST_TYPE")] if _text(el, "UN_LIST_TYPE") else []
    ent.remarks = [c for c in [_text(el, "COMMENTS1")] if c]


def _individual(el: ET.Element, path: Path, n: int) -> ListEntity:
    ref = _ref(el, path, n, "INDIVIDUAL")
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name and not _text(el, "NAME_ORIGINAL_SCRIPT"):
        raise ScreenInputError(f"{path}: INDIVIDUAL {ref}: empty name")
    ent = ListEntity("un-sc", ref, "Person", [name] if name else [])
    _common(ent, el, "INDIVIDUAL_ALIAS")
    gender = _text(el, "GENDER").lower()
    ent.gender = gender or None
    for v in el.findall("NATIONALITY/VALUE"):
        if v.text and (code := country_code(v.text)):
            ent.nationalities.append(code)
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        if d := _text(dob, "DATE"):
            ent.birth_dates.extend(parse_date(d))
        elif y := _text(dob, "YEAR"):
            ent.birth_dates.append(y)
        elif (a := _text(dob, "FROM_YEAR")) and (b := _text(dob, "TO_YEAR")):
            ent.birth_dates.extend(parse_date(f"{a} to {b}"))
    for doc in el.findall("INDIVIDUAL_DOCUMENT"):
        if num := _text(doc, "NUMBER"):
            ent.identifiers.append(num)
    for addr in el.findall("INDIVIDUAL_ADDRESS"):
        if code := country_code(_text(addr, "COUNTRY")):
            ent.countries.append(code)
    ent.birth_dates = list(dict.fromkeys(ent.birth_dates))
    return ent


def _entity(el: ET.Element, path: Path, n: int) -> ListEntity:
    ref = _ref(el, path, n, "ENTITY")
    name = _text(el, "FIRST_NAME")
    if not name and not _text(el, "NAME_ORIGINAL_SCRIPT"):
        raise ScreenInputError(f"{path}: ENTITY {ref}: empty name")
    ent = ListEntity("un-sc", ref, "Organization", [name] if name else [])
    _common(ent, el, "ENTITY_ALIAS")
    for addr in el.findall("ENTITY_ADDRESS"):
        if code := country_code(_text(addr, "COUNTRY")):
            ent.countries.append(code)
    return ent
