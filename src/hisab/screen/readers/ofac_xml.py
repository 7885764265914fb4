"""OFAC SDN advanced XML (`SDN_ADVANCED.XML`): one FtM-style entity per DistinctParty, streamed.

The advanced file carries what the legacy CSV hides in free text: names in their original scripts
(Arabic, Cyrillic) as separate DocumentedNames, low-quality ("weak") aliases flagged, birth dates,
nationalities and documents as structured features. The full file is over 100 MB, so it is read with
`iterparse` and every record is dropped once turned into an entity: memory grows with the entities
kept, never with the XML tree. `list_id` is the DistinctParty's FixedRef, OFAC's `ent_num`, so a
snapshot loaded from the XML compares with one loaded from `sdn.csv`.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, country_code, xml_error
from hisab.screen.readers.ofac_xml_refs import Refs, issue_date, local, period_dates, strip_ns

TYPES = {"individual": "Person", "entity": "LegalEntity", "vessel": "Vessel", "aircraft": "Airplane"}
# Person name parts in reading order; any other part type (entity, vessel, aircraft name) keeps file order.
PERSON_ORDER = ("First Name", "Middle Name", "Patronymic", "Matronymic", "Last Name", "Maiden Name", "Nickname")
RECORD_SECTIONS = ("Locations", "IDRegDocuments", "DistinctParties", "ProfileRelationships", "SanctionsEntries",
                   "SanctionsEntryLinks")
IDENTIFIER_FEATURES = ("call sign", "tail number", "serial number", "mmsi", "imo", "swift/bic")


class _HashingFile:
    """A file whose bytes are hashed as the parser reads them, so the file is read once."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f, self.sha = f, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        chunk = self.f.read(n)
        self.sha.update(chunk)
        return chunk


