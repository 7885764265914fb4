"""Turn one raw row into the normalised fields of a Record, or into the list of what is wrong with it.

The row itself is never changed: the importer stores it verbatim beside these fields. A normaliser is built
once per file from the mapping and the header, then called for every row; the parsers it calls cache their
answers, because victim lists repeat the same dates, places and sex/age strings thousands of times.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from hisab.records.dates import DAY, MONTH, YEAR, DateError, parse_date
from hisab.records.fields import (
    FATES,
    FieldError,
    age_group_of,
    birth_year_of,
    clean_label,
    clean_text,
    has_arabic,
    parse_age,
    parse_age_group,
    parse_sex,
    parse_sex_age,
    parse_status,
)
from hisab.records.mapping import Mapping

TEXT_ROLES = ("place", "governorate", "cause", "rank", "perpetrator", "witness_contact", "notes")
FIELDS = (
    "source_record_id", "name", "name_ar", "name_en", "sex", "age", "age_group", "birth_date", "birth_year",
    "date_earliest", "date_latest", "date_precision", "place", "governorate", "cause", "status", "rank",
    "fate", "perpetrator", "witness_contact", "notes",
)
EMPTY: dict[str, Any] = dict.fromkeys(FIELDS)

Problem = tuple[str | None, str]  # (column, message)


class RowNormaliser:
    """Callable: `normalise(values) -> (fields, problems)` for one file."""

    def __init__(self, mapping: Mapping, positions: dict[str, int], header: list[str], *, iso_dates: bool = False):
        self.mapping = mapping
        self.iso_dates = iso_dates  # SQLite keeps dates as ISO text: convert once here, not again on insert
        self.header = header
        self.width = len(header)
        self.base = dict(EMPTY, date_precision="unknown", status="unknown")
        self.base.update(mapping.constants)
        self._split_name = "name" in positions and not ({"name_ar", "name_en"} & positions.keys())
        self._handlers: dict[str, Callable[[dict[str, Any], Any], None]] = {
            "record_id": self._record_id, "name": self._name, "name_ar": self._text_as("name_ar"),
            "name_en": self._text_as("name_en"), "sex": self._sex, "sex_age": self._sex_age,
            "age": self._age, "age_group": self._age_group, "birth_date": self._birth_date,
            "date": self._date, "status": self._status, "fate": self._fate,
            **{role: self._label_as(role) for role in TEXT_ROLES},
        }
        # one step per mapped column, with everything a row needs resolved once per file
        self.steps = [
            (index, header[index], self._handlers[role], mapping.unknown.get(role),
             None if role == "status" else mapping.values.get(role))
            for role, index in positions.items()
        ]

    def __call__(self, values: list[Any]) -> tuple[dict[str, Any], list[Problem]]:
        if len(values) != self.width:
            return {}, [(None, f"the row has {len(values)} field(s); the header has {self.width}")]
        fields = self.base.copy()
        problems: list[Problem] = []
        for index, column, handler, unknown, table in self.steps:
            value = values[index]
            if (unknown or table) and isinstance(value, str):
                if unknown and value.strip() in unknown:
                    continue
                if table:
                    value = table.get(value.strip().lower(), value)
            try:
                handler(fields, value)
            except (FieldError, DateError) as exc:
                problems.append((column, str(exc)))
        if fields["age_group"] is None:
            fields["age_group"] = age_group_of(fields["age"])
        if fields["name"] is None:
            fields["name"] = fields["name_ar"] or fields["name_en"]
        return fields, problems

    # one handler per role ---------------------------------------------------------------------------

    def _record_id(self, fields: dict[str, Any], value: Any) -> None:
        fields["source_record_id"] = clean_text(value)

    def _name(self, fields: dict[str, Any], value: Any) -> None:
        name = clean_text(value)
        fields["name"] = name
        if name and self._split_name:
            fields["name_ar" if has_arabic(name) else "name_en"] = name

    def _text_as(self, key: str) -> Callable[[dict[str, Any], Any], None]:
        def handler(fields: dict[str, Any], value: Any) -> None:
            fields[key] = clean_text(value)

        return handler

    def _label_as(self, key: str) -> Callable[[dict[str, Any], Any], None]:
        def handler(fields: dict[str, Any], value: Any) -> None:
            fields[key] = clean_label(value) if isinstance(value, str) else clean_text(value)

        return handler

    def _sex(self, fields: dict[str, Any], value: Any) -> None:
        fields["sex"] = parse_sex(_text(value))

    def _sex_age(self, fields: dict[str, Any], value: Any) -> None:
        sex, group = parse_sex_age(_text(value))
        fields["sex"] = fields["sex"] or sex
        fields["age_group"] = fields["age_group"] or group

    def _age(self, fields: dict[str, Any], value: Any) -> None:
        if self.mapping.birth_year_in_age:
            year = birth_year_of(value)
            if year is not None:
                fields["birth_year"] = fields["birth_year"] or year
                return
        fields["age"] = parse_age(value)

    def _age_group(self, fields: dict[str, Any], value: Any) -> None:
        fields["age_group"] = parse_age_group(_text(value))

    def _birth_date(self, fields: dict[str, Any], value: Any) -> None:
        parsed = parse_date(value, self.mapping.date_order)
        fields["birth_date"] = self._day(parsed.earliest) if parsed.precision == DAY else None
        if parsed.precision in (DAY, MONTH, YEAR):
            fields["birth_year"] = parsed.earliest.year

    def _date(self, fields: dict[str, Any], value: Any) -> None:
        parsed = parse_date(value, self.mapping.date_order)
        fields["date_earliest"] = self._day(parsed.earliest)
        fields["date_latest"] = self._day(parsed.latest)
        fields["date_precision"] = parsed.precision

    def _day(self, day: date | None) -> date | str | None:
        return day.isoformat() if self.iso_dates and day is not None else day

    def _status(self, fields: dict[str, Any], value: Any) -> None:
        fields["status"] = parse_status(_text(value), self.mapping.values.get("status"))

    def _fate(self, fields: dict[str, Any], value: Any) -> None:
        text = _text(value).strip().lower()
        if not text:
            return
        if text not in FATES:
            raise FieldError(f"cannot read fate {value!r}; expected one of {', '.join(FATES)}")
        fields["fate"] = text


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
