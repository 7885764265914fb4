"""UK Sanctions List CSV (FCDO, the only official UK list since 28 January 2026).

One row per name: rows sharing a `Unique ID` are one designation; `Name type` tells the primary name
from aliases and `Alias strength` marks weak aliases; `Name non-Latin script` keeps the original script.
"""

from __future__ import annotations

from pathlib import Path

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, country_code, parse_date, read_bytes
from hisab.screen.readers.tabular import dict_rows, split_list

REQUIRED = ("Unique ID", "Name 6", "Name type", "Designation Type")
TYPES = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


def read_uk_sl(path: Path) -> ListData:
    path = Path(path)
    data, sha = read_bytes(path)
    by_id: dict[str, ListEntity] = {}
    for n, row in enumerate(dict_rows(data, path, REQUIRED, skip_until="Unique ID"), start=2):
        uid = row["Unique ID"]
        if not uid:
            raise ScreenInputError(f"{path}: line {n}: empty Unique ID")
        schema = TYPES.get(row["Designation Type"].lower())
        if schema is None:
            raise ScreenInputError(f"{path}: line {n}: unknown Designation Type {row['Designation Type']!r}")
        ent = by_id.setdefault(uid, ListEntity("uk-sl", uid, schema, []))
        # Name 6 is the family name / whole entity name; Name 1-5 the given names.
        name = " ".join(p for p in [*(row.get(f"Name {i}", "") for i in range(1, 6)), row["Name 6"]] if p)
        if row.get("Name non-Latin script"):
            ent.original_script.append(row["Name non-Latin script"])
        if name:
            if row.get("Alias strength", "").lower() == "weak":
                ent.weak_aliases.append(name)
            elif row["Name type"].lower() == "primary name":
                ent.names.insert(0, name)
            else:
                ent.names.append(name)
        for d in split_list(row.get("D.O.B", "")):
            ent.birth_dates.extend(parse_date(_uk_date(d)))
        for c in split_list(row.get("Nationality(/ies)", "")):
            if code := country_code(c):
                ent.nationalities.append(code)
        ent.identifiers += split_list(row.get("Passport number", ""))
        ent.identifiers += split_list(row.get("National Identifier number", ""))
        if row.get("Regime Name"):
            ent.programs.append(row["Regime Name"])
        if row.get("Other Information"):
            ent.remarks.append(row["Other Information"])
        if row.get("Gender"):
            ent.gender = row["Gender"].lower()
    entities = []
    for uid, ent in by_id.items():
        if not ent.names and not ent.original_script:
            raise ScreenInputError(f"{path}: Unique ID {uid}: no name")
        for attr in ("names", "original_script", "weak_aliases", "birth_dates", "nationalities", "identifiers",
                     "programs", "remarks"):
            setattr(ent, attr, list(dict.fromkeys(getattr(ent, attr))))
        entities.append(ent)
    if not entities:
        raise ScreenInputError(f"{path}: no rows")
    return ListData("uk-sl", str(path), sha, entities)


def _uk_date(text: str) -> str:
    """UK dates are dd/mm/yyyy, with 'dd' or 'mm' for unknown parts."""
    parts = text.strip().split("/")
    if len(parts) == 3 and parts[2].isdigit():
        y, m, d = parts[2], parts[1], parts[0]
        if m.isdigit() and d.isdigit():
            return f"{y}-{int(m):02d}-{int(d):02d}"
        return f"{y}-{int(m):02d}" if m.isdigit() else y
    return text
