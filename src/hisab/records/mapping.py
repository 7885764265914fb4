"""Column mappings: which column of a source file holds which victim field.

A mapping is data (YAML), checked before any row is read. Built-in mappings live in
`records/mappings/<name>.yaml` and are chosen by name (`--mapping vdc-2015`); any other mapping is a file.

```yaml
name: my-list
columns:                 # role: column, or a list of alternative columns (the first present is used)
  record_id: ID
  name_ar: الاسم
  sex_age: Sex           # "Child - Female"
  date: [Date_of_Death, Disappearance_Date]
values:                  # the source's own words for a field (keys are matched case-insensitively)
  status: {Civilian: civilian, Unknown: unknown, "*": combatant}
unknown: {age: ["-1"]}   # values that mean "not known" for a field
constants: {fate: killed}
optional: [birth_date]   # fields whose column may be absent from some files
birth_year_in_age: true  # a year (e.g. 1962) in the age column is a year of birth, not an age
date_order: dmy          # how to read 01/02/2013 (dmy or mdy)
encoding: utf-8
sensitivity: {name_en: protected}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hisab.errors import MappingError
from hisab.records.fields import FATES, STATUSES
from hisab.store.models import Record
from hisab.store.sensitivity import parse_sensitivity

ROLES = (
    "record_id", "name", "name_ar", "name_en", "sex", "age", "age_group", "sex_age", "birth_date", "date",
    "place", "governorate", "cause", "status", "rank", "fate", "perpetrator", "witness_contact", "notes",
)
CONSTANT_ROLES = {"fate": FATES, "status": STATUSES}
_KEYS = {"name", "description", "columns", "optional", "values", "unknown", "constants", "date_order",
         "encoding", "sensitivity", "format", "sheet", "birth_year_in_age"}


@dataclass
class Mapping:
    """A validated mapping. `columns` maps a role to its candidate column names."""

    name: str
    columns: dict[str, list[str]]
    optional: frozenset[str] = frozenset()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    unknown: dict[str, frozenset[str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    date_order: str = "dmy"
    encoding: str | None = None
    sensitivity: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    description: str | None = None
    birth_year_in_age: bool = False

    def resolve(self, header: list[str], filename: str) -> dict[str, int]:
        """Column index of each mapped role in this file; a mapped column that is absent is an error."""
        positions = {name: i for i, name in enumerate(header)}
        resolved: dict[str, int] = {}
        missing = []
        for role, candidates in self.columns.items():
            found = next((positions[c] for c in candidates if c in positions), None)
            if found is None and role not in self.optional:
                missing.append(f"{role} -> {' or '.join(repr(c) for c in candidates)}")
            elif found is not None:
                resolved[role] = found
        if missing:
            raise MappingError(
                f"{filename}: mapped column(s) not in the file: {'; '.join(missing)}. "
                f"The file's columns are: {', '.join(repr(h) for h in header)}"
            )
        return resolved

    def to_dict(self) -> dict[str, Any]:
        """The mapping as stored with each source version, so an import can be reproduced."""
        return {
            "name": self.name, "columns": self.columns, "optional": sorted(self.optional),
            "values": self.values,
            "unknown": {k: sorted(v) for k, v in self.unknown.items()}, "constants": self.constants,
            "date_order": self.date_order, "encoding": self.encoding, "sensitivity": self.sensitivity,
            "sheet": self.sheet, "birth_year_in_age": self.birth_year_in_age,
        }


def builtin_mappings() -> list[str]:
    folder = resources.files("hisab.records") / "mappings"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_mapping(spec: str | Path | None, header: list[str] | None = None) -> Mapping:
    """A built-in mapping by name, a YAML file by path, or (None) one guessed from identical column names."""
    if spec is None:
        if header is None:
            raise MappingError("no mapping given")
        return _identity_mapping(header)
    text = str(spec)
    if text in builtin_mappings():
        data = (resources.files("hisab.records") / "mappings" / f"{text}.yaml").read_text("utf-8")
        return parse_mapping(yaml.safe_load(data), origin=f"built-in mapping {text!r}")
    path = Path(text)
    if not path.exists():
        raise MappingError(
            f"mapping {text!r} is neither a built-in mapping ({', '.join(builtin_mappings())}) nor a file"
        )
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"{path}: cannot read mapping: {exc}") from None
    return parse_mapping(data, origin=str(path))


def _identity_mapping(header: list[str]) -> Mapping:
    """With no mapping, columns named exactly like roles are used (e.g. name, sex, age, date)."""
    columns = {h: [h] for h in header if h in ROLES}
    if not columns:
        raise MappingError(
            f"no --mapping given and no column is named like a field ({', '.join(ROLES)}); "
            f"built-in mappings: {', '.join(builtin_mappings())}"
        )
    return Mapping(name="columns-as-named", columns=columns)


def parse_mapping(data: Any, origin: str) -> Mapping:
    """Validate mapping data; every problem is named with where it is."""
    if not isinstance(data, dict):
        raise MappingError(f"{origin}: a mapping must be a YAML mapping of keys, found {type(data).__name__}")
    unknown_keys = set(data) - _KEYS
    if unknown_keys:
        raise MappingError(f"{origin}: unknown key(s) {sorted(unknown_keys)}; allowed: {sorted(_KEYS)}")
    columns = _columns(data.get("columns"), origin)
    constants = {str(k): str(v) for k, v in (data.get("constants") or {}).items()}
    for role, value in constants.items():
        allowed = CONSTANT_ROLES.get(role)
        if allowed is None:
            raise MappingError(f"{origin}: constants may set {sorted(CONSTANT_ROLES)}, not {role!r}")
        if value not in allowed:
            raise MappingError(f"{origin}: constant {role}={value!r}; expected one of {', '.join(allowed)}")
    if not columns and not constants:
        raise MappingError(f"{origin}: the mapping maps no columns")
    values = {
        str(role): {str(k).strip().lower(): str(v) for k, v in table.items()}
        for role, table in (data.get("values") or {}).items()
    }
    for role, table in values.items():
        if role in CONSTANT_ROLES:
            bad = sorted({v for v in table.values() if v not in CONSTANT_ROLES[role]})
            if bad:
                raise MappingError(f"{origin}: values.{role} maps to {bad}; expected {CONSTANT_ROLES[role]}")
    order = str(data.get("date_order", "dmy"))
    if order not in ("dmy", "mdy"):
        raise MappingError(f"{origin}: date_order must be dmy or mdy, found {order!r}")
    sensitivity = {}
    record_fields = set(Record.__table__.columns.keys())
    for fld, level in (data.get("sensitivity") or {}).items():
        if fld not in record_fields:
            raise MappingError(f"{origin}: sensitivity for unknown field {fld!r}")
        try:
            sensitivity[str(fld)] = parse_sensitivity(str(level)).value
        except ValueError as exc:
            raise MappingError(f"{origin}: {exc}") from None
    optional = frozenset(str(r) for r in (data.get("optional") or []))
    if optional - set(columns):
        raise MappingError(f"{origin}: optional names unmapped field(s) {sorted(optional - set(columns))}")
    return Mapping(
        name=str(data.get("name") or Path(origin).stem),
        columns=columns,
        optional=optional,
        values=values,
        unknown={str(k): frozenset(str(x) for x in v) for k, v in (data.get("unknown") or {}).items()},
        constants=constants,
        date_order=order,
        encoding=data.get("encoding"),
        sensitivity=sensitivity,
        sheet=data.get("sheet"),
        description=data.get("description"),
        birth_year_in_age=bool(data.get("birth_year_in_age", False)),
    )


def _columns(raw: Any, origin: str) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise MappingError(f"{origin}: 'columns' must map field names to column names")
    columns = {}
    for role, cols in raw.items():
        if role not in ROLES:
            raise MappingError(f"{origin}: unknown field {role!r}; fields are: {', '.join(ROLES)}")
        if cols is None:
            continue
        names = [cols] if isinstance(cols, str) else cols
        if not isinstance(names, list) or not all(isinstance(c, str) and c for c in names):
            raise MappingError(f"{origin}: columns.{role} must be a column name or a list of them")
        columns[role] = names
    return columns
