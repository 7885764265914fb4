"""The one shape every list reader produces: an FtM-style entity with the fields screening needs.

Readers differ in what lists say (OFAC hides dates of birth in remarks, the UN keeps the original script,
the EU labels aliases strong or weak); after reading, everything is a `ListEntity`. `to_ftm()` gives the
FollowTheMoney form (`{id, schema, properties}`) that is stored and that nomenklatura can compare.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


@dataclass
class ListEntity:
    """A listed target. `names` are matchable (primary name first, then strong aliases); `weak_aliases`
    only count on an exact match (OFAC's guidance on "weak a.k.a."s)."""

    list_kind: str
    list_id: str
    schema: str
    names: list[str]
    weak_aliases: list[str] = field(default_factory=list)
    original_script: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: str | None = None
    identifiers: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return self.names[0] if self.names else (self.original_script or [""])[0]

    @property
    def matchable(self) -> list[str]:
        """Every name compared fuzzily: names, strong aliases and original-script forms, deduplicated."""
        return list(dict.fromkeys(n for n in [*self.names, *self.original_script] if n.strip()))

    def to_ftm(self) -> dict[str, Any]:
        props: dict[str, list[str]] = {
            "name": self.names[:1] + self.original_script,
            "alias": self.names[1:],
            "weakAlias": self.weak_aliases,
            "birthDate": self.birth_dates,
            "nationality": self.nationalities,
            "country": self.countries,
            "gender": [self.gender] if self.gender else [],
            "idNumber": self.identifiers,
            "program": self.programs,
            "notes": self.remarks,
            "address": self.addresses,
        }
        if self.schema != "Person":
            for key in ("birthDate", "nationality", "gender"):
                props.pop(key)
        if self.schema in ("Vessel", "Airplane"):  # FtM has no idNumber on assets
            props["registrationNumber"] = props.pop("idNumber")
        return {
            "id": f"{self.list_kind}-{self.list_id}",
            "schema": self.schema,
            "properties": {k: v for k, v in props.items() if v},
        }

    def digest(self) -> str:
        """Content hash: two snapshots with the same list id and digest hold the same entry."""
        blob = json.dumps(self.to_ftm(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()

    @classmethod
    def from_ftm(cls, list_kind: str, list_id: str, data: dict[str, Any]) -> ListEntity:
        props = data.get("properties", {})
        names = list(props.get("name", []))
        script = [n for n in names[1:] if not n.isascii()]
        latin = [names[0], *[n for n in names[1:] if n.isascii()]] if names else []
        gender = props.get("gender") or [None]
        return cls(
            list_kind=list_kind,
            list_id=list_id,
            schema=data.get("schema", "LegalEntity"),
            names=latin + list(props.get("alias", [])),
            weak_aliases=list(props.get("weakAlias", [])),
            original_script=script,
            birth_dates=list(props.get("birthDate", [])),
            nationalities=list(props.get("nationality", [])),
            countries=list(props.get("country", [])),
            gender=gender[0],
            identifiers=[*props.get("idNumber", []), *props.get("passportNumber", []),
                         *props.get("registrationNumber", []), *props.get("imoNumber", [])],
            programs=list(props.get("program", [])),
            remarks=list(props.get("notes", [])),
            addresses=list(props.get("address", [])),
        )