def looks_like_xml(path: Path) -> bool:
    """True when the file starts (after a byte-order mark and blanks) with '<': the kind is decided by
    content, since OFAC's downloads are often renamed."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(512)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[2:].replace(b"\x00", b"")
    return head.lstrip().startswith(b"<")


def read_ofac_sdn_xml(path: Path) -> ListData:
    """Every DistinctParty of an SDN advanced XML file as a `ListEntity`; raises `ScreenInputError`
    naming the record on malformed or truncated XML, unknown references or a party without a name."""
    path = Path(path)
    if not path.is_file():
        raise ScreenInputError(f"{path}: no such list file")
    if path.stat().st_size == 0:
        raise ScreenInputError(f"{path}: the file is empty")
    state = _Reader(path)
    with path.open("rb") as f:
        src = _HashingFile(f)
        state.run(src)
    if not state.entities:
        raise ScreenInputError(f"{path}: no DistinctParty records found")
    return ListData("ofac-sdn", str(path), src.sha.hexdigest(), state.entities, generated=state.generated,
                    warnings=state.warnings)


class _Reader:
    """One pass over the file: reference sets and documents first (the schema puts them first), then
    parties, then the sanctions entries that add programmes to parties already read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.refs = Refs(path)
        self.documents: dict[str, list[str]] = {}
        self.entities: list[ListEntity] = []
        self.by_profile: dict[str, ListEntity] = {}
        self.generated: str | None = None
        self.warnings: list[str] = []

    def run(self, src: _HashingFile) -> None:
        stack: list[ET.Element] = []
        try:
            for event, el in ET.iterparse(src, events=("start", "end")):
                if event == "start":
                    if not stack:
                        self._check_root(local(el.tag))
                    stack.append(el)
                    continue
                stack.pop()
                if len(stack) == 1 or (len(stack) == 2 and local(stack[1].tag) in RECORD_SECTIONS):
                    strip_ns(el)  # a top-level section, or a record of a section: handled, then dropped
                    self._handle(el, stack[-1] if len(stack) == 2 else None)
                    stack[-1].remove(el)
        except (ET.ParseError, LookupError, UnicodeError) as exc:
            raise xml_error(self.path, exc) from None
        if self.documents:
            orphan = next(iter(self.documents))
            raise ScreenInputError(f"{self.path}: IDRegDocument for IdentityID {orphan!r}: no such Identity")

    def _check_root(self, tag: str) -> None:
        if tag != "Sanctions":
            hint = " (OFAC's legacy sdn.xml: load sdn.csv or SDN_ADVANCED.XML)" if tag == "sdnList" else ""
            raise ScreenInputError(f"{self.path}: expected root element Sanctions, found {tag!r}{hint}")

    def _handle(self, el: ET.Element, section: ET.Element | None) -> None:
        tag = el.tag
        if section is None:
            if tag == "ReferenceValueSets":
                self.refs.add_value_sets(el)
            elif tag == "DateOfIssue":
                self.generated = issue_date(el)
            return
        if tag == "Location":
            self.refs.add_location(el)
        elif tag == "IDRegDocument":
            self._document(el)
        elif tag == "DistinctParty":
            ent = self._party(el)
            self.entities.append(ent)
        elif tag == "SanctionsEntry":
            self._entry(el)

    def _document(self, el: ET.Element) -> None:
        where = f"IDRegDocument {el.get('ID')}"
        self.refs.value("IDRegDocType", el.get("IDRegDocTypeID"), where)
        number = (el.findtext("IDRegistrationNo") or "").strip()
        if number:
            self.documents.setdefault(el.get("IdentityID", ""), []).append(number)

    def _party(self, el: ET.Element) -> ListEntity:
        ref = (el.get("FixedRef") or "").strip()
        if not ref:
            raise ScreenInputError(f"{self.path}: DistinctParty without FixedRef")
        where = f"DistinctParty {ref}"
        profile = el.find("Profile")
        if profile is None:
            raise ScreenInputError(f"{self.path}: {where}: no Profile")
        _, sub = self.refs.entry("PartySubType", profile.get("PartySubTypeID"), where)
        party_type = self.refs.value("PartyType", sub.get("PartyTypeID"), where)
        schema = TYPES.get(party_type.lower())
        if schema is None:
            raise ScreenInputError(f"{self.path}: {where}: unknown party type {party_type!r}")
        ent = ListEntity("ofac-sdn", ref, schema, [])
        primary: list[str] = []
        for identity in profile.findall("Identity"):
            primary.extend(self._names(ent, identity, where))
            ent.identifiers.extend(self.documents.pop(identity.get("ID", ""), []))
        ent.names = list(dict.fromkeys([*primary, *ent.names]))
        if not ent.names and not ent.original_script:
            raise ScreenInputError(f"{self.path}: {where}: empty name")
        comment = (el.findtext("Comment") or "").strip()
        ent.remarks = [comment] if comment else []
        for feature in profile.findall("Feature"):
            self._feature(ent, feature, where)
        for attr in ("original_script", "weak_aliases", "birth_dates", "nationalities", "countries", "identifiers"):
            setattr(ent, attr, list(dict.fromkeys(getattr(ent, attr))))
        self.by_profile[profile.get("ID", ref)] = ent
        return ent

    def _names(self, ent: ListEntity, identity: ET.Element, where: str) -> list[str]:
        """Every DocumentedName of the identity into names, weak aliases or original script; returns
        the primary Latin names, which come first."""
        groups = {g.get("ID", ""): self.refs.value("NamePartType", g.get("NamePartTypeID"), where)
                  for g in identity.iter("NamePartGroup")}
        primary: list[str] = []
        for alias in identity.findall("Alias"):
            self.refs.value("AliasType", alias.get("AliasTypeID"), where)
            weak = alias.get("LowQuality", "false").lower() == "true"
            for doc in alias.findall("DocumentedName"):
                parts: list[tuple[str, str]] = []
                latin = True
                for value in doc.iter("NamePartValue"):
                    gid = value.get("NamePartGroupID")
                    if gid not in groups:
                        raise ScreenInputError(f"{self.path}: {where}: unknown NamePartGroupID {gid!r}")
                    name, script = self.refs.entry("Script", value.get("ScriptID"), where)
                    latin = latin and (script.get("ScriptCode") or name).lower() in ("latn", "latin")
                    if text := " ".join((value.text or "").split()):
                        parts.append((groups[gid], text))
                if not parts:
                    self.warnings.append(f"{where}: DocumentedName {doc.get('ID')} is empty; skipped")
                    continue
                full = _compose(parts, ent.schema)
                if not latin:
                    ent.original_script.append(full)
                elif weak:
                    ent.weak_aliases.append(full)
                elif alias.get("Primary", "false").lower() == "true":
                    primary.append(full)
                else:
                    ent.names.append(full)
        return primary

    def _feature(self, ent: ListEntity, feature: ET.Element, where: str) -> None:
        kind = self.refs.value("FeatureType", feature.get("FeatureTypeID"), where).lower()
        for version in feature.findall("FeatureVersion"):
            locations = [self.refs.location(v.get("LocationID"), where) for v in version.findall("VersionLocation")]
            details = [self._detail(d, where) for d in version.findall("VersionDetail")]
            details = [d for d in details if d]
            if kind == "birthdate":
                ent.birth_dates.extend(period_dates(version.find("DatePeriod")))
            elif kind in ("nationality country", "citizenship country"):
                ent.nationalities.extend(c for loc in locations for c in loc.countries)
                ent.nationalities.extend(c for c in map(country_code, details) if c)
            elif kind == "gender" and details and ent.schema == "Person":
                ent.gender = details[0].lower()
            elif kind == "location":
                ent.addresses.extend(loc.address for loc in locations if loc.address)
                ent.countries.extend(c for loc in locations for c in loc.countries)
            elif kind.startswith("additional sanctions information") or kind == "title":
                ent.remarks.extend(details)
            elif "flag" in kind:
                ent.countries.extend(c for c in map(country_code, details) if c)
            elif any(word in kind for word in IDENTIFIER_FEATURES):
                ent.identifiers.extend(details)

    def _detail(self, el: ET.Element, where: str) -> str:
        if el.get("DetailReferenceID"):
            return self.refs.value("DetailReference", el.get("DetailReferenceID"), where)
        return " ".join((el.text or "").split())

    def _entry(self, el: ET.Element) -> None:
        where = f"SanctionsEntry {el.get('ID')}"
        ent = self.by_profile.get(el.get("ProfileID") or "")
        if ent is None:
            raise ScreenInputError(
                f"{self.path}: {where}: unknown ProfileID {el.get('ProfileID')!r} (no such DistinctParty)")
        for measure in el.findall("SanctionsMeasure"):
            kind = self.refs.value("SanctionsType", measure.get("SanctionsTypeID"), where)
            program = (measure.findtext("Comment") or "").strip()
            if kind.lower() == "program" and program and program not in ent.programs:
                ent.programs.append(program)


def _compose(parts: list[tuple[str, str]], schema: str) -> str:
    """'Karam TESTAWI' from last-name and first-name parts; other schemas keep the file's order."""
    if schema != "Person":
        return " ".join(text for _, text in parts)
    rank = {t: i for i, t in enumerate(PERSON_ORDER)}
    ordered = sorted(enumerate(parts), key=lambda p: (rank.get(p[1][0], len(rank)), p[0]))
    return " ".join(text for _, (_, text) in ordered)
