"""EU Financial Sanctions Files XML (`xmlFullSanctionsList_1_1`, namespace http://eu.europa.ec/fpi/fsd/export).

`nameAlias@strong="false"` is a weak alias; `nameLanguage` other than Latin-script languages carries the
original script (the EU gives Arabic and Russian spellings for Syrian and Russian designations).
"""

from __future__ import annotations

from pathlib import Path

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, country_code, read_bytes
from hisab.screen.readers.un import parse_xml

NS = "{http://eu.europa.ec/fpi/fsd/export}"
TYPES = {"person": "Person", "enterprise": "Organization", "vessel": "Vessel"}


def read_eu_fsf(path: Path) -> ListData:
    path = Path(path)
    data, sha = read_bytes(path)
    root = parse_xml(data, path)
    if root.tag != f"{NS}export":
        raise ScreenInputError(f"{path}: expected root element export in namespace {NS[1:-1]}, found {root.tag!r}")
    entities = [_entity(el, path, n) for n, el in enumerate(root.iter(f"{NS}sanctionEntity"), start=1)]
    if not entities:
        raise ScreenInputError(f"{path}: no sanctionEntity records found")
    return ListData("eu-fsf", str(path), sha, entities, generated=root.get("generationDate"))


def _entity(el, path: Path, n: int) -> ListEntity:
    ref = el.get("euReferenceNumber") or el.get("logicalId")
    if not ref:
        raise ScreenInputError(f"{path}: sanctionEntity #{n}: no euReferenceNumber or logicalId")
    st = el.find(f"{NS}subjectType")
    schema = TYPES.get((st.get("code") if st is not None else "") or "", "LegalEntity")
    ent = ListEntity("eu-fsf", ref, schema, [])
    for alias in el.findall(f"{NS}nameAlias"):
        whole = (alias.get("wholeName") or "").strip() or " ".join(
            p for p in (alias.get("firstName"), alias.get("middleName"), alias.get("lastName")) if p
        )
        if not whole:
            continue
        if not whole.isascii() and any(ch.isalpha() and ord(ch) > 0x24F for ch in whole):
            ent.original_script.append(whole)
        elif alias.get("strong", "true").lower() == "false":
            ent.weak_aliases.append(whole)
        else:
            ent.names.append(whole)
        if alias.get("gender") and schema == "Person":
            ent.gender = {"M": "male", "F": "female"}.get(alias.get("gender", ""), ent.gender)
    if not ent.names and not ent.original_script:
        raise ScreenInputError(f"{path}: sanctionEntity {ref}: no name")
    for b in el.findall(f"{NS}birthdate"):
        if b.get("birthdate"):
            ent.birth_dates.append(b.get("birthdate", ""))
        elif b.get("year"):
            ent.birth_dates.append(b.get("year", ""))
    for c in el.findall(f"{NS}citizenship"):
        if code := country_code(c.get("countryIso2Code") or ""):
            ent.nationalities.append(code)
    for i in el.findall(f"{NS}identification"):
        if i.get("number"):
            ent.identifiers.append(i.get("number", ""))
    for r in el.findall(f"{NS}regulation"):
        if r.get("programme"):
            ent.programs.append(r.get("programme", ""))
    for r in el.findall(f"{NS}remark"):
        if r.text:
            ent.remarks.append(r.text.strip())
    ent.names = list(dict.fromkeys(ent.names))
    ent.programs = list(dict.fromkeys(ent.programs))
    return ent
