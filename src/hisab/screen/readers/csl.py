"""US Consolidated Screening List CSV (trade.gov): one row per listed party from eleven US lists.

Rows without an `entity_number` (lists other than OFAC's) get a stable id from their source and name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, country_code, parse_date, read_bytes
from hisab.screen.readers.tabular import dict_rows, split_list

REQUIRED = ("source", "entity_number", "type", "programs", "name", "alt_names")
TYPES = {"individual": "Person", "entity": "LegalEntity", "vessel": "Vessel", "aircraft": "Airplane", "": "LegalEntity"}


def read_us_csl(path: Path) -> ListData:
    path = Path(path)
    data, sha = read_bytes(path)
    entities = []
    for n, row in enumerate(dict_rows(data, path, REQUIRED), start=2):
        name = row["name"]
        if not name:
            raise ScreenInputError(f"{path}: line {n}: empty name")
        schema = TYPES.get(row["type"].lower())
        if schema is None:
            raise ScreenInputError(f"{path}: line {n}: unknown type {row['type']!r}")
        list_id = row["entity_number"] or hashlib.sha1(f"{row['source']}|{name}".encode()).hexdigest()[:12]
        ent = ListEntity("us-csl", list_id, schema, [name, *split_list(row["alt_names"])])
        ent.programs = split_list(row["programs"]) or [row["source"]]
        ent.remarks = [row["remarks"]] if row.get("remarks") else []
        ent.addresses = split_list(row.get("addresses", ""))
        for d in split_list(row.get("dates_of_birth", "")):
            ent.birth_dates.extend(parse_date(d))
        for c in split_list(row.get("nationalities", "")) + split_list(row.get("citizenships", "")):
            if code := country_code(c):
                ent.nationalities.append(code)
        ent.identifiers = [i.split(",")[1].strip() for i in split_list(row.get("ids", "")) if i.count(",") >= 1]
        entities.append(ent)
    if not entities:
        raise ScreenInputError(f"{path}: no rows")
    return ListData("us-csl", str(path), sha, entities)
